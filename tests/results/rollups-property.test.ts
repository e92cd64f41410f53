// Property test of the rollups (issue 15): for random selections — an agency (with or without the
// units it succeeded), whole months, ragged months and single days, no filter, one or two of the
// dimensions (campaign, channel, field, service point, respondent type) — every figure the service
// reads from the rollups equals a recount of the raw responses: the counts and the respondents'
// moments the engine gets, each breakdown key, each month of the trend and the heat map. Checked
// after random status changes and corrections, and again after a reorganisation moved a unit.
// The seed is printed; ROLLUP_SEED replays a run.
import t from 'tap';
import { findAgencyByCode, moveAgency } from '../../server/db/queries/agencies.ts';
import { flushResults, rebuildSubtreeRollups } from '../../server/db/queries/results-write.ts';
import type { Agency, Channel } from '../../server/db/schema.ts';
import { createDemo } from '../../server/demo/create.ts';
import { Random } from '../../server/demo/random.ts';
import { computeIndices } from '../../server/domain/indices.ts';
import { isoWeekday } from '../../server/domain/rollup-rows.ts';
import { selectQuestionnaire, type ResultsFilter } from '../../server/results/selection.ts';
import { breakdown, heatMap, selectionCounts, trend, type BreakdownBy } from '../../server/results/service.ts';
import { freshDatabase } from '../helpers/database.ts';
import { rawCounts, reportable, vnDay, vnHour, type RawResponse } from '../helpers/recount.ts';

const SEED = process.env['ROLLUP_SEED'] ?? String(Date.now());
t.comment(`seed ${SEED}`);
const rnd = new Random(SEED);
const NOW = new Date('2026-11-20T03:00:00Z');
const database = await freshDatabase();
t.teardown(() => database.close());
const { db } = database;
await createDemo(db, { responses: 1500, now: NOW, seed: `rollups-${SEED}` });
await flushResults(db);

const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd.next() * xs.length)]!;
const pad = (n: number) => String(n).padStart(2, '0');

/** A random period: whole months, ragged ends, one day, or a long stretch across both years. */
function randomPeriod(): { from: string; to: string } {
  const month = () => {
    const i = rnd.int(0, 23); // 2024-12 … 2026-11
    const y = 2024 + Math.floor((11 + i) / 12);
    return { y, m: ((11 + i) % 12) + 1 };
  };
  const last = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
  const a = month();
  const b = month();
  const [s, e] = a.y * 12 + a.m <= b.y * 12 + b.m ? [a, b] : [b, a];
  const r = rnd.next();
  switch (r < 0.45 ? 0 : r < 0.85 ? 1 : 2) {
    case 0:
      return { from: `${s.y}-${pad(s.m)}-01`, to: `${e.y}-${pad(e.m)}-${last(e.y, e.m)}` };
    case 1: {
      const from = `${s.y}-${pad(s.m)}-${pad(rnd.int(1, last(s.y, s.m)))}`;
      const to = `${e.y}-${pad(e.m)}-${pad(rnd.int(1, last(e.y, e.m)))}`;
      return from <= to ? { from, to } : { from: to, to: from };
    }
    default: {
      const d = `${s.y}-${pad(s.m)}-${pad(rnd.int(1, last(s.y, s.m)))}`;
      return { from: d, to: d };
    }
  }
}

const sipasId = Number((await db.selectFrom('questionnaires').select('id').where('code', '=', 'sipas-2017').executeTakeFirstOrThrow()).id);
const quickId = Number(
  (await db.selectFrom('questionnaires').select('id').where('code', '=', 'counter-quick').executeTakeFirstOrThrow()).id,
);

async function check(t: { same(a: unknown, b: unknown, m: string): void; ok(v: unknown, m: string): void }, label: string, cases: number) {
  const raw = await reportable(db);
  const agencies = await db.selectFrom('agencies').selectAll().execute();
  const pathOf = new Map(agencies.map((a) => [Number(a.id), a.path]));
  const links = agencies.filter((a) => a.successor_id !== null);
  const campaigns = [...new Set(raw.map((r) => r.campaign_id).filter((c): c is number => c !== null))];
  const points = [...new Set(raw.map((r) => r.service_point_id).filter((c): c is number => c !== null))];
  const field = (r: RawResponse) => (typeof r.answers['B.FIELD'] === 'string' ? (r.answers['B.FIELD'] as string) : null);
  const type = (r: RawResponse) => (typeof r.answers['B.TYPE'] === 'string' ? (r.answers['B.TYPE'] as string) : null);
  let nonEmpty = 0;
  for (let i = 0; i < cases; i++) {
    // Upper levels more often than their share, so that most selections hold responses.
    // The first two selections are a whole province over whole months, which always hold responses.
    const agency: Agency =
      i < 2 ? pick(agencies.filter((a) => a.depth === 0)) : rnd.chance(0.5) ? pick(agencies.filter((a) => a.depth <= 1)) : pick(agencies);
    const questionnaireId = rnd.chance(0.8) ? sipasId : quickId;
    const selection = await selectQuestionnaire(db, questionnaireId);
    const period = i < 2 ? { from: '2025-01-01', to: '2026-10-31' } : randomPeriod();
    const f: ResultsFilter = { agencyId: agency.id, questionnaireId, ...period, includePredecessors: rnd.chance(0.3) };
    const dims = i < 2 ? [] : ['campaign', 'channel', 'field', 'servicePoint', 'type'].filter(() => rnd.chance(0.15)).slice(0, 2);
    if (dims.includes('campaign') && campaigns.length) f.campaignId = pick(campaigns);
    if (dims.includes('channel')) f.channel = pick(['kiosk', 'online', 'paper', 'api'] as Channel[]);
    if (dims.includes('field')) f.field = pick(['land', 'business', 'justice', 'other']);
    if (dims.includes('servicePoint') && points.length) f.servicePointId = pick(points);
    if (dims.includes('type')) f.respondentType = pick(['individual', 'organisation']);
    // The bucket: the agency's subtree, plus units whose successor chain reaches into it.
    const roots = [agency.path];
    if (f.includePredecessors) {
      for (const l of links) {
        let at: (typeof agencies)[number] | undefined = l;
        const seen = new Set<number>();
        while (at && at.successor_id !== null && !seen.has(at.id)) {
          seen.add(at.id);
          at = agencies.find((a) => a.id === at!.successor_id);
          if (at && at.path.startsWith(agency.path)) {
            roots.push(l.path);
            break;
          }
        }
      }
    }
    const keep = (r: RawResponse) => {
      const day = vnDay(r.submitted_at);
      return (
        selection.versionIds.includes(r.questionnaire_version_id) &&
        roots.some((p) => pathOf.get(r.agency_id)!.startsWith(p)) &&
        day >= f.from &&
        day <= f.to &&
        (f.campaignId === undefined || r.campaign_id === f.campaignId) &&
        (f.channel === undefined || r.channel === f.channel) &&
        (f.field === undefined || field(r) === f.field) &&
        (f.servicePointId === undefined || r.service_point_id === f.servicePointId) &&
        (f.respondentType === undefined || type(r) === f.respondentType)
      );
    };
    const name = `${label} #${i}: ${agency.code} ${JSON.stringify({ ...f, agencyId: undefined, questionnaireId: undefined })}`;
    const expected = rawCounts(raw, keep, { definition: selection.definition, rule: selection.rule });
    if (expected.moments && expected.moments.features.length === 0) delete expected.moments;
    const got = await selectionCounts(db, agency, f);
    if (got.moments && got.moments.features.length === 0) delete got.moments;
    t.same(got, expected, `${name}: counts and moments`);
    if (expected.responses > 0) nonEmpty++;

    const by = pick<BreakdownBy>(['channel', 'servicePoint', 'field', 'respondentType']);
    const keyOf = (r: RawResponse) =>
      by === 'channel'
        ? r.channel
        : by === 'servicePoint'
          ? r.service_point_id === null
            ? null
            : String(r.service_point_id)
          : by === 'field'
            ? field(r)
            : type(r);
    const rows = await breakdown(db, agency, f, by);
    const keys = [...new Set(raw.filter(keep).map(keyOf))];
    t.same(rows.map((r) => r.key).sort(), keys.sort(), `${name}: ${by} keys`);
    for (const row of rows) {
      const e = computeIndices(
        selection.definition,
        selection.rule,
        rawCounts(raw, (r) => keep(r) && keyOf(r) === row.key),
      );
      t.same([row.responses, row.overall.share, row.overall.n], [e.responses, e.overall.share, e.overall.n], `${name}: ${by} ${row.key}`);
    }

    const months = await trend(db, agency, f);
    for (const m of months) {
      const e = computeIndices(
        selection.definition,
        selection.rule,
        rawCounts(raw, (r) => keep(r) && vnDay(r.submitted_at).startsWith(m.month)),
      );
      t.same([m.responses, m.overall.share], [e.responses, e.overall.share], `${name}: trend ${m.month}`);
    }

    const cells = await heatMap(db, agency, f);
    const heat = new Map<string, number>();
    for (const r of raw.filter(keep)) {
      const k = `${isoWeekday(vnDay(r.submitted_at))}-${vnHour(r.submitted_at)}`;
      heat.set(k, (heat.get(k) ?? 0) + 1);
    }
    t.same(new Map(cells.map((c) => [`${c.weekday}-${c.hour}`, c.responses])), heat, `${name}: heat map`);
  }
  t.ok(nonEmpty >= 2, `${label}: selections with responses: ${nonEmpty} of ${cases}`);
}

t.test('random selections equal a recount', async (t) => {
  await check(t, 'demo', 40);
});

t.test('after status changes and a correction', async (t) => {
  const ids = (await db.selectFrom('responses').select('id').where('status', '=', 'valid').orderBy('id').limit(30).execute()).map(
    (r) => r.id,
  );
  await db.updateTable('responses').set({ status: 'flagged', status_reason: 'test' }).where('id', 'in', ids.slice(0, 12)).execute();
  await db.updateTable('responses').set({ status: 'valid', status_reason: null }).where('id', 'in', ids.slice(0, 4)).execute();
  const one = await db.selectFrom('responses').select(['id', 'answers']).where('id', '=', ids[20]!).executeTakeFirstOrThrow();
  const answers = { ...(one.answers as Record<string, unknown>), 'B.TYPE': 'organisation', 'B.FIELD': 'justice' };
  await db
    .updateTable('responses')
    .set({ answers: JSON.stringify(answers) })
    .where('id', '=', one.id)
    .execute();
  await flushResults(db);
  await check(t, 'changed', 25);
});

t.test('after a reorganisation moved a unit to another parent', async (t) => {
  const unit = (await findAgencyByCode(db, 'KHA-SXD'))!;
  const parent = (await findAgencyByCode(db, 'NTH'))!;
  await db.transaction().execute(async (trx) => {
    await moveAgency(trx, unit.id, parent.id);
    await rebuildSubtreeRollups(trx);
  });
  await flushResults(db);
  await check(t, 'moved', 25);
});
