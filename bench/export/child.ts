// One export measured in a process of its own, so that its peak memory is the export's and nothing
// else's: `node --import tsx bench/export/child.ts <format> <database url> <query json> [include-responses]`.
// Writes the file into a sink that counts bytes and drops them (the network or a disk would add
// their own time), through runExport as the command line and the routes call it, and prints one
// JSON line: rows, bytes, milliseconds, peak RSS (VmHWM, and the largest of samples every 50 ms).
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { connectPostgres } from '../../server/db/connection.ts';
import { isFormat, runExport } from '../../server/exports/index.ts';
import { exportJob } from '../../server/exports/job.ts';
import { resolveQuery, ResultsQuery } from '../../server/results/params.ts';

const [format, url, queryJson, extra] = process.argv.slice(2);
if (!isFormat(format) || !url || !queryJson) {
  console.error('usage: child.ts csv|xlsx|pdf DATABASE_URL QUERY_JSON [responses]');
  process.exit(2);
}

/** The peak resident set size so far, from the kernel (bytes). */
function vmHwm(): number {
  const m = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}

let sampled = process.memoryUsage().rss;
const sampler = setInterval(() => {
  sampled = Math.max(sampled, process.memoryUsage().rss);
}, 50);

const database = await connectPostgres(url);
try {
  const query = ResultsQuery.parse(JSON.parse(queryJson));
  const resolved = await resolveQuery(database.db, { agencyId: -1, path: '/' }, query);
  if (!resolved.ok) throw new Error(`the selection does not resolve: ${JSON.stringify(resolved.problems)}`);
  const job = await exportJob(database.db, resolved, query, { locale: 'vi', madeBy: 'bench', includeResponses: extra === 'responses' });
  let bytes = 0;
  const sink = new Writable({
    highWaterMark: 64 * 1024,
    write(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      done();
    },
  });
  const rssBefore = process.memoryUsage().rss;
  const t0 = performance.now();
  const { rows } = await runExport(format, job, sink, { label: 'bench', via: 'cli' });
  sink.end();
  const ms = performance.now() - t0;
  clearInterval(sampler);
  sampled = Math.max(sampled, process.memoryUsage().rss);
  process.stdout.write(`${JSON.stringify({ format, rows, bytes, ms, rssBefore, peakRss: vmHwm(), sampledRss: sampled })}\n`);
} finally {
  clearInterval(sampler);
  await database.close();
}
