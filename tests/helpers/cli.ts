// Running `hailong` commands in tests against a database of their own: the embedded one in a
// temporary DATA_DIR, or a fresh database on the server of DATABASE_URL. The CLI reads its
// configuration from the environment, as it does for a person at a terminal.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../server/cli/main.ts';
import { freshDatabaseUrl, onServer } from './database.ts';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

export async function cli(...argv: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Points the CLI at a fresh database and a temporary DATA_DIR for one test; returns the folder. */
export async function cliEnvironment(
  t: { teardown(fn: () => unknown): void },
  opts: { prefix: string; publicUrl?: string },
): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), `hailong-${opts.prefix}-`));
  process.env['DATA_DIR'] = dir;
  if (opts.publicUrl) {
    process.env['PUBLIC_URL'] = opts.publicUrl;
    t.teardown(() => {
      delete process.env['PUBLIC_URL'];
    });
  }
  if (onServer) {
    const fresh = await freshDatabaseUrl();
    process.env['DATABASE_URL'] = fresh.url;
    t.teardown(() => fresh.drop());
  }
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
