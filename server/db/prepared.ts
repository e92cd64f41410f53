// Named prepared statements for the few queries every survey page repeats (the draft by its id, the
// page's save, the submission limit), on a PostgreSQL server: parsed and planned once per pooled
// connection instead of on every request. PostgreSQL spends about three quarters of such a query's
// time parsing and planning it (pgbench on this VM: 2,970 → 11,380 lookups/s of the draft, -M
// extended → prepared), and on a small machine that CPU is taken from the app.
//
// Opt-in, by query: a statement planned once is kept with a generic plan, which is right for a
// primary-key lookup or update and can be wrong for a query whose best plan depends on its
// parameters (a LIKE on an agency path), so results queries stay unprepared. On PGlite (one
// in-process session) nothing changes: the query runs as any other.
import { createHash } from 'node:crypto';
import type { Compilable, CompiledQuery, Kysely, PostgresPool, PostgresPoolClient, QueryResult } from 'kysely';
import type pg from 'pg';

// SQL texts of the opted-in queries and their statement names. A query of fixed shape compiles to
// one text; the cap guards against a caller whose text varies (an IN list), which would otherwise
// prepare without end.
const names = new Map<string, string>();
const MAX_STATEMENTS = 64;

/** The statement name of a text run through executePrepared(), if it was. */
export function statementName(sql: string): string | undefined {
  return names.get(sql);
}

/** Runs `query` on `db`, as a named prepared statement on a PostgreSQL server. */
export function executePrepared<DB, R>(db: Kysely<DB>, query: Compilable<R>): Promise<QueryResult<R>> {
  const compiled = query.compile();
  if (!names.has(compiled.sql) && names.size < MAX_STATEMENTS) names.set(compiled.sql, statementNameOf(compiled.sql));
  return db.executeQuery(compiled);
}

const statementNameOf = (sql: string) => `hl_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}`;

/**
 * A query of fixed shape, built and compiled once per database, run as a prepared statement: `build`
 * gets markers in place of its arguments, and each call sends the compiled text with the arguments
 * put where the markers went (Kysely spent about a fifth of a survey page's query time building and
 * compiling the same SQL again). The shape must not depend on the arguments; a parameter that is not
 * an argument (a constant in the builder) is kept as compiled.
 */
export function preparedQuery<DB, A extends unknown[], R>(
  build: (db: Kysely<DB>, ...args: A) => Compilable<R>,
): (db: Kysely<DB>, ...args: A) => Promise<QueryResult<R>> {
  const compiledFor = new WeakMap<object, { compiled: CompiledQuery<R>; slots: number[] }>();
  return (db, ...args) => {
    let c = compiledFor.get(db);
    if (!c) {
      const markers = args.map((_, i) => `\u0000hl-argument-${i}\u0000`);
      const compiled = build(db, ...(markers as A)).compile();
      c = { compiled, slots: compiled.parameters.map((p) => markers.indexOf(p as string)) };
      compiledFor.set(db, c);
      if (!names.has(compiled.sql) && names.size < MAX_STATEMENTS) names.set(compiled.sql, statementNameOf(compiled.sql));
    }
    const { compiled, slots } = c;
    return db.executeQuery({ ...compiled, parameters: slots.map((slot, i) => (slot < 0 ? compiled.parameters[i] : args[slot])) });
  };
}

/**
 * A pg Pool as Kysely's PostgresDialect sees it, whose connections send the opted-in texts with
 * their statement name (pg then parses them once per connection); everything else goes through as is.
 */
export function preparingPool(pool: pg.Pool): PostgresPool {
  return {
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect();
      // Kysely calls query(sql, parameters) for a query and query(cursor) for a stream; pg's own
      // overloads cannot express "either", hence the one cast.
      const query = (sqlOrCursor: string | pg.Submittable, parameters?: readonly unknown[]) => {
        if (typeof sqlOrCursor !== 'string') return client.query(sqlOrCursor);
        const name = statementName(sqlOrCursor);
        return client.query({ text: sqlOrCursor, values: [...(parameters ?? [])], ...(name ? { name } : {}) });
      };
      return { query: query as unknown as PostgresPoolClient['query'], release: () => client.release() };
    },
    end: () => pool.end(),
    // Kysely 0.29 reads the pool's options (to open a control connection when a query is cancelled).
    options: pool.options,
  };
}
