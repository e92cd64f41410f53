// One canonical JSON for everything compared or hashed by content (response hashes, questionnaire
// definitions): object keys sorted by UTF-16 code unit, recursively; strings and keys NFC; undefined
// members dropped (undefined in arrays becomes null, as JSON.stringify does); dates as ISO strings.
// Response hashes depend on it: changing it turns replays into conflicts.

export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonicalValue(value));
}

// ASCII is already NFC; skipping normalize() for it (codes, keys, ISO dates) halves the hash's cost.
const ASCII = /^[\x00-\x7f]*$/;
const nfc = (s: string): string => (ASCII.test(s) ? s : s.normalize('NFC'));

function canonicalValue(value: unknown): unknown {
  if (typeof value === 'string') return nfc(value);
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : canonicalValue(v)));
  if (value instanceof Date) return value.toISOString();
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [nfc(k), v] as const)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [k, v] of entries) out[k] = canonicalValue(v);
    return out;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('non-finite number in canonical JSON');
  return value;
}
