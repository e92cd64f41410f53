// N clients, each with its own keep-alive connection, posting responses back to back until the
// deadline. Every 10th request of a client resends its last acknowledged response unchanged (a
// deliberate replay), which must be answered 200 and store nothing; replayAll() resends a sample
// of acknowledged responses once more after the run.
import { RawClient } from './raw-client.ts';
import { sipasResponse } from './sipas.ts';

export interface LoadResult {
  /** Ids the server acknowledged with 201, in order; a duplicate here would be a double. */
  created: string[];
  replayed: number;
  replaysSent: number;
  /** Non-2xx answers by status, and transport errors. */
  refused: Record<string, number>;
  latenciesMs: number[];
  seconds: number;
  /** Some acknowledged bodies (the last few of each client), for a replay pass. */
  ackedBodies: string[];
}

export async function runLoad(opts: {
  port: number;
  token: string;
  servicePoint: string;
  clients: number;
  seconds: number;
  seedBase: number;
}): Promise<LoadResult> {
  const headers = `Authorization: Bearer ${opts.token}\r\nContent-Type: application/json\r\n`;
  const result: LoadResult = {
    created: [],
    replayed: 0,
    replaysSent: 0,
    refused: {},
    latenciesMs: [],
    seconds: opts.seconds,
    ackedBodies: [],
  };
  const started = performance.now();
  const deadline = started + opts.seconds * 1000;

  async function client(c: number): Promise<void> {
    let connection = new RawClient(opts.port);
    let n = 0;
    let lastAcked: string | null = null;
    const kept: string[] = [];
    while (performance.now() < deadline) {
      n++;
      const replay: boolean = lastAcked !== null && n % 10 === 0;
      const body: string = replay ? lastAcked! : JSON.stringify(sipasResponse(opts.seedBase + c * 100_000 + n, opts.servicePoint));
      const t0 = performance.now();
      try {
        const res = await connection.post('/api/v1/responses', headers, body);
        result.latenciesMs.push(performance.now() - t0);
        if (replay) result.replaysSent++;
        if (res.status === 201) {
          result.created.push((JSON.parse(res.body) as { id: string }).id);
          lastAcked = body;
          kept.push(body);
          if (kept.length > 8) kept.shift();
        } else if (res.status === 200 && replay) result.replayed++;
        else result.refused[res.status] = (result.refused[res.status] ?? 0) + 1;
      } catch (err) {
        const key = `error ${(err as NodeJS.ErrnoException).code ?? 'unknown'}`;
        result.refused[key] = (result.refused[key] ?? 0) + 1;
        connection.close();
        connection = new RawClient(opts.port);
      }
    }
    connection.close();
    result.ackedBodies.push(...kept);
  }

  await Promise.all(Array.from({ length: opts.clients }, (_, c) => client(c)));
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

/** Sends each body once more, concurrently; returns how many were answered with each status. */
export async function replayAll(opts: { port: number; token: string; clients: number }, bodies: string[]): Promise<Record<string, number>> {
  const headers = `Authorization: Bearer ${opts.token}\r\nContent-Type: application/json\r\n`;
  const statuses: Record<string, number> = {};
  let next = 0;
  await Promise.all(
    Array.from({ length: opts.clients }, async () => {
      const connection = new RawClient(opts.port);
      while (next < bodies.length) {
        const body = bodies[next++]!;
        const key = await connection.post('/api/v1/responses', headers, body).then(
          (r) => String(r.status),
          (err: NodeJS.ErrnoException) => `error ${err.code ?? 'unknown'}`,
        );
        statuses[key] = (statuses[key] ?? 0) + 1;
      }
      connection.close();
    }),
  );
  return statuses;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}
