// Running `hailong` commands in tests against a database of their own (tests/helpers/database.ts),
// held open for the whole file: each command runs on that handle, as runCli does for a person at a
// terminal once it has opened the configured database, and the test looks into the same handle
// between commands. The rest of the configuration (DATA_DIR, PUBLIC_URL, the session secret, and
// DATABASE_URL naming the file's database on a server) comes from the environment, as at a terminal.
// Opening the configured database itself, the data-dir lock and the exit code 3 are covered by the
// tests that run the real entry points as processes (tests/cli/bin.test.ts, tests/server-process.test.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { runCli } from '../../server/cli/main.ts';
import type { Database } from '../../server/db/schema.ts';
import type { DemoResult } from '../../server/demo/create.ts';
import { demoDatabase, freshDatabase, type TestDatabase } from './database.ts';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

let current: TestDatabase | null = null;

/** Runs one command on the file's database (cliDatabase), collecting what it prints. */
export async function cli(...argv: string[]): Promise<CliRun> {
  if (!current) throw new Error('cli() needs cliDatabase() first');
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (s) => out.push(s), err: (s) => err.push(s) }, { database: current });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

export interface CliDatabase {
  /** The temporary DATA_DIR (demo accounts, files written by exports). */
  dataDir: string;
  database: TestDatabase;
  db: Kysely<Database>;
  /** What createDemo returned, with `demo: true`. */
  demo: DemoResult | null;
  /** Runs fn on the database the commands use. */
  look<T>(fn: (db: Kysely<Database>) => Promise<T>): Promise<T>;
}

const ENV = ['DATA_DIR', 'DATABASE_URL', 'PUBLIC_URL', 'SESSION_SECRET'] as const;

/** For a whole test file: the CLI's database (migrated, or holding the shared demo with `demo: true`) and a temporary DATA_DIR. */
export async function cliDatabase(
  t: { teardown(fn: () => unknown): void },
  prefix: string,
  opts: { publicUrl?: string; demo?: boolean } = {},
): Promise<CliDatabase> {
  if (current) throw new Error('one cliDatabase per test file');
  const saved = Object.fromEntries(ENV.map((k) => [k, process.env[k]]));
  const dataDir = mkdtempSync(join(tmpdir(), `hailong-${prefix}-`));
  const withDemo = opts.demo ? await demoDatabase() : null;
  const database = withDemo ?? (await freshDatabase());
  current = database;
  t.teardown(async () => {
    current = null;
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
    for (const k of ENV) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  });
  process.env['DATA_DIR'] = dataDir;
  if (database.url) process.env['DATABASE_URL'] = database.url;
  if (opts.publicUrl) process.env['PUBLIC_URL'] = opts.publicUrl;
  process.env['SESSION_SECRET'] = 'test-secret-test-secret-test-secret-0123456789';
  return {
    dataDir,
    database,
    db: database.db,
    demo: withDemo?.demo ?? null,
    look: (fn) => fn(database.db),
  };
}
