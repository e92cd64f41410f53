// The database of bench/dashboard, kept between runs because loading millions of responses is the
// slow part: it is reused when it was loaded completely with the same load parameters, and
// dropped and loaded again otherwise.
import { sql } from 'kysely';
import pg from 'pg';
import { connectPostgres } from '../../server/db/connection.ts';
import { migrate } from '../../server/db/migrator.ts';
import { rebuildResults } from '../../server/db/queries/results-write.ts';
import { load, type LoadTimes } from './load.ts';
import { createProvince } from './tree.ts';

// BENCH_DASHBOARD_DB: another database name, e.g. for several people benchmarking on one server.
const NAME = process.env['BENCH_DASHBOARD_DB'] ?? 'hailong_bench_dashboard';

export interface LoadParams {
  responses: number;
  agencies: number;
  months: number;
  sipasShare: number;
  seed: string;
  /** Bumped when the generator or the tree changes, so that old data is not reused for new figures. */
  generator: number;
}

export interface Stored {
  params: LoadParams;
  token: string;
  agencyCount: number;
  times: LoadTimes;
  loadedAt: string;
}

export function benchUrlOf(serverUrl: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${NAME}`;
  return u.toString();
}

async function admin<T>(serverUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

async function storedLoad(serverUrl: string): Promise<Stored | null> {
  const exists = await admin(serverUrl, (c) => c.query('select 1 from pg_database where datname = $1', [NAME]));
  if (exists.rowCount === 0) return null;
  const c = new pg.Client({ connectionString: benchUrlOf(serverUrl) });
  await c.connect();
  try {
    const r = await c.query<{ info: Stored }>(`select info from bench_dashboard_load`).catch(() => null);
    return r?.rows[0]?.info ?? null;
  } finally {
    await c.end();
  }
}

/** The loaded database for these parameters: reused, or (re)created and loaded. */
export async function prepare(
  serverUrl: string,
  params: LoadParams,
  opts: { fresh: boolean; years: string[]; lastYear: number },
  log: (line: string) => void,
): Promise<Stored> {
  const benchUrl = benchUrlOf(serverUrl);
  const previous = opts.fresh ? null : await storedLoad(serverUrl);
  // Compared key by key: jsonb does not keep the order the keys were written in.
  const same = previous && (Object.keys(params) as (keyof LoadParams)[]).every((k) => previous.params[k] === params[k]);
  if (previous && same) {
    log(`reusing ${NAME}: loaded ${previous.loadedAt} with the same parameters`);
    const database = await connectPostgres(benchUrl);
    try {
      const applied = await migrate(database);
      if (applied.length > 0) {
        // A new migration may have changed what the aggregates hold: recount so they match it.
        log(`applied migrations ${applied.join(', ')}; recounting the aggregates`);
        const t0 = performance.now();
        await rebuildResults(database.db);
        log(`rebuildResults: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
        await sql`vacuum analyze`.execute(database.db);
      }
    } finally {
      await database.close();
    }
    return previous;
  }
  log(`creating ${NAME} (${previous ? 'different parameters' : opts.fresh ? '--fresh' : 'none loaded'})`);
  await admin(serverUrl, async (c) => {
    await c.query(`drop database if exists ${NAME} with (force)`);
    await c.query(`create database ${NAME}`);
  });
  const database = await connectPostgres(benchUrl);
  try {
    await migrate(database);
    const { db } = database;
    // Written last: a load that stopped half-way leaves no row, and the next run starts over.
    await sql`create table bench_dashboard_load (info jsonb not null)`.execute(db);
    const t0 = performance.now();
    const province = await createProvince(db, params.agencies, opts.years, params.seed);
    log(
      `agency tree: ${province.agencyCount} agencies, ${province.agencies.length} receiving responses, in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    const times = await load(
      db,
      benchUrl,
      {
        seed: params.seed,
        responses: params.responses,
        from: `${opts.years[0]}-01-01`,
        to: `${opts.lastYear}-12-31`,
        sipasShare: params.sipasShare,
        sipasVersionId: province.sipasVersionId,
        quickVersionId: province.quickVersionId,
        campaigns: province.campaigns,
        agencies: province.agencies,
      },
      log,
    );
    const stored: Stored = { params, token: province.token, agencyCount: province.agencyCount, times, loadedAt: new Date().toISOString() };
    await sql`insert into bench_dashboard_load (info) values (${JSON.stringify(stored)}::jsonb)`.execute(db);
    return stored;
  } finally {
    await database.close();
  }
}
