// The world the export tests share: one database for the app and the command line holding the
// shared demo province (templates.ts) with its counts current, the app over it, and read tokens for
// the province and for one of its departments.
import type { Kysely } from 'kysely';
import { findAgencyByCode } from '../../server/db/queries/agencies.ts';
import { createApiToken } from '../../server/db/queries/api-tokens.ts';
import { flushResults } from '../../server/db/queries/results-write.ts';
import type { Database } from '../../server/db/schema.ts';
import { buildTestApp } from './app.ts';
import { cliDatabase } from './cli.ts';

type Teardown = { teardown(fn: () => unknown): void };

export async function exportWorld(t: Teardown, name: string, prepare?: (db: Kysely<Database>) => Promise<void>) {
  const { dataDir, look, database, db } = await cliDatabase(t, name, { demo: true });
  await prepare?.(db);
  await flushResults(db);
  const { app } = await buildTestApp({ database });
  let open = true;
  /** Closes the app, so that the command line works on the database alone, as at a terminal. */
  const closeApp = async () => {
    if (!open) return;
    open = false;
    await app.close();
  };
  t.teardown(closeApp);
  const kha = (await findAgencyByCode(db, 'KHA'))!;
  const sxd = (await findAgencyByCode(db, 'KHA-SXD'))!;
  const read = (await createApiToken(db, { name: 'ministry', agencyId: kha.id, scope: 'read' })).token;
  const readSxd = (await createApiToken(db, { name: 'department', agencyId: sxd.id, scope: 'read' })).token;
  /** GET /api/v1/results with the province's token: the figures every export must repeat. */
  const apiResults = async (query: string) => {
    const res = await app.inject({ url: `/api/v1/results${query}`, headers: { authorization: `Bearer ${read}` } });
    if (res.statusCode !== 200) throw new Error(`GET /api/v1/results${query}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  return { dataDir, look, app, db, closeApp, kha, sxd, read, readSxd, apiResults };
}
