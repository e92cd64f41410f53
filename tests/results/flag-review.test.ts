// Invariant 4 through a flag review: flagged responses excluded, then included back (and a batch of
// "late" ones counted for the first time) — after each step every figure the results service gives
// (an agency's indices, the overview's rows, the monthly trend) equals the engine's indices on
// counts recounted from the raw responses, and the response statuses and review records say what
// was decided. The figures follow the status-change path, whatever stands behind it.
import t, { type Test } from 'tap';
import { findAgencyByCode } from '../../server/db/queries/agencies.ts';
import { reviewResponses } from '../../server/db/queries/flag-review.ts';
import { flushResults } from '../../server/db/queries/results-write.ts';
import { createDemo } from '../../server/demo/create.ts';
import { computeIndices } from '../../server/domain/indices.ts';
import { selectQuestionnaire } from '../../server/results/selection.ts';
import { agencyResults, overview, trend } from '../../server/results/service.ts';
import { freshDatabase } from '../helpers/database.ts';
import { rawCounts, reportable, vnDay, type RawResponse } from '../helpers/recount.ts';

const NOW = new Date('2026-11-20T03:00:00Z');
const database = await freshDatabase();
t.teardown(() => database.close());
const { db } = database;
await createDemo(db, { responses: 1500, now: NOW, seed: 'flag-review' });
await flushResults(db);

const KHA = (await findAgencyByCode(db, 'KHA'))!;
const coordinatorId = Number((await db.selectFrom('users').select('id').where('role', '=', 'coordinator').executeTakeFirstOrThrow()).id);
const sipasId = Number((await db.selectFrom('questionnaires').select('id').where('code', '=', 'sipas-2017').executeTakeFirstOrThrow()).id);
const selection = await selectQuestionnaire(db, sipasId);
const agencies = await db.selectFrom('agencies').selectAll().execute();
const pathOf = new Map(agencies.map((a) => [Number(a.id), a.path]));
// The whole demo: every flagged response lies in it.
const PERIOD = { from: '2024-01-01', to: '2026-11-30' };
const filter = { agencyId: KHA.id, questionnaireId: sipasId, ...PERIOD };

async function agree(t: Test, label: string) {
  await flushResults(db);
  const raw = await reportable(db);
  const inPeriod = (x: RawResponse) => {
    const d = vnDay(x.submitted_at);
    return d >= PERIOD.from && d <= PERIOD.to && selection.versionIds.includes(x.questionnaire_version_id);
  };
  const expected = (path: string, keep: (x: RawResponse) => boolean = inPeriod) =>
    computeIndices(
      selection.definition,
      selection.rule,
      rawCounts(raw, (x) => keep(x) && pathOf.get(x.agency_id)!.startsWith(path)),
    );

  const whole = await agencyResults(db, KHA, filter);
  const e = expected(KHA.path);
  t.equal(whole.responses, e.responses, `${label}: the province's responses`);
  t.same(whole.overall.share, e.overall.share, `${label}: the province's overall share`);
  t.same(
    whole.criteria.map((c) => [c.code, c.n, c.share]),
    e.criteria.map((c) => [c.code, c.n, c.share]),
    `${label}: every criterion`,
  );
  const view = await overview(db, KHA, filter, null);
  for (const row of view.rows) {
    const x = expected(row.agency.path);
    t.equal(row.responses, x.responses, `${label}: ${row.agency.code} responses`);
    t.same(row.overall.share, x.overall.share, `${label}: ${row.agency.code} share`);
  }
  const months = await trend(db, KHA, filter);
  for (const m of months) {
    const x = expected(KHA.path, (r) => inPeriod(r) && vnDay(r.submitted_at).startsWith(m.month));
    t.equal(m.responses, x.responses, `${label}: ${m.month} responses`);
    t.same(m.overall.share, x.overall.share, `${label}: ${m.month} share`);
  }
}

const flagged = async () =>
  (
    await db
      .selectFrom('responses')
      .select(['id', 'status', 'status_reason'])
      .where('status', '=', 'flagged')
      .where('questionnaire_version_id', 'in', selection.versionIds)
      .orderBy('id')
      .execute()
  ).map((r) => r.id);

t.test('flagged responses are left out, and the figures agree', async (t) => {
  // The demo flags too-fast answers mostly at kiosks (a quick rating): a dozen SIPAS responses are
  // flagged the way intake flags them, so that the review moves the SIPAS figures.
  const more = await db
    .selectFrom('responses')
    .select('id')
    .where('status', '=', 'valid')
    .where('questionnaire_version_id', 'in', selection.versionIds)
    .orderBy('id')
    .limit(12)
    .execute();
  await db
    .updateTable('responses')
    .set({ status: 'flagged', status_reason: 'too-fast' })
    .where(
      'id',
      'in',
      more.map((r) => r.id),
    )
    .execute();
  t.ok((await flagged()).length >= 12, 'at least a dozen SIPAS responses are flagged too fast');
  await agree(t, 'flagged');
});

t.test('flagged responses excluded, then included back, then excluded again', async (t) => {
  const ids = (await flagged()).slice(0, 10);
  const before = await agencyResults(db, KHA, filter);

  const out = await reviewResponses(db, {
    ids,
    decision: 'exclude',
    reason: 'Kiểm tra: trả lời quá nhanh thật',
    scopePath: KHA.path,
    actorUserId: coordinatorId,
    ip: null,
  });
  t.same(out, { ok: true, changed: 10, unchanged: 0 });
  t.same(
    (await db.selectFrom('responses').select('status').where('id', 'in', ids).execute()).map((r) => r.status),
    Array(10).fill('excluded'),
  );
  await agree(t, 'excluded');
  t.equal((await agencyResults(db, KHA, filter)).responses, before.responses, 'flagged to excluded: still not counted');

  const back = await reviewResponses(db, {
    ids,
    decision: 'include',
    reason: 'Đối chiếu sổ: phiếu thật',
    scopePath: KHA.path,
    actorUserId: coordinatorId,
    ip: null,
  });
  t.same(back, { ok: true, changed: 10, unchanged: 0 });
  await agree(t, 'included back');
  const after = await agencyResults(db, KHA, filter);
  t.equal(after.responses, before.responses + 10, 'the ten now count');
  const kept = await db.selectFrom('responses').select(['status', 'status_reason']).where('id', 'in', ids).execute();
  t.ok(
    kept.every((r) => r.status === 'valid' && r.status_reason === 'too-fast'),
    'counted, and still saying why they were flagged',
  );

  const again = await reviewResponses(db, {
    ids: ids.slice(0, 4),
    decision: 'exclude',
    reason: 'Xem lại: trùng lặp',
    scopePath: KHA.path,
    actorUserId: coordinatorId,
    ip: null,
  });
  t.same(again, { ok: true, changed: 4, unchanged: 0 });
  await agree(t, 'four excluded again');
  t.equal((await agencyResults(db, KHA, filter)).responses, before.responses + 6);

  const reviews = await db.selectFrom('response_reviews').selectAll().where('response_id', '=', ids[0]!).orderBy('id').execute();
  t.same(
    reviews.map((r) => [r.decision, r.status_before, r.status_after, r.flags]),
    [
      ['exclude', 'flagged', 'excluded', 'too-fast'],
      ['include', 'excluded', 'valid', 'too-fast'],
      ['exclude', 'valid', 'excluded', 'too-fast'],
    ],
    'each review is recorded with the statuses before and after',
  );
});

t.test('a late batch counted for the first time', async (t) => {
  // Responses that arrived more than 30 days after they were answered: flagged late, never counted.
  const late = (
    await db
      .selectFrom('responses')
      .select('id')
      .where('status', '=', 'valid')
      .where('channel', '=', 'kiosk')
      .where('submitted_at', '>=', new Date('2026-03-01T00:00:00+07:00'))
      .orderBy('id')
      .limit(25)
      .execute()
  ).map((r) => r.id);
  await db.updateTable('responses').set({ status: 'flagged', status_reason: 'late' }).where('id', 'in', late).execute();
  await agree(t, 'a batch flagged late');
  const out = await reviewResponses(db, {
    ids: late,
    decision: 'include',
    reason: 'Máy đánh giá mất mạng một tháng; lô phiếu hợp lệ',
    scopePath: KHA.path,
    actorUserId: coordinatorId,
    ip: null,
  });
  t.same(out, { ok: true, changed: 25, unchanged: 0 });
  await agree(t, 'the late batch included');
  const again = await reviewResponses(db, {
    ids: late.slice(0, 3),
    decision: 'include',
    reason: 'Bấm nhầm hai lần',
    scopePath: KHA.path,
    actorUserId: coordinatorId,
    ip: null,
  });
  t.same(again, { ok: true, changed: 0, unchanged: 3 }, 'deciding the same again changes nothing');
});

t.test('a review outside the scope, or of a response never flagged, changes nothing', async (t) => {
  const unit = (await findAgencyByCode(db, 'KHA-SXD'))!;
  const outside = await db
    .selectFrom('responses as r')
    .innerJoin('agencies as a', 'a.id', 'r.agency_id')
    .select('r.id')
    .where('r.status', '=', 'flagged')
    .where('a.path', 'not like', `${unit.path}%`)
    .executeTakeFirstOrThrow();
  const never = await db.selectFrom('responses').select('id').where('status_reason', 'is', null).executeTakeFirstOrThrow();
  const reviewsBefore = await db.selectFrom('response_reviews').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  for (const ids of [[outside.id], [never.id]]) {
    const out = await reviewResponses(db, {
      ids,
      decision: 'include',
      reason: 'x',
      scopePath: ids[0] === outside.id ? unit.path : KHA.path,
      actorUserId: coordinatorId,
      ip: null,
    });
    t.same(out, { ok: false, missing: 1 });
  }
  const reviewsAfter = await db.selectFrom('response_reviews').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  t.equal(Number(reviewsAfter.n), Number(reviewsBefore.n), 'no review recorded');
  await agree(t, 'after refused reviews');
});
