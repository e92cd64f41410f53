// Hostile input for the fuzz run, from a seeded generator so that a failure can be replayed
// (FUZZ_SEED): strings with NUL, control characters, lone surrogates, emoji, right-to-left marks,
// huge lengths, markup, SQL and formula payloads; values of every JSON type, nested deep; objects
// mutated field by field; URL components percent-encoded from arbitrary bytes (invalid UTF-8 too).

/** mulberry32 over a string seed: small, fast, and the same sequence on every machine. */
export function generator(seed: string) {
  let h = 1779033703 ^ seed.length;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 3432918353);
  let a = h >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const chance = (p: number) => next() < p;

  const FIXED = [
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '\uD83D',
    '\uDE00x',
    'x\uD83D',
    '😀',
    'Cảm ơn 😀🇻🇳',
    '\u202Eabc',
    '\u0085',
    '\u2028',
    '\uFEFF',
    '\r\n',
    '\t',
    '\u0007\u001b[31m',
    '%00',
    '%',
    '%zz',
    '../../etc/passwd',
    "'; drop table responses; --",
    '<script>alert(1)</script>',
    '=1+1',
    'ok;=1+1',
    '@SUM(1)',
    '${7*7}',
    '{{7*7}}',
    '0',
    '-1',
    '1e308',
    'NaN',
    'Infinity',
    'null',
    'true',
    '2026-02-30',
    '2026-02-30T25:61:00+07:00',
    '9999-12-31T23:59:59Z',
    '1900-01-01T00:00:00Z',
    '0001-01-01T00:00:00+14:00',
    'ế',
    'Thành phố Nha Trang',
    '__proto__',
    'constructor',
    'hl_00000000_' + 'A'.repeat(43),
    'SP-D',
    'P-SIPAS',
    'sipas-2017',
    'counter-quick',
  ];
  const RANGES: [number, number][] = [
    [0x20, 0x7e],
    [0x00, 0x1f],
    [0x7f, 0x9f],
    [0xa0, 0x24f],
    [0x1ea0, 0x1ef9],
    [0xd800, 0xdfff],
    [0x2000, 0x206f],
    [0xfff0, 0xffff],
  ];

  function randomString(max = 40): string {
    const n = int(max);
    let s = '';
    for (let i = 0; i < n; i++) {
      if (chance(0.05)) {
        s += String.fromCodePoint(0x1f600 + int(80));
        continue;
      }
      const [lo, hi] = pick(RANGES);
      s += String.fromCharCode(lo + int(hi - lo + 1));
    }
    return s;
  }

  function hostileString(): string {
    const r = next();
    if (r < 0.45) return pick(FIXED);
    if (r < 0.85) return randomString();
    if (r < 0.95) return pick(FIXED) + randomString(10) + pick(FIXED);
    return pick(['a', 'ế', '😀', '\u0000', '='])!.repeat(pick([256, 5001, 20_001, 100_000]));
  }

  function hostileValue(depth = 0): unknown {
    const r = next();
    if (r < 0.45) return hostileString();
    if (r < 0.6) return pick([0, -1, 1, 4, 5, 1.5, -0, 1e308, -1e308, 2 ** 53 + 2, 1_000_001, 2 ** 31]);
    if (r < 0.67) return pick([true, false, null]);
    if (depth > 3 || r < 0.8) return Array.from({ length: int(4) }, () => hostileValue(depth + 1));
    if (r < 0.97) {
      const o: Record<string, unknown> = {};
      for (let i = int(4); i > 0; i--) o[hostileString().slice(0, 50)] = hostileValue(depth + 1);
      return o;
    }
    // Deep nesting.
    let v: unknown = 1;
    for (let i = 0; i < 200 + int(800); i++) v = [v];
    return v;
  }

  /** A copy of `base` with one to three fields set, removed or added. */
  function mutate(base: Record<string, unknown>): unknown {
    if (chance(0.03)) return hostileValue();
    const copy = structuredClone(base);
    for (let m = 1 + int(3); m > 0; m--) {
      const keys = Object.keys(copy);
      const r = next();
      if (r < 0.55 && keys.length > 0) copy[pick(keys)] = hostileValue();
      else if (r < 0.7 && keys.length > 0) delete copy[pick(keys)];
      else if (r < 0.85) copy[hostileString().slice(0, 40)] = hostileValue();
      else {
        // One level down (answers, background).
        const inner = keys.map((k) => copy[k]).find((v) => v && typeof v === 'object' && !Array.isArray(v)) as
          Record<string, unknown> | undefined;
        if (inner) {
          const innerKeys = Object.keys(inner);
          if (innerKeys.length > 0 && chance(0.6)) inner[pick(innerKeys)] = hostileValue();
          else inner[hostileString().slice(0, 120)] = hostileValue();
        }
      }
    }
    return copy;
  }

  /** A URL component: a hostile string percent-encoded byte by byte, or raw percent garbage. */
  function urlComponent(): string {
    const r = next();
    if (r < 0.15) return pick(['%', '%zz', '%00', '%ED%A0%80', '%C0%AF', '%FF%FE', '%25', '%2F..%2F', '%E1%BA%BF', '%0A']);
    const s = hostileString().slice(0, 300);
    let out = '';
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x2d || c === 0x2e) out += s[i];
      else if (c < 0x80) out += `%${c.toString(16).padStart(2, '0').toUpperCase()}`;
      else if (c < 0x800) out += pct([0xc0 | (c >> 6), 0x80 | (c & 63)]);
      // A surrogate, alone or in a pair, encoded as its three bytes (CESU-8): invalid UTF-8.
      else out += pct([0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63)]);
    }
    return out;
  }
  const pct = (bytes: number[]) => bytes.map((b) => `%${b.toString(16).padStart(2, '0').toUpperCase()}`).join('');

  /** An application/x-www-form-urlencoded body with hostile keys and values, invalid bytes included. */
  function formBody(fields: [string, string][]): string {
    return fields.map(([k, v]) => `${encodeLoose(k)}=${encodeLoose(v)}`).join('&');
  }
  const encodeLoose = (s: string) => {
    let out = '';
    for (const ch of s) {
      try {
        out += encodeURIComponent(ch);
      } catch {
        // A lone surrogate: sent as its CESU-8 bytes, which a decoder must survive.
        const c = ch.charCodeAt(0);
        out += pct([0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63)]);
      }
    }
    return out;
  };

  /** A CSV text: a header (kept, shuffled or broken) and rows of hostile fields, quoted or not. */
  function csvText(header: readonly string[], good: string[][]): string {
    const cols = chance(0.85) ? [...header] : header.map((h) => (chance(0.2) ? hostileString().slice(0, 30) : h));
    const field = (v: string) => (chance(0.5) ? `"${v.replace(/"/g, chance(0.9) ? '""' : '"')}"` : v);
    const rows: string[] = [cols.join(',')];
    for (let i = int(6); i >= 0; i--) {
      const base = chance(0.5) && good.length > 0 ? [...pick(good)] : cols.map(() => '');
      for (let m = int(3); m >= 0; m--) base[int(base.length)] = hostileString().slice(0, 200);
      if (chance(0.1)) base.push(hostileString().slice(0, 20));
      rows.push(base.map(field).join(','));
    }
    return (chance(0.2) ? '\uFEFF' : '') + rows.join(chance(0.5) ? '\r\n' : '\n') + (chance(0.5) ? '\n' : '');
  }

  return { next, int, pick, chance, hostileString, hostileValue, mutate, urlComponent, formBody, csvText };
}

export type Generator = ReturnType<typeof generator>;
