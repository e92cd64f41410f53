// A database of its own for each test file: an in-memory PGlite by default, or a new database on
// the PostgreSQL server of DATABASE_URL (created here, dropped at teardown), so files can run in
// parallel without sharing rows. Each starts as a copy of a template (templates.ts): migrated, or
// migrated and holding the shared demo, so no file pays for initdb, the migrations or the demo.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { connectPostgres, openEmbedded, type DatabaseHandle } from '../../server/db/connection.ts';
import { migrate } from '../../server/db/migrator.ts';
import type { DemoResult } from '../../server/demo/create.ts';
import { createFromTemplate, databaseUrl, embeddedTemplate, forgetServerTemplate, serverTemplate, type TemplateKind } from './templates.ts';

// Read once: the CLI tests point DATABASE_URL at their own database afterwards (tests/helpers/cli.ts).
const SERVER_URL = process.env['DATABASE_URL'];
export const onServer = Boolean(SERVER_URL);

export interface TestDatabase extends DatabaseHandle {
  /** The database's name on the server, or 'pglite:memory'. */
  name: string;
  /** Its URL on the server; undefined on PGlite. */
  url: string | undefined;
}

const uniqueName = () => `hailong_t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;

async function adminQuery(url: string, fn: (admin: pg.Client) => Promise<void>) {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await fn(admin);
  } finally {
    await admin.end();
  }
}

/** A new database on the server of DATABASE_URL, copied from a template or empty. */
async function serverDatabase(url: string, kind: TemplateKind): Promise<{ name: string; demo: DemoResult | null }> {
  const name = uniqueName();
  for (let attempt = 0; ; attempt++) {
    const template = kind === 'empty' ? null : await serverTemplate(url, kind);
    try {
      await adminQuery(url, async (admin) => {
        if (template) await createFromTemplate(admin, name, template.name);
        else await admin.query(`create database ${name}`);
      });
      return { name, demo: template?.demo ?? null };
    } catch (err) {
      // 3D000: the template was swept by another run since this process looked it up; build it again.
      if ((err as { code?: string }).code !== '3D000' || kind === 'empty' || attempt > 0) throw err;
      forgetServerTemplate(kind);
    }
  }
}

async function openTestDatabase(kind: TemplateKind): Promise<TestDatabase & { demo: DemoResult | null }> {
  const url = SERVER_URL;
  let handle: DatabaseHandle;
  let name = 'pglite:memory';
  let own: string | undefined;
  let demo: DemoResult | null = null;
  let drop = async () => {};
  if (url) {
    ({ name, demo } = await serverDatabase(url, kind));
    own = databaseUrl(url, name);
    handle = await connectPostgres(own);
    drop = () => adminQuery(url, async (admin) => void (await admin.query(`drop database if exists ${name} with (force)`)));
  } else {
    const template = await embeddedTemplate(kind);
    demo = template.demo;
    handle = await openEmbedded(null, { loadDataDir: template.data });
  }
  // A no-op on a template, which is migrated already; kept so that a template can never lag behind.
  if (kind !== 'empty') await migrate(handle);
  const close = handle.close.bind(handle);
  return {
    ...handle,
    name,
    url: own,
    demo,
    async close() {
      await close();
      await drop();
    },
  };
}

/** A migrated database of the test's own (or an empty one with `migrate: false`). */
export async function freshDatabase(opts: { migrate?: boolean } = {}): Promise<TestDatabase> {
  return openTestDatabase(opts.migrate === false ? 'empty' : 'migrated');
}

/** A database of the test's own holding the shared demo (templates.ts, DEMO_TEMPLATE), and what createDemo returned for it. */
export async function demoDatabase(): Promise<TestDatabase & { demo: DemoResult }> {
  const database = await openTestDatabase('demo');
  if (!database.demo) throw new Error('the demo template has no demo result');
  return { ...database, demo: database.demo };
}
