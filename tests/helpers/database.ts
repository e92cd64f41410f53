// A fresh, migrated database per test file: an in-memory PGlite by default, or a new database on
// the PostgreSQL server of DATABASE_URL (created here, dropped at teardown) so files can run in
// parallel without sharing rows.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { connectPostgres, openEmbedded, type DatabaseHandle } from '../../server/db/connection.ts';
import { migrate } from '../../server/db/migrator.ts';

export const onServer = Boolean(process.env['DATABASE_URL']);

export async function freshDatabase(opts: { migrate?: boolean } = {}): Promise<DatabaseHandle & { name: string }> {
  let handle: DatabaseHandle;
  let name = 'pglite:memory';
  let drop = async () => {};
  const url = process.env['DATABASE_URL'];
  if (url) {
    name = `hailong_t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const u = new URL(url);
    u.pathname = `/${name}`;
    handle = await connectPostgres(u.toString());
    drop = async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
  } else {
    handle = await openEmbedded(null);
  }
  if (opts.migrate !== false) await migrate(handle);
  const close = handle.close.bind(handle);
  return {
    ...handle,
    name,
    async close() {
      await close();
      await drop();
    },
  };
}

/** An empty database on the server of DATABASE_URL, for code that connects by URL itself (the CLI). */
export async function freshDatabaseUrl(): Promise<{ url: string; drop(): Promise<void> }> {
  const url = process.env['DATABASE_URL'];
  if (!url) throw new Error('freshDatabaseUrl needs DATABASE_URL');
  const name = `hailong_t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}
