// Bulk load for bench/dashboard: responses streamed from the generator into `psql`'s \copy, then the
// aggregates recounted once with rebuildResults — the documented bulk path. The queue trigger is
// disabled for the COPY only (it would otherwise append every row to result_queue a second time, as
// a delta to apply one by one); every other trigger, check, foreign key and index stays on.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { sql, type Kysely } from 'kysely';
import { rebuildResults } from '../../server/db/queries/results-write.ts';
import type { Database } from '../../server/db/schema.ts';
import { COMMENT_COLUMNS, generate, RESPONSE_COLUMNS, type GeneratePlan } from './generate.ts';

export interface LoadTimes {
  copySeconds: number;
  commentsSeconds: number;
  rebuildSeconds: number;
  vacuumSeconds: number;
  comments: number;
}

/** Runs one psql meta-command that reads from psql's stdin, fed by `feed`. */
async function psqlCopy(url: string, command: string, feed: (stdin: NodeJS.WritableStream) => Promise<void>): Promise<void> {
  const child = spawn('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', command], { stdio: ['pipe', 'inherit', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = once(child, 'exit') as Promise<[number | null]>;
  try {
    await feed(child.stdin!);
  } finally {
    child.stdin!.end();
  }
  const [code] = await exited;
  if (code !== 0) throw new Error(`psql ${command.slice(0, 40)}… exited ${code}: ${stderr}`);
}

async function write(stream: NodeJS.WritableStream, chunk: string): Promise<void> {
  if (!stream.write(chunk)) await once(stream as unknown as NodeJS.EventEmitter, 'drain');
}

export async function load(db: Kysely<Database>, url: string, plan: GeneratePlan, log: (line: string) => void): Promise<LoadTimes> {
  const dir = mkdtempSync(join(tmpdir(), 'hailong-bench-dashboard-'));
  const commentsFile = join(dir, 'comments.tsv');
  const comments = createWriteStream(commentsFile);
  let commentRows = 0;
  let copySeconds = 0;
  await sql`alter table responses disable trigger responses_queue_results`.execute(db);
  try {
    const start = performance.now();
    let rows = 0;
    let lastReport = start;
    await psqlCopy(url, `\\copy responses (${RESPONSE_COLUMNS}) from pstdin`, async (stdin) => {
      for (const batch of generate(plan)) {
        await write(stdin, batch.responses);
        if (batch.comments) {
          await write(comments, batch.comments);
          commentRows += batch.comments.split('\n').length - 1;
        }
        rows += batch.rows;
        const now = performance.now();
        if (now - lastReport > 15_000) {
          lastReport = now;
          const s = (now - start) / 1000;
          log(`  … ${rows.toLocaleString('en')} rows sent in ${s.toFixed(0)} s (${Math.round(rows / s).toLocaleString('en')}/s)`);
        }
      }
    });
    copySeconds = (performance.now() - start) / 1000;
    log(
      `generate + COPY responses: ${plan.responses.toLocaleString('en')} rows in ${copySeconds.toFixed(1)} s (${Math.round(plan.responses / copySeconds).toLocaleString('en')} rows/s)`,
    );
  } finally {
    await sql`alter table responses enable trigger responses_queue_results`.execute(db);
    comments.end();
    await once(comments, 'close');
  }
  try {
    const c0 = performance.now();
    await psqlCopy(url, `\\copy response_comments (${COMMENT_COLUMNS}) from '${commentsFile}'`, async () => {});
    const commentsSeconds = (performance.now() - c0) / 1000;
    log(`COPY comments: ${commentRows.toLocaleString('en')} rows in ${commentsSeconds.toFixed(1)} s`);

    const r0 = performance.now();
    await rebuildResults(db);
    const rebuildSeconds = (performance.now() - r0) / 1000;
    log(`rebuildResults: ${rebuildSeconds.toFixed(1)} s (${Math.round(plan.responses / rebuildSeconds).toLocaleString('en')} responses/s)`);

    // What autovacuum would have done by the time anyone opens a dashboard: statistics for the
    // planner and a visibility map for index-only scans. Done now so the figures do not depend on
    // when it happens to run.
    const v0 = performance.now();
    for (const table of ['responses', 'response_comments', 'rollup_days', 'rollup_months', 'agencies']) {
      await sql`vacuum (analyze) ${sql.table(table)}`.execute(db);
    }
    const vacuumSeconds = (performance.now() - v0) / 1000;
    log(`vacuum analyze: ${vacuumSeconds.toFixed(1)} s`);
    return { copySeconds, commentsSeconds, rebuildSeconds, vacuumSeconds, comments: commentRows };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
