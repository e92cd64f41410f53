// Prepared statements for the survey's hottest queries: on a PostgreSQL server the opted-in query
// becomes a named statement of its connection and answers as before; a query built once with markers
// gets each call's arguments wherever they were used; on PGlite the same calls simply run.
import t from 'tap';
import { sql } from 'kysely';
import { findDraft, insertDraft } from '../../server/db/queries/drafts.ts';
import { executePrepared, preparedQuery, statementName } from '../../server/db/prepared.ts';
import { freshDatabase, onServer } from '../helpers/database.ts';
import { surveyWorld } from '../helpers/survey.ts';
import { findQuestionnaireVersion } from '../../server/db/queries/questionnaires.ts';

const database = await freshDatabase();
t.teardown(() => database.close());
const db = database.db;
const world = await surveyWorld(db);
const version = (await findQuestionnaireVersion(db, 'sipas-2017'))!;
const now = new Date();
for (const id of ['draft-a', 'draft-b']) {
  await insertDraft(db, {
    idHash: id,
    responseId: crypto.randomUUID(),
    questionnaireVersionId: version.versionId,
    campaignId: world.sipasCampaignId,
    agencyId: world.departmentId,
    servicePointId: null,
    provinceId: world.provinceId,
    locale: 'vi',
    dossierHash: null,
    startedAt: now,
    expiresAt: new Date(now.getTime() + 3600_000),
    firstPage: 1,
  });
}

t.test('the draft look-up, built once, answers each call with its own arguments', async (t) => {
  const a = await findDraft(db, 'draft-a', now);
  const b = await findDraft(db, 'draft-b', now);
  t.equal(a?.idHash, 'draft-a');
  t.equal(b?.idHash, 'draft-b');
  t.equal(a?.agencyCode, 'P-D', 'with its joins');
  t.equal(await findDraft(db, 'draft-a', new Date(now.getTime() + 7200_000)), undefined, 'the time is an argument too: expired then');
  t.equal(await findDraft(db, 'no-such', now), undefined);
});

t.test('a constant in the builder stays; the arguments go where their markers were', async (t) => {
  const q = preparedQuery((d: typeof db, code: string, limit: number) =>
    d.selectFrom('agencies').select('code').where('code', '=', code).where('depth', '>=', 0).limit(limit),
  );
  t.strictSame((await q(db, 'P-D', 5)).rows, [{ code: 'P-D' }]);
  t.strictSame((await q(db, 'P', 5)).rows, [{ code: 'P' }]);
  t.strictSame((await q(db, 'P', 0)).rows, [], 'the limit is an argument');
});

t.test('on a PostgreSQL server the query is a named statement of its connection; PGlite runs it as any query', async (t) => {
  const query = db.selectFrom('survey_drafts').select('id_hash').where('id_hash', '=', 'draft-a');
  const name = () => statementName(query.compile().sql);
  t.equal(name(), undefined, 'not before it is run so');
  // One connection for both, so that the statement is the one this session prepared.
  await db.connection().execute(async (c) => {
    t.strictSame((await executePrepared(c, query)).rows, [{ id_hash: 'draft-a' }]);
    t.strictSame((await executePrepared(c, query)).rows, [{ id_hash: 'draft-a' }], 'and again');
    t.match(name(), /^hl_[0-9a-f]{24}$/, 'it has a statement name');
    const prepared = await sql<{ name: string }>`select name from pg_prepared_statements`.execute(c);
    t.equal(
      prepared.rows.some((r) => r.name === name()),
      onServer,
      onServer ? 'prepared on the server connection' : 'PGlite, one in-process session, runs it unprepared',
    );
  });
});
