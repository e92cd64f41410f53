// The results service on the demo province: reorganised units as they were and inside their
// successors, the overview's rows, ranks and total, the monthly trend and the breakdowns adding up
// to the whole — each checked against a recount from raw responses.
import t from 'tap';
import { findAgencyByCode } from '../../server/db/queries/agencies.ts';
import { flushResults } from '../../server/db/queries/results-write.ts';
import { setSetting } from '../../server/db/queries/settings.ts';
import { createDemo } from '../../server/demo/create.ts';
import { computeIndices } from '../../server/domain/indices.ts';
import { yearPeriod } from '../../server/domain/period.ts';
import { selectQuestionnaire } from '../../server/results/selection.ts';
import { agencyResults, breakdown, heatMap, overview, trend } from '../../server/results/service.ts';
import { freshDatabase } from '../helpers/database.ts';
import { rawCounts, reportable, vnDay, type RawResponse } from '../helpers/recount.ts';

const NOW = new Date('2026-11-20T03:00:00Z');
const database = await freshDatabase();
t.teardown(() => database.close());
const { db } = database;
await createDemo(db, { responses: 1500, now: NOW, seed: 'service' });
await flushResults(db);

const sipasId = Number((await db.selectFrom('questionnaires').select('id').where('code', '=', 'sipas-2017').executeTakeFirstOrThrow()).id);
const selection = await selectQuestionnaire(db, sipasId);
const raw = await reportable(db);
const agencies = await db.selectFrom('agencies').selectAll().execute();
const pathOf = new Map(agencies.map((a) => [Number(a.id), a.path]));
const inPeriod = (x: RawResponse, from: string, to: string) => {
  const d = vnDay(x.submitted_at);
  return d >= from && d <= to && selection.versionIds.includes(x.questionnaire_version_id);
};
const under = (x: RawResponse, ...paths: string[]) => paths.some((p) => pathOf.get(x.agency_id)!.startsWith(p));
const expectedOverall = (keep: (x: RawResponse) => boolean) => computeIndices(selection.definition, selection.rule, rawCounts(raw, keep));

t.test('a reorganised unit: as it was, and inside its successor', async (t) => {
  const former = (await findAgencyByCode(db, 'NTH-SXD'))!;
  const successor = (await findAgencyByCode(db, 'KHA-SXD'))!;
  t.equal(former.successor_id, successor.id);
  const { from, to } = { from: '2024-11-01', to: '2026-10-31' };
  const base = { questionnaireId: sipasId, from, to };
  const asItWas = await agencyResults(db, former, { ...base, agencyId: former.id });
  const expectedFormer = expectedOverall((x) => inPeriod(x, from, to) && under(x, former.path));
  t.ok(asItWas.responses > 0, 'the former unit has responses of its own');
  t.equal(asItWas.responses, expectedFormer.responses);
  t.same(asItWas.overall.share, expectedFormer.overall.share);

  const alone = await agencyResults(db, successor, { ...base, agencyId: successor.id });
  const pooled = await agencyResults(db, successor, { ...base, agencyId: successor.id, includePredecessors: true });
  t.equal(pooled.responses, alone.responses + asItWas.responses, 'the toggle adds the former unit’s responses');
  const expectedPooled = expectedOverall((x) => inPeriod(x, from, to) && under(x, successor.path, former.path));
  t.same(pooled.overall.share, expectedPooled.overall.share);
  t.same(
    pooled.criteria.map((c) => c.n),
    expectedPooled.criteria.map((c) => c.n),
  );
});

t.test('the overview: one row per child pooling its subtree, a total, ranks', async (t) => {
  const kha = (await findAgencyByCode(db, 'KHA'))!;
  // Few demo responses per unit: a small minimum n (a setting) lets several rows be ranked.
  await setSetting(db, 'results.min_n', 10);
  t.teardown(() => setSetting(db, 'results.min_n', 30));
  const p = yearPeriod(2026);
  const o = await overview(db, kha, { agencyId: kha.id, questionnaireId: sipasId, from: p.from, to: p.to }, yearPeriod(2025));
  const children = agencies.filter((a) => a.parent_id === kha.id);
  t.equal(o.rows.length, children.length, 'every child has a row');
  for (const row of o.rows) {
    const e = expectedOverall((x) => inPeriod(x, p.from, p.to) && under(x, row.agency.path));
    t.equal(row.responses, e.responses, `${row.agency.code}: responses`);
    t.same(row.overall.share, e.overall.share, `${row.agency.code}: overall`);
    if (row.change !== null) {
      const before = expectedOverall((x) => inPeriod(x, '2025-01-01', '2025-12-31') && under(x, row.agency.path));
      t.ok(Math.abs(row.change - (e.overall.share! - before.overall.share!)) < 1e-12, `${row.agency.code}: change`);
    }
  }
  const total = expectedOverall((x) => inPeriod(x, p.from, p.to) && under(x, kha.path));
  t.equal(o.root.responses, total.responses, 'the total pools the whole province');
  const ranked = o.rows.filter((r) => r.rank !== null).sort((a, b) => a.rank! - b.rank!);
  t.ok(ranked.length > 1, 'several rows are ranked');
  for (let i = 1; i < ranked.length; i++) t.ok(ranked[i - 1]!.overall.share! >= ranked[i]!.overall.share!, 'ranks follow the share');
  for (const r of o.rows.filter((r) => r.rank === null))
    t.ok(r.overall.share === null || r.overall.n < o.minN, `${r.agency.code} unranked below min n`);

  const merged = await overview(
    db,
    kha,
    { agencyId: kha.id, questionnaireId: sipasId, from: p.from, to: p.to, includePredecessors: true },
    null,
  );
  const nth = agencies.find((a) => a.code === 'NTH')!;
  t.ok(
    o.rows.some((r) => r.agency.code === 'NTH'),
    'the former province is a row as it was',
  );
  t.notOk(
    merged.rows.some((r) => r.agency.code === 'NTH'),
    'with the toggle it is shown inside its successor',
  );
  t.equal(Number(nth.successor_id), kha.id);
  t.equal(o.minN, 10, 'the minimum n comes from the setting');
  t.equal(merged.root.responses, o.root.responses, 'the province total does not count anything twice');
});

t.test('trend, breakdowns and heat map add up to the whole', async (t) => {
  const kha = (await findAgencyByCode(db, 'KHA'))!;
  const f = { agencyId: kha.id, questionnaireId: sipasId, from: '2025-12-01', to: '2026-10-31' };
  const whole = await agencyResults(db, kha, f);
  const months = await trend(db, kha, f);
  t.equal(months.length, 11);
  t.equal(
    months.reduce((s, m) => s + m.responses, 0),
    whole.responses,
    'months add up',
  );
  const march = months.find((m) => m.month === '2026-03')!;
  const e = expectedOverall((x) => inPeriod(x, '2026-03-01', '2026-03-31') && under(x, kha.path));
  t.same(march.overall.share, e.overall.share, 'a month equals its recount');
  for (const by of ['channel', 'servicePoint', 'field'] as const) {
    const rows = await breakdown(db, kha, f, by);
    t.equal(
      rows.reduce((s, r) => s + r.responses, 0),
      whole.responses,
      `${by}: parts add up`,
    );
  }
  const online = (await breakdown(db, kha, f, 'channel')).find((r) => r.key === 'online');
  if (online) {
    const eo = expectedOverall((x) => inPeriod(x, f.from, f.to) && under(x, kha.path) && x.channel === 'online');
    t.same(online.overall.share, eo.overall.share, 'the online part equals its recount');
  }
  const cells = await heatMap(db, kha, f);
  t.equal(
    cells.reduce((s, c) => s + c.responses, 0),
    whole.responses,
    'the heat map holds every response',
  );
  t.ok(cells.every((c) => c.weekday >= 1 && c.weekday <= 7 && c.hour >= 0 && c.hour <= 23));
});
