// The real app over a fresh database (or one holding the shared demo), for app.inject() tests.
import Fastify, { type FastifyInstance } from 'fastify';
import app, { serverOptions } from '../../server/app.ts';
import { loadConfig, type Config } from '../../server/config.ts';
import type { DatabaseHandle } from '../../server/db/connection.ts';
import type { DemoResult } from '../../server/demo/create.ts';
import { demoDatabase, freshDatabase } from './database.ts';
import { flushResults } from '../../server/db/queries/results-write.ts';

/** The configuration of a test's app, read from an environment as the server reads its own. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    ...loadConfig({
      DATABASE_URL: process.env['DATABASE_URL'],
      DATA_DIR: '/nonexistent-test-data-dir',
      HOST: '127.0.0.1',
      PORT: '0',
      SESSION_SECRET: 'test-secret-test-secret-test-secret-0123456789',
      PUBLIC_URL: 'http://127.0.0.1:3000',
      LOG_LEVEL: 'silent',
      TRUST_PROXY: 'false',
    }),
    ...overrides,
  };
}

/**
 * The app over opts.database (left open when the app closes), or over a database of its own that
 * closes with it: migrated, or holding the shared demo with `demo: true` (tests/helpers/templates.ts,
 * DEMO_TEMPLATE), whose accounts and passwords come back as `demo`.
 */
export async function buildTestApp(
  opts: { database?: DatabaseHandle; demo?: boolean; config?: Partial<Config> } = {},
): Promise<{ app: FastifyInstance; database: DatabaseHandle; demo: DemoResult | null }> {
  let demo: DemoResult | null = null;
  let database: DatabaseHandle;
  if (opts.database) database = opts.database;
  else if (opts.demo) ({ demo, ...database } = await demoDatabase());
  else database = await freshDatabase();
  const config = testConfig(opts.config);
  const fastify = Fastify({ ...serverOptions(config), logger: false });
  await fastify.register(app, { config, database, closeDatabase: !opts.database });
  // The app's decorators stay inside its plugin; tests reach the aggregator from outside.
  fastify.decorate('results', { flush: () => flushResults(database.db) });
  await fastify.ready();
  return { app: fastify, database, demo };
}
