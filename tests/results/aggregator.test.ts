// Invariant 4: the aggregate tables equal a recount from raw responses, after inserts, status
// changes both ways, a correction of answers, a deletion, an agency moved to another parent and
// workers running at the same time. Then the indices the service computes from the aggregates equal
// the engine's indices on counts taken straight from raw responses.
import t from 'tap';
import { sql } from 'kysely';
import { findAgencyByCode, moveAgency } from '../../server/db/queries/agencies.ts';
import { drainResultQueue, flushResults, rebuildResults, rebuildSubtreeRollups } from '../../server/db/queries/results-write.ts';
import { createDemo } from '../../server/demo/create.ts';
import { computeIndices } from '../../server/domain/indices.ts';
import { agencyResults } from '../../server/results/service.ts';
import { selectQuestionnaire } from '../../server/results/selection.ts';
import { freshDatabase } from '../helpers/database.ts';
import { expectedTables, rawCounts, reportable, storedTables, vnDay } from '../helpers/recount.ts';

const NOW = new Date('2026-11-20T03:00:00Z');
const database = await freshDatabase();
t.teardown(() => database.close());
const { db } = database;
await createDemo(db, { responses: 1200, now: NOW, seed: 'recount' });

async function agree(t: { ok(v: unknown, m: string): void; same(a: unknown, b: unknown, m: string): void }, label: string) {
  const agencies = await db.selectFrom('agencies').select(['id', 'path']).execute();
  const paths = new Map(agencies.map((a) => [Number(a.id), a.path]));
  const expected = expectedTables(await reportable(db), (id) => paths.get(id)!);
  const stored = await storedTables(db);
  for (const table of ['answers', 'responses', 'monthAnswers', 'monthResponses'] as const) {
    const e = [...expected[table].entries()].sort();
    const s = [...stored[table].entries()].sort();
    t.ok(e.length > 0, `${label}: ${table} is not empty`);
    t.same(s, e, `${label}: ${table} equals the recount`);
  }
}

t.test('after the demo is created and the queue drained', async (t) => {
  t.ok((await flushResults(db)) > 0, 'the demo queued deltas');
  await agree(t, 'demo');
});

t.test('after status changes, a correction, a deletion and concurrent workers', async (t) => {
  const ids = (await db.selectFrom('responses').select('id').where('status', '=', 'valid').orderBy('id').limit(40).execute()).map(
    (r) => r.id,
  );
  await db
    .updateTable('responses')
    .set({ status: 'flagged', status_reason: 'test: too fast' })
    .where('id', 'in', ids.slice(0, 10))
    .execute();
  await db
    .updateTable('responses')
    .set({ status: 'excluded', status_reason: 'test: duplicate' })
    .where('id', 'in', ids.slice(10, 15))
    .execute();
  // Back to valid: counted again.
  await db.updateTable('responses').set({ status: 'valid', status_reason: null }).where('id', 'in', ids.slice(0, 3)).execute();
  // A correction of answers (as paper keying does) moves counts from one value to another.
  const one = await db.selectFrom('responses').select(['id', 'answers']).where('id', '=', ids[20]!).executeTakeFirstOrThrow();
  const answers = { ...(one.answers as Record<string, unknown>) };
  for (const key of Object.keys(answers)) if (/^E\d\.\d$/.test(key)) answers[key] = answers[key] === 5 ? 1 : 5;
  await db
    .updateTable('responses')
    .set({ answers: JSON.stringify(answers) })
    .where('id', '=', one.id)
    .execute();
  // A change that does not touch what is counted queues nothing.
  const before = Number((await sql<{ n: string }>`select count(*) as n from result_queue`.execute(db)).rows[0]!.n);
  await db.updateTable('responses').set({ status_reason: null }).where('id', '=', ids[30]!).execute();
  const after = Number((await sql<{ n: string }>`select count(*) as n from result_queue`.execute(db)).rows[0]!.n);
  t.equal(after, before, 'an irrelevant update queues no delta');
  // A deletion takes the response's counts away.
  await sql`delete from response_comments where response_id = ${ids[35]!}::uuid`.execute(db);
  await sql`delete from kiosk_ratings where response_id = ${ids[35]!}::uuid`.execute(db);
  await sql`delete from response_dossiers where response_id = ${ids[35]!}::uuid`.execute(db);
  await sql`delete from response_entries where response_id = ${ids[35]!}::uuid`.execute(db);
  await sql`delete from responses where id = ${ids[35]!}::uuid`.execute(db);
  // Several workers at once, in small batches: skip locked shares the queue out between them.
  const applied = await Promise.all([drainResultQueue(db, 7), drainResultQueue(db, 7), drainResultQueue(db, 7)]);
  t.ok(applied.reduce((s, n) => s + n, 0) > 0);
  await flushResults(db);
  await agree(t, 'changes');
});

t.test('after an agency moves, the rollups follow the tree', async (t) => {
  const unit = (await findAgencyByCode(db, 'KHA-SXD'))!;
  const newParent = (await findAgencyByCode(db, 'NTH'))!;
  await db.transaction().execute(async (trx) => {
    await moveAgency(trx, unit.id, newParent.id);
    await rebuildSubtreeRollups(trx);
  });
  await flushResults(db);
  await agree(t, 'moved');
});

t.test('a rebuild from raw responses gives the same tables', async (t) => {
  await rebuildResults(db);
  await agree(t, 'rebuilt');
});

t.test('a rebuild of one province and some months repairs what was lost there', async (t) => {
  const kha = (await findAgencyByCode(db, 'KHA'))!;
  // Lose rows of two months (day rows and month rows), as a bad restore might.
  await sql`delete from rollup_days where day >= '2026-03-01' and day < '2026-05-01'`.execute(db);
  await sql`delete from rollup_months where month = '2026-04-01'`.execute(db);
  await rebuildResults(db, { provinceId: kha.id, from: '2026-03', to: '2026-04' });
  await agree(t, 'province and months rebuilt');
});

t.test('indices from the aggregates equal indices from raw responses', async (t) => {
  const kha = (await findAgencyByCode(db, 'KHA'))!;
  const sipas = await db.selectFrom('questionnaires').select('id').where('code', '=', 'sipas-2017').executeTakeFirstOrThrow();
  const selection = await selectQuestionnaire(db, Number(sipas.id));
  const raw = await reportable(db);
  const paths = new Map((await db.selectFrom('agencies').select(['id', 'path']).execute()).map((a) => [Number(a.id), a.path]));
  // Whole months (rollups), months with ragged ends (rollups plus days), and a filter (days only).
  const cases = [
    { from: '2026-01-01', to: '2026-06-30' },
    { from: '2025-03-17', to: '2026-02-11' },
    { from: '2025-01-01', to: '2026-12-31', channel: 'online' as const },
  ];
  for (const c of cases) {
    const r = await agencyResults(db, kha, { agencyId: kha.id, questionnaireId: selection.questionnaireId, ...c });
    const expected = computeIndices(
      selection.definition,
      selection.rule,
      rawCounts(raw, (x) => {
        const day = vnDay(x.submitted_at);
        return (
          selection.versionIds.includes(x.questionnaire_version_id) &&
          paths.get(x.agency_id)!.startsWith(kha.path) &&
          day >= c.from &&
          day <= c.to &&
          (!('channel' in c) || x.channel === c.channel)
        );
      }),
    );
    t.ok(r.responses > 0, `${c.from}..${c.to} has responses`);
    t.equal(r.responses, expected.responses, `${c.from}..${c.to}: n of responses`);
    t.same(r.overall.share, expected.overall.share, `${c.from}..${c.to}: overall`);
    t.same(
      r.elements.map((e) => [e.code, e.share, e.n, e.noOpinion, e.blank]),
      expected.elements.map((e) => [e.code, e.share, e.n, e.noOpinion, e.blank]),
    );
    t.same(
      r.criteria.map((e) => [e.code, e.share, e.n, e.noOpinion, e.blank, e.interval]),
      expected.criteria.map((e) => [e.code, e.share, e.n, e.noOpinion, e.blank, e.interval]),
    );
  }
});
