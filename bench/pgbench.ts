// pgbench, the baseline the write benchmarks measure against in the same run: found on the PATH or
// in the PostgreSQL server's own bin directory, run with a custom one-statement script for a number
// of clients and seconds, and its TPS and mean latency read from its report.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';

function pgbenchPath(): string {
  const found = spawnSync('sh', ['-c', 'command -v pgbench'], { encoding: 'utf8' }).stdout.trim();
  if (found) return found;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  const bundled = versions.map((v) => join(root, v, 'bin', 'pgbench')).find((p) => existsSync(p));
  if (bundled) return bundled;
  throw new Error('pgbench not found: install the PostgreSQL client tools (package postgresql-client or postgresql-contrib)');
}

/** `script` is pgbench's transaction script: here one committed statement per transaction. */
export function runPgbench(
  url: string,
  opts: { clients: number; seconds: number; script: string },
): { tps: number; latencyMs: number; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'hailong-bench-'));
  try {
    const file = join(dir, 'script.sql');
    writeFileSync(file, opts.script);
    const r = spawnSync(
      pgbenchPath(),
      [
        '-n',
        '-M',
        'prepared',
        '-c',
        String(opts.clients),
        '-j',
        String(Math.min(opts.clients, cpus().length)),
        '-T',
        String(opts.seconds),
        '-f',
        file,
        url,
      ],
      { encoding: 'utf8' },
    );
    if (r.status !== 0) throw new Error(`pgbench failed:\n${r.stderr}`);
    const tps = Number(/tps = ([\d.]+)/.exec(r.stdout)?.[1]);
    const latencyMs = Number(/latency average = ([\d.]+) ms/.exec(r.stdout)?.[1]);
    return { tps, latencyMs, output: r.stdout };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A single-row INSERT like the app's into `table` (made `like responses including all`), committed on its own. */
export function insertScript(
  table: string,
  row: { versionId: number; agencyId: number; servicePointId: number; provinceId: number; channel: string },
  answersJson: string,
): string {
  const answers = answersJson.replace(/'/g, "''");
  return (
    `insert into ${table} (id, questionnaire_version_id, campaign_id, agency_id, service_point_id, province_id, channel, submitted_at, received_at, locale, answers, content_hash, status) ` +
    `values (gen_random_uuid(), ${row.versionId}, null, ${row.agencyId}, ${row.servicePointId}, ${row.provinceId}, '${row.channel}', now(), now(), 'vi', '${answers}'::jsonb, md5(random()::text), 'valid');\n`
  );
}
