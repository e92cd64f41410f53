// The load of bench/survey, over the lean keep-alive client of bench/submit: N connections asking
// for one page back to back (as many phones opening the same QR code), and N citizens each walking
// the whole online survey — intro, start, every page read and answered, the review, the send and
// the thank-you — as a browser does it: cookies kept, the form's CSRF token sent back, redirects
// followed. Each simulated phone has its own address (X-Forwarded-For), as behind a proxy.
import { RawClient, type RawResponse } from '../submit/raw-client.ts';
import { percentile } from '../submit/load.ts';

export interface GetLoad {
  requests: number;
  /** Answers other than 200, by status, and transport errors. */
  failed: Record<string, number>;
  latenciesMs: number[];
  seconds: number;
}

export function summary(load: GetLoad): { perSecond: number; p50: number; p99: number } {
  const sorted = [...load.latenciesMs].sort((a, b) => a - b);
  return { perSecond: load.requests / load.seconds, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

/** A cookie jar for one simulated phone: what Set-Cookie says, sent back as one Cookie header. */
class Jar {
  #cookies = new Map<string, string>();

  take(res: RawResponse): void {
    for (const m of res.head.matchAll(/\r\nset-cookie: *([^=;\s]+)=([^;\r]*)([^\r]*)/gi)) {
      const gone = m[2] === '' || /max-age=0(?!\d)/i.test(m[3]!) || /expires=Thu, 01 Jan 1970/i.test(m[3]!);
      if (gone) this.#cookies.delete(m[1]!);
      else this.#cookies.set(m[1]!, m[2]!);
    }
  }

  header(): string {
    return this.#cookies.size === 0 ? '' : `Cookie: ${[...this.#cookies].map(([k, v]) => `${k}=${v}`).join('; ')}\r\n`;
  }
}

const location = (res: RawResponse) => /\r\nlocation: *([^\r]+)/i.exec(res.head)?.[1] ?? null;
const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

/** N connections GETting `path` (with each connection's own headers) until the deadline. */
export async function getLoad(opts: { port: number; path: string; headers: string[]; seconds: number }): Promise<GetLoad> {
  const result: GetLoad = { requests: 0, failed: {}, latenciesMs: [], seconds: opts.seconds };
  const started = performance.now();
  const deadline = started + opts.seconds * 1000;
  await Promise.all(
    opts.headers.map(async (headers) => {
      let client = new RawClient(opts.port);
      while (performance.now() < deadline) {
        const t0 = performance.now();
        try {
          const res = await client.get(opts.path, headers);
          result.latenciesMs.push(performance.now() - t0);
          if (res.status === 200) result.requests++;
          else result.failed[res.status] = (result.failed[res.status] ?? 0) + 1;
        } catch (err) {
          const key = `error ${(err as NodeJS.ErrnoException).code ?? 'unknown'}`;
          result.failed[key] = (result.failed[key] ?? 0) + 1;
          client.close();
          client = new RawClient(opts.port);
        }
      }
      client.close();
    }),
  );
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

/**
 * A page's answers as a satisfied citizen gives them: the fourth option of each radio group (or its
 * last, when shorter; the first for Có/Không, so that E5's criteria are asked), the first two boxes
 * of a checkbox group, a short comment.
 */
function answersOf(html: string): [string, string][] {
  const groups = new Map<string, { type: string; values: string[] }>();
  for (const m of html.matchAll(/<input type="(radio|checkbox)" id="[^"]*" name="([^"]+)" value="([^"]*)"/g)) {
    const g = groups.get(m[2]!) ?? { type: m[1]!, values: [] };
    g.values.push(m[3]!);
    groups.set(m[2]!, g);
  }
  const fields: [string, string][] = [];
  for (const [name, g] of groups) {
    if (name === 'place') continue;
    if (g.type === 'checkbox') for (const v of g.values.slice(0, 2)) fields.push([name, v]);
    else if (name === 'E5.0') fields.push([name, g.values[0]!]);
    else fields.push([name, g.values[Math.min(3, g.values.length - 1)]!]);
  }
  for (const m of html.matchAll(/<textarea id="[^"]*" name="([^"]+)"/g)) fields.push([m[1]!, 'Cán bộ nhiệt tình, cảm ơn.']);
  return fields;
}

const form = (fields: [string, string][]) => new URLSearchParams(fields).toString();
const FORM = 'Content-Type: application/x-www-form-urlencoded\r\n';

export interface Walk {
  /** The draft's cookie once started (a question page's GET needs it). */
  jar: Jar;
  requests: number;
  /** The page after the start, e.g. /s/CODE/p/1. */
  firstPage: string;
}

/**
 * One citizen from the intro to the thank-you page (or, with `stopAfterStart`, only to the start:
 * a draft under way, for the question page's load). Throws on anything a browser would not have got.
 */
export async function walk(client: RawClient, base: string, address: string, latencies: number[], stopAfterStart = false): Promise<Walk> {
  const jar = new Jar();
  const via = `X-Forwarded-For: ${address}\r\n`;
  let requests = 0;
  const send = async (method: 'GET' | 'POST', path: string, body: string | null, expect: number): Promise<RawResponse> => {
    const t0 = performance.now();
    const res = await client.request(method, path, `${via}${jar.header()}${body === null ? '' : FORM}`, body);
    latencies.push(performance.now() - t0);
    requests++;
    if (res.status !== expect) throw new Error(`${method} ${path}: ${res.status}, expected ${expect}`);
    jar.take(res);
    return res;
  };
  const intro = await send('GET', base, null, 200);
  const started = await send('POST', base, form([['_csrf', csrfOf(intro.body)]]), 303);
  const firstPage = location(started)!;
  if (stopAfterStart) return { jar, requests, firstPage };
  let next = firstPage;
  for (let i = 0; i < 30 && !next.endsWith('/review'); i++) {
    const page = await send('GET', next, null, 200);
    const saved = await send('POST', next, form([['_csrf', csrfOf(page.body)], ...answersOf(page.body)]), 303);
    next = location(saved)!;
  }
  const review = await send('GET', next, null, 200);
  const responseId = /name="response_id" value="([^"]+)"/.exec(review.body)?.[1] ?? '';
  const sent = await send(
    'POST',
    next,
    form([
      ['_csrf', csrfOf(review.body)],
      ['response_id', responseId],
    ]),
    303,
  );
  const thanks = location(sent)!;
  if (!thanks.endsWith('/thanks')) throw new Error(`the send went to ${thanks}`);
  await send('GET', thanks, null, 200);
  return { jar, requests, firstPage };
}

export interface FlowLoad {
  flows: number;
  requests: number;
  failed: Record<string, number>;
  latenciesMs: number[];
  seconds: number;
}

/** N citizens, each on its own connection, walking the whole survey again and again until the deadline. */
export async function flowLoad(opts: {
  port: number;
  base: string;
  clients: number;
  seconds: number;
  firstAddress: number;
}): Promise<FlowLoad> {
  const result: FlowLoad = { flows: 0, requests: 0, failed: {}, latenciesMs: [], seconds: opts.seconds };
  let next = opts.firstAddress;
  const started = performance.now();
  const deadline = started + opts.seconds * 1000;
  await Promise.all(
    Array.from({ length: opts.clients }, async () => {
      let client = new RawClient(opts.port);
      while (performance.now() < deadline) {
        const n = next++;
        const address = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
        try {
          const w = await walk(client, opts.base, address, result.latenciesMs);
          result.flows++;
          result.requests += w.requests;
        } catch (err) {
          const key = String((err as Error).message).slice(0, 80);
          result.failed[key] = (result.failed[key] ?? 0) + 1;
          client.close();
          client = new RawClient(opts.port);
        }
      }
      client.close();
    }),
  );
  result.seconds = (performance.now() - started) / 1000;
  return result;
}
