// One Kysely over either a PostgreSQL server (pg Pool) or the embedded PGlite in DATA_DIR.
// Both speak the same SQL, run the same migrations and get the same type parsing.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';
import { acquireDataDirLock } from './data-dir-lock.ts';
import { PGliteDialect, SessionMutex } from './pglite-dialect.ts';
import { preparingPool } from './prepared.ts';

export type DatabaseKind = 'postgres' | 'embedded';

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: DatabaseKind;
  /** Runs a multi-statement SQL script on one connection (migrations, schema resets). */
  exec(script: string): Promise<void>;
  close(): Promise<void>;
}

// Counts and ids fit comfortably in a JS number; numeric thresholds are fractions.
const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;
const parseInt8 = (v: string) => Number(v);
const parseNumeric = (v: string) => Number(v);
const keepDate = (v: string) => v;

export async function connectPostgres(url: string): Promise<DatabaseHandle> {
  const types = {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      if (oid === INT8) return parseInt8;
      if (oid === NUMERIC) return parseNumeric;
      if (oid === DATE) return keepDate;
      return pg.types.getTypeParser(oid, format);
    },
  };
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    types: types as pg.CustomTypesConfig,
    // A request waits this long for a connection — the server unreachable without refusing, or
    // every connection busy — then answers 503, instead of hanging until its client gives up.
    connectionTimeoutMillis: 10_000,
    // A peer that vanished without closing (a cut network) is noticed by the kernel, not never.
    keepAlive: true,
  });
  // A connection can fail while a request holds it between two statements (the server restarts,
  // pg_terminate_backend): pg then emits 'error' on the client, and an 'error' event nobody listens
  // to ends the process. The pool listens only to idle clients, so every client gets a listener of
  // its own for life; the statement in flight fails on its own, its request answers 503, and the
  // pool drops the broken client when it is released.
  pool.on('connect', (client) => {
    client.on('error', () => {});
    // Every session speaks UTC; day boundaries are computed explicitly in Asia/Ho_Chi_Minh. The
    // statement is queued before any other on this client.
    client.query(`set time zone 'UTC'`).catch(() => {});
  });
  pool.on('error', () => {
    // An idle client lost its server; the pool replaces it. /healthz reports the outage.
  });
  // The survey's hottest queries run as prepared statements (server/db/prepared.ts).
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }) });
  return {
    db,
    kind: 'postgres',
    async exec(script) {
      const client = await pool.connect();
      try {
        await client.query(script);
      } catch (err) {
        // A script that began a transaction and failed leaves this connection in an aborted
        // transaction: end it here, on the same connection, before the pool hands it out again.
        await client.query('rollback').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    async close() {
      await db.destroy();
    },
  };
}

/** An embedded database can also write its whole data directory out, to start others from it. */
export interface EmbeddedHandle extends DatabaseHandle {
  kind: 'embedded';
  dumpDataDir(compression?: 'none' | 'gzip'): Promise<Blob>;
}

/**
 * The embedded database in dataDir, or in memory when dataDir is null. In memory it can start from
 * a dump of another's data directory (`loadDataDir`) instead of running initdb: the tests' template
 * databases.
 */
export async function openEmbedded(dataDir: string | null, opts: { loadDataDir?: Blob } = {}): Promise<EmbeddedHandle> {
  let release = async () => {};
  // Loaded only here: PGlite's module costs ~75 MB of memory that a process on a server never needs.
  const { PGlite: Embedded } = await import('@electric-sql/pglite');
  let pglite: PGlite;
  const parsers = { [INT8]: parseInt8, [NUMERIC]: parseNumeric, [DATE]: keepDate };
  if (dataDir === null) {
    pglite = new Embedded({ parsers, ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}) });
  } else {
    mkdirSync(dataDir, { recursive: true });
    release = acquireDataDirLock(dataDir);
    try {
      pglite = new Embedded(join(dataDir, 'pglite'), { parsers });
      await pglite.waitReady;
    } catch (err) {
      await release();
      throw err;
    }
  }
  await pglite.exec(`set time zone 'UTC'`);
  const mutex = new SessionMutex();
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite, mutex) });
  return {
    db,
    kind: 'embedded',
    async dumpDataDir(compression = 'none') {
      // Between statements, like any other use of the session. A plain tar is ten times the size of
      // a gzipped one, and PGlite loads it with about two thirds of the CPU.
      return mutex.run(() => pglite.dumpDataDir(compression));
    },
    async exec(script) {
      // The rollback runs in the same turn of the session as the failed script; queued work
      // would otherwise land in its aborted transaction.
      await mutex.run(async () => {
        try {
          await pglite.exec(script);
        } catch (err) {
          await pglite.exec('rollback').catch(() => {});
          throw err;
        }
      });
    },
    async close() {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
      await release();
    },
  };
}

export function openDatabase(opts: { databaseUrl: string | undefined; dataDir: string }): Promise<DatabaseHandle> {
  return opts.databaseUrl ? connectPostgres(opts.databaseUrl) : openEmbedded(opts.dataDir);
}
