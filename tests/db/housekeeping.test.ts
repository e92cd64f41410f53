// The housekeeping job deletes what only ages — expired sessions (which nothing deleted before
// issue 11), sign-in attempts past their use, old submission counters, contacts past the policy —
// wipes the answers of expired drafts (the row stays for the drop-off figures) and keeps the rest;
// of several instances only one sweeps at a time.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import t from 'tap';
import { runHousekeeping } from '../../server/db/queries/housekeeping.ts';
import { ensureBuiltInQuestionnaires, findQuestionnaireVersion } from '../../server/db/queries/questionnaires.ts';
import { freshDatabase } from '../helpers/database.ts';
import { createUser, staffTree } from '../helpers/staff.ts';

const database = await freshDatabase();
t.teardown(() => database.close());
const db = database.db;
const tree = await staffTree(db);
await ensureBuiltInQuestionnaires(db);
const version = (await findQuestionnaireVersion(db, 'counter-quick'))!;
const user = await createUser(db, { email: 'keep@p1.gov.vn', role: 'viewer', agencyId: tree.d1.id });

const now = new Date();
const ago = (ms: number) => new Date(now.getTime() - ms);
const DAY = 24 * 3600 * 1000;

async function seed() {
  const address = randomUUID();
  await db
    .insertInto('sessions')
    .values([
      { id_hash: `expired-${randomUUID()}`, user_id: user.id, expires_at: ago(1000) },
      { id_hash: `live-${randomUUID()}`, user_id: user.id, expires_at: new Date(now.getTime() + 3600_000) },
    ])
    .execute();
  const draft = (expires_at: Date) => ({
    id_hash: randomUUID(),
    response_id: randomUUID(),
    questionnaire_version_id: version.versionId,
    agency_id: tree.c1.id,
    province_id: tree.p1.id,
    expires_at,
  });
  await db
    .insertInto('survey_drafts')
    .values([draft(ago(1000)), draft(new Date(now.getTime() + 3600_000))])
    .execute();
  const attempt = (succeeded: boolean, at: Date) => ({ email: 'x@p1.gov.vn', ip: '192.0.2.1', succeeded, attempted_at: at });
  await db
    .insertInto('sign_in_attempts')
    .values([attempt(false, ago(2 * DAY)), attempt(false, ago(3600_000)), attempt(true, ago(10 * DAY)), attempt(true, ago(40 * DAY))])
    .execute();
  await db
    .insertInto('submission_counters')
    .values([
      { address_hash: address, minute: ago(2 * DAY), hits: 3 },
      { address_hash: address, minute: ago(60_000), hits: 1 },
    ])
    .execute();
}

const count = async (table: string) =>
  Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(db)).rows[0]!.n);

t.test('one sweep deletes exactly what has aged out', async (t) => {
  await seed();
  const counts = await runHousekeeping(db, now);
  t.same(counts, { sessions: 1, drafts: 1, contacts: 0, signInAttempts: 2, submissionCounters: 1 });
  t.equal(await count('sessions'), 1, 'the live session stays');
  const drafts = await db.selectFrom('survey_drafts').select(['expires_at', 'wiped_at']).orderBy('expires_at').execute();
  t.same(
    drafts.map((d) => d.wiped_at !== null),
    [true, false],
    'the expired draft is wiped and kept for the drop-off figures; the live draft stays as it was',
  );
  const attempts = await db.selectFrom('sign_in_attempts').select(['succeeded', 'attempted_at']).orderBy('attempted_at').execute();
  t.same(
    attempts.map((a) => a.succeeded),
    [true, false],
    'a success of ten days ago (it makes an address familiar) and a failure of an hour ago stay',
  );
  t.equal(await count('submission_counters'), 1, 'the counter of the last minute stays');
  t.same(
    await runHousekeeping(db, now),
    { sessions: 0, drafts: 0, contacts: 0, signInAttempts: 0, submissionCounters: 0 },
    'a second sweep finds nothing',
  );
});

t.test('one instance at a time', async (t) => {
  await seed();
  const url = process.env['DATABASE_URL'];
  if (database.kind === 'postgres' && url) {
    // Another instance is sweeping: it holds the lock in its own transaction on its own connection.
    const u = new URL(url);
    u.pathname = `/${database.name}`;
    const other = new pg.Client({ connectionString: u.toString() });
    await other.connect();
    try {
      await other.query('begin');
      await other.query('select pg_advisory_xact_lock(110002::bigint)');
      t.equal(await runHousekeeping(db, now), null, 'this one skips while the other holds the lock');
      await other.query('commit');
      t.ok(await runHousekeeping(db, now), 'and sweeps once it is free');
    } finally {
      await other.end();
    }
  } else {
    // The embedded database is one process and one session: two sweeps at once take turns.
    const both = await Promise.all([runHousekeeping(db, now), runHousekeeping(db, now)]);
    t.ok(both[0] && both[1], 'both ran');
    t.equal(both[0]!.sessions + both[1]!.sessions, 1, 'and the expired session was deleted once');
  }
});
