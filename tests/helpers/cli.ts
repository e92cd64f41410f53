// Running `hailong` commands in tests against a database of their own: the embedded one in a
// temporary DATA_DIR, or a fresh database on the server of DATABASE_URL. The CLI reads its
// configuration from the environment, as it does for a person at a terminal.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../server/cli/main.ts';
import { loadConfig } from '../../server/config.ts';
import { openDatabase, type DatabaseHandle } from '../../server/db/connection.ts';
import { migrate } from '../../server/db/migrator.ts';
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

/**
 * For a whole test file: the CLI's database, and a way to look into it between commands. On the
 * embedded database each look opens DATA_DIR (one opener at a time) and closes it after.
 */
export async function cliDatabase(
  t: { teardown(fn: () => unknown): void },
  prefix: string,
): Promise<{ dataDir: string; look<T>(fn: (db: DatabaseHandle['db']) => Promise<T>): Promise<T> }> {
  const dataDir = mkdtempSync(join(tmpdir(), `hailong-${prefix}-`));
  process.env['DATA_DIR'] = dataDir;
  process.env['SESSION_SECRET'] = 'test-secret-test-secret-test-secret-0123456789';
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
  if (onServer) {
    const fresh = await freshDatabaseUrl();
    process.env['DATABASE_URL'] = fresh.url;
    t.teardown(() => fresh.drop());
  }
  return {
    dataDir,
    async look(fn) {
      const handle = await openDatabase(loadConfig());
      try {
        await migrate(handle);
        return await fn(handle.db);
      } finally {
        await handle.close();
      }
    },
  };
}
