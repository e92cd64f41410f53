// The migrator on the current database (PGlite, or a fresh database on DATABASE_URL): each file
// applied once and recorded, nothing re-applied, concurrent migrators safe, a failure rolled back.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { sql, type Kysely } from 'kysely';
import { connectPostgres, type DatabaseHandle } from '../../server/db/connection.ts';
import { appliedMigrations, migrate, migrationFiles, pendingMigrations } from '../../server/db/migrator.ts';
import { freshDatabase, onServer } from '../helpers/database.ts';

async function tableExists(db: Kysely<any>, name: string): Promise<boolean> {
  const r = await sql<{ found: string | null }>`select to_regclass(${name})::text as found`.execute(db);
  return r.rows[0]?.found != null;
}

async function recorded(db: Kysely<any>): Promise<string[]> {
  const r = await sql<{ name: string }>`select name from schema_migrations order by name`.execute(db);
  return r.rows.map((row) => row.name);
}

t.test('an empty database gets every migration once, recorded', async (t) => {
  const database = await freshDatabase({ migrate: false });
  t.teardown(() => database.close());
  const files = migrationFiles();
  t.ok(files.length >= 1, 'there are migrations');
  t.ok(files.includes('0001_foundation.sql'), 'the foundation migration is one of them');

  t.strictSame(await pendingMigrations(database), files, 'all pending on an empty database');
  const applied = await migrate(database);
  t.strictSame(applied, files, 'migrate applies every file, in order');
  t.strictSame(await recorded(database.db), files, 'each recorded in schema_migrations');
  t.ok(await tableExists(database.db, 'agencies'), 'the schema exists');
  t.ok(await tableExists(database.db, 'responses'), 'the schema exists (responses)');

  t.strictSame(await migrate(database), [], 'running again applies nothing');
  t.strictSame(await appliedMigrations(database), files, 'and records nothing more');
  t.strictSame(await pendingMigrations(database), [], 'nothing pending');
});

t.test('two migrators at once neither fail nor apply anything twice', async (t) => {
  const database = await freshDatabase({ migrate: false });
  const files = migrationFiles();

  // On a server the two migrators are separate pools, like two app instances starting together;
  // the embedded database has one connection per process, so there they share it.
  let a: DatabaseHandle = database;
  let b: DatabaseHandle = database;
  if (onServer) {
    const url = new URL(process.env['DATABASE_URL']!);
    url.pathname = `/${database.name}`;
    a = await connectPostgres(url.toString());
    b = await connectPostgres(url.toString());
  }
  // The pools go before the database is dropped, whatever happened.
  t.teardown(async () => {
    if (a !== database) await a.close();
    if (b !== database) await b.close();
    await database.close();
  });

  // Both are awaited to the end even when one fails, so that nothing runs after the teardown.
  const [first, second] = await Promise.allSettled([migrate(a), migrate(b)]);
  const problem = (r: PromiseSettledResult<string[]>) => (r.status === 'rejected' ? String((r.reason as Error).message) : 'ok');
  t.equal(first.status, 'fulfilled', `the first migrator succeeds (${problem(first)})`);
  t.equal(second.status, 'fulfilled', `the second migrator succeeds (${problem(second)})`);
  const applied = [first, second].flatMap((r) => (r.status === 'fulfilled' ? r.value : []));
  t.strictSame(applied.sort(), files, 'together they applied each file exactly once');
  t.strictSame(await recorded(database.db), files, 'each recorded once');
  t.strictSame(await migrate(a), [], 'afterwards nothing is pending');
});

t.test('a failing migration is rolled back completely and not recorded', async (t) => {
  const database = await freshDatabase({ migrate: false });
  t.teardown(() => database.close());
  const dir = mkdtempSync(join(tmpdir(), 'hailong-migrations-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, '0001_good.sql'), 'create table mig_good (id integer primary key);\n');
  writeFileSync(
    join(dir, '0002_broken.sql'),
    `create table mig_broken (id integer primary key);
     insert into mig_good (id) values (1);
     select * from table_that_does_not_exist;
    `,
  );
  writeFileSync(join(dir, '0003_after.sql'), 'create table mig_after (id integer);\n');
  writeFileSync(join(dir, 'notes.txt'), 'not a migration: ignored\n');

  t.strictSame(migrationFiles(dir), ['0001_good.sql', '0002_broken.sql', '0003_after.sql'], 'only NNNN_name.sql files count');
  await t.rejects(migrate(database, dir), /migration 0002_broken\.sql failed/, 'the failure names the file');

  t.strictSame(await recorded(database.db), ['0001_good.sql'], 'only the good migration is recorded');
  t.ok(await tableExists(database.db, 'mig_good'), 'the good migration stays applied');
  t.notOk(await tableExists(database.db, 'mig_broken'), 'the broken migration left no table');
  const rows = await sql<{ n: number }>`select count(*)::int as n from mig_good`.execute(database.db);
  t.equal(rows.rows[0]?.n, 0, 'nor any row');
  t.notOk(await tableExists(database.db, 'mig_after'), 'later migrations were not applied');

  // The connection is usable after the failure, and a fixed file applies forward.
  writeFileSync(join(dir, '0002_broken.sql'), 'create table mig_broken (id integer primary key);\n');
  t.strictSame(await migrate(database, dir), ['0002_broken.sql', '0003_after.sql'], 'fixing forward applies the rest');
  t.ok(await tableExists(database.db, 'mig_broken'), 'now the table exists');
});
