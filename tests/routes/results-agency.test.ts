// The agency results page over the demo province: scope (a manager sees their department and
// nothing beside or above it), the figures equal the results service's to the printed digit,
// criteria weakest first, citizens' comments escaped and their flags shown, no comments for a
// viewer, and the htmx request answered with the panel alone.
import t from 'tap';
import { findAgencyByCode } from '../../server/db/queries/agencies.ts';
import type { Agency } from '../../server/db/schema.ts';
import { insertPlan } from '../../server/db/queries/improvement-plans.ts';
import { formatPercent, localDay } from '../../server/i18n/format.ts';
import { resolveQuery, ResultsQuery } from '../../server/results/params.ts';
import { agencyResults, type AgencyResults } from '../../server/results/service.ts';
import { setSetting } from '../../server/db/queries/settings.ts';
import { ruleSettingKey } from '../../server/domain/rule-settings.ts';
import { buildTestApp } from '../helpers/app.ts';
import { createUser, signIn, type StaffSession } from '../helpers/staff.ts';

const { app, database } = await buildTestApp({ demo: true });
t.teardown(() => app.close());
const db = database.db;

const agency = async (code: string): Promise<Agency> => (await findAgencyByCode(db, code))!;
const KHA = await agency('KHA');
const SXD = await agency('KHA-SXD');

// A citizen's comment that tries to run a script on the department's latest response, and a comment
// on the one before it, flagged: both must come out as text, the flag in words.
const latest = await db
  .selectFrom('responses as r')
  .innerJoin('agencies as a', 'a.id', 'r.agency_id')
  .innerJoin('questionnaire_versions as v', 'v.id', 'r.questionnaire_version_id')
  .innerJoin('questionnaires as q', 'q.id', 'v.questionnaire_id')
  .select(['r.id', 'r.province_id'])
  .where('a.path', 'like', `${SXD.path}%`)
  .where('q.code', '=', 'sipas-2017')
  .orderBy('r.submitted_at', 'desc')
  .limit(2)
  .execute();
if (latest.length !== 2) throw new Error('the demo department has fewer than two responses');
const SCRIPT = '<script>alert("hài lòng")</script> & <b>đậm</b>';
const FLAGGED = 'Ý kiến của một phiếu bị gắn cờ';
for (const [r, body] of [
  [latest[0]!, SCRIPT],
  [latest[1]!, FLAGGED],
] as const) {
  await db.deleteFrom('response_comments').where('response_id', '=', r.id).execute();
  await db.insertInto('response_comments').values({ response_id: r.id, province_id: r.province_id, body }).execute();
}
await db.updateTable('responses').set({ status: 'flagged', status_reason: 'too-fast' }).where('id', '=', latest[1]!.id).execute();
await app.results.flush();

const sessions: Record<'coordinator' | 'manager' | 'viewer', StaffSession> = {} as never;
for (const [role, at] of [
  ['coordinator', KHA],
  ['manager', SXD],
  ['viewer', KHA],
] as const) {
  const u = await createUser(db, { email: `${role}@results-agency.gov.vn`, role, agencyId: at.id });
  sessions[role] = await signIn(app, u.email, u.password);
}

const QUERY = 'period=year&year=2026';
const page = (s: StaffSession, code: string, opts: { query?: string; htmx?: boolean; lang?: 'vi' | 'en' } = {}) =>
  app.inject({
    url: `/admin/results/agency/${code}?${opts.query ?? QUERY}`,
    cookies: { ...s.cookies, ...(opts.lang ? { lang: opts.lang } : {}) },
    headers: opts.htmx ? { 'hx-request': 'true' } : {},
  });

async function expected(a: Agency): Promise<AgencyResults> {
  const resolved = await resolveQuery(
    db,
    { agencyId: KHA.id, path: KHA.path },
    ResultsQuery.parse({ agency: a.code, period: 'year', year: '2026' }),
  );
  if (!resolved.ok) throw new Error('the test selection does not resolve');
  return agencyResults(db, a, resolved.filter);
}

const cellText = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/\s+/g, ' ')
    .trim();

/** The rows of one of the page's index tables, in page order: code → the cells by data-value. */
function tableRows(html: string, id: string): { code: string; cells: Record<string, string> }[] {
  const table = html.match(new RegExp(`<table[^>]*id="${id}"[\\s\\S]*?</table>`))?.[0] ?? '';
  return [...table.matchAll(/<tr data-code="([^"]+)">([\s\S]*?)<\/tr>/g)].map((m) => ({
    code: m[1]!,
    cells: Object.fromEntries([...m[2]!.matchAll(/data-value="([^"]+)">([\s\S]*?)<\/td>/g)].map((c) => [c[1]!, cellText(c[2]!)])),
  }));
}

function overallCells(html: string): Record<string, string> {
  const dl = html.match(/<dl[^>]*data-index="overall"[\s\S]*?<\/dl>/)?.[0] ?? '';
  return Object.fromEntries([...dl.matchAll(/data-value="([^"]+)">([\s\S]*?)<\/dd>/g)].map((c) => [c[1]!, cellText(c[2]!)]));
}

const pct = (share: number | null, locale: 'vi' | 'en' = 'vi') => (share === null ? '—' : formatPercent(share, locale));
const interval = (i: [number, number] | null, locale: 'vi' | 'en' = 'vi') => (i ? `${pct(i[0], locale)} – ${pct(i[1], locale)}` : '—');

t.test('a coordinator at the province sees any agency of it', async (t) => {
  for (const code of ['KHA', 'KHA-SXD', 'KHA-STC', 'KHA-TTPVHCC']) {
    const res = await page(sessions.coordinator, code);
    t.equal(res.statusCode, 200, `${code}: 200`);
    const a = await agency(code);
    t.match(res.body, `<h1>${a.name_vi}</h1>`, `${code}: headed with its name`);
  }
});

t.test('a manager sees their department and nothing above or beside it', async (t) => {
  const own = await page(sessions.manager, 'KHA-SXD');
  t.equal(own.statusCode, 200, 'own department: 200');
  for (const code of ['KHA', 'KHA-STC', 'NO-SUCH-AGENCY']) {
    const res = await page(sessions.manager, code);
    t.equal(res.statusCode, 404, `${code}: 404`);
    t.notMatch(res.body, /Sở Tài chính|Tỉnh Khánh Hòa/, `${code}: the 404 names nothing`);
  }
  const filtered = await page(sessions.manager, 'KHA', { query: 'period=nonsense' });
  t.equal(filtered.statusCode, 404, 'a bad filter on an agency outside the scope is still a 404');
});

t.test('the figures are the service’s, formatted', async (t) => {
  for (const [code, locale] of [
    ['KHA', 'vi'],
    ['KHA-SXD', 'vi'],
    ['KHA', 'en'],
  ] as const) {
    const res = await page(sessions.coordinator, code, { lang: locale });
    t.equal(res.statusCode, 200);
    const r = await expected(await agency(code));
    t.ok(r.responses > 0, `${code}: the demo has responses in 2026`);

    const overall = overallCells(res.body);
    t.equal(overall['share'], pct(r.overall.share, locale), `${code} (${locale}): overall share`);
    t.equal(overall['interval'], interval(r.overall.interval, locale), `${code} (${locale}): overall interval`);
    t.equal(
      overall['responses'],
      new Intl.NumberFormat(locale === 'vi' ? 'vi-VN' : 'en-GB').format(r.responses),
      `${code} (${locale}): responses`,
    );

    const elements = tableRows(res.body, 'elements-table');
    t.same(
      elements.map((e) => e.code),
      r.elements.map((e) => e.code),
      `${code}: every element, in order`,
    );
    for (const e of r.elements) {
      const row = elements.find((x) => x.code === e.code)!;
      t.equal(row.cells['share'], pct(e.share, locale), `${code} ${e.code}: share`);
      t.equal(row.cells['interval'], interval(e.interval, locale), `${code} ${e.code}: interval`);
      t.equal(row.cells['n'], new Intl.NumberFormat(locale === 'vi' ? 'vi-VN' : 'en-GB').format(e.n), `${code} ${e.code}: n`);
    }

    const criteria = tableRows(res.body, 'criteria-table');
    t.equal(criteria.length, r.criteria.length, `${code}: every criterion`);
    for (const c of r.criteria) {
      const row = criteria.find((x) => x.code === c.code)!;
      t.equal(row.cells['share'], pct(c.share, locale), `${code} ${c.code}: share`);
      t.equal(row.cells['noOpinion'], String(c.noOpinion), `${code} ${c.code}: no opinion`);
      t.equal(row.cells['blank'], new Intl.NumberFormat(locale === 'vi' ? 'vi-VN' : 'en-GB').format(c.blank), `${code} ${c.code}: blank`);
    }
    // Weakest first: the page's order is the service's criteria sorted by share, unanswered last.
    const byCode = new Map(r.criteria.map((c) => [c.code, c]));
    const shares = criteria.map((row) => byCode.get(row.code)!.share ?? Infinity);
    t.same(
      shares,
      [...shares].sort((a, b) => a - b),
      `${code}: criteria weakest first`,
    );
  }
});

t.test('target and verdict in words for the department with a target', async (t) => {
  const res = await page(sessions.manager, 'KHA-SXD');
  const r = await expected(SXD);
  const overall = overallCells(res.body);
  t.equal(overall['target'], '≥ 85%', 'the demo target of the department');
  const words =
    r.overall.verdict.status === 'insufficient'
      ? 'Chưa đủ mẫu'
      : r.overall.verdict.status === 'met'
        ? `Đạt${r.overall.verdict.clear ? ', rõ ràng' : ', chưa đủ chắc chắn'}`
        : `Chưa đạt${r.overall.verdict.status === 'not-met' && r.overall.verdict.clear ? ', rõ ràng' : ', chưa đủ chắc chắn'}`;
  t.match(overall['verdict'], words, `the verdict is written: ${words}`);
  const elements = /<svg[^>]*id="chart-elements"[\s\S]*?<\/svg>/.exec(res.body)![0];
  t.equal(
    (elements.match(/class="chart-target-line"/g) ?? []).length,
    r.elements.filter((e) => e.target !== null).length,
    'the element chart draws a target only for the elements that have one',
  );
  t.notMatch(elements, /Chỉ tiêu chung/, 'not the overall target against every element');
  const trend = /<svg[^>]*id="chart-trend"[\s\S]*?<\/svg>/.exec(res.body)![0];
  t.match(trend, /Chỉ tiêu ≥ 85%/, 'the trend draws the overall target, which applies to it');
});

t.test('charts with their data tables', async (t) => {
  const res = await page(sessions.coordinator, 'KHA');
  for (const id of ['chart-elements', 'chart-trend', 'chart-heat', 'chart-expectations']) {
    t.match(res.body, new RegExp(`<svg[^>]*id="${id}"[^>]*role="img"`), `${id} is drawn`);
  }
  for (const id of [
    'elements-table',
    'criteria-table',
    'trend-table',
    'by-channel',
    'by-service-point',
    'by-field',
    'heat-table',
    'expectations-table',
  ]) {
    t.match(res.body, new RegExp(`<table[^>]*id="${id}"`), `${id} is there`);
  }
  const trendRows = res.body.match(/<table[^>]*id="trend-table"[\s\S]*?<\/table>/)![0].match(/<tr>\s*<th scope="row">/g) ?? [];
  t.equal(trendRows.length, 12, 'twelve months in the trend');
  t.match(res.body, /<th scope="row">12\/2026( \(chưa hết tháng\))?<\/th>/, 'ending with the period’s last month');
  t.match(res.body, /Trực tuyến \(QR, đường dẫn\)|Màn hình tại quầy/, 'channels by their names');
  t.match(res.body, /Quầy 1 — Đất đai/, 'service points by their names');
  t.match(res.body, /Rút ngắn thời gian giải quyết/, 'expectations by their labels');
  t.notMatch(res.body, /style="/, 'no style attributes (CSP)');
});

t.test('axes that show differences, stated in words; the month not over marked', async (t) => {
  const month = localDay(new Date()).slice(0, 7);
  const res = await page(sessions.coordinator, 'KHA', { query: `period=month&month=${month}` });
  t.equal(res.statusCode, 200);
  const text = cellText(res.body);
  t.match(text, /Trục ngang từ \d+% đến \d+%/, 'the axes are stated');
  const trend = /<svg[^>]*id="chart-trend"[\s\S]*?<\/svg>/.exec(res.body)![0];
  const ticks = [...trend.matchAll(/<text class="chart-tick"[^>]*>(\d+)%<\/text>/g)].map((m) => Number(m[1]));
  t.ok(ticks.length > 0 && Math.max(...ticks) - Math.min(...ticks) >= 30, 'the trend spans at least 30 points');
  t.match(trend, /class="chart-partial"/, 'the month not over is shaded');
  const label = `${month.slice(5, 7)}/${month.slice(0, 4)}`;
  t.match(res.body, new RegExp(`<th scope="row">${label.replace('/', '\\/')} \\(chưa hết tháng\\)</th>`), 'and said in the table');
  t.match(res.body, /id="trend-partial"/, 'and above the chart');

  const past = await page(sessions.coordinator, 'KHA', { query: 'period=year&year=2025' });
  t.notMatch(past.body, /class="chart-partial"|id="trend-partial"/, 'a past year has no partial month');
});

t.test('an index with an improvement plan: its trend marked at the plan’s month', async (t) => {
  const none = await page(sessions.manager, 'KHA-SXD');
  t.notMatch(none.body, /id="plan-trends"/, 'no plan, no section');
  const r = await expected(SXD);
  const weakest = [...r.criteria].filter((c) => c.share !== null).sort((a, b) => a.share! - b.share!)[0]!;
  const plan = await insertPlan(db, {
    agencyId: SXD.id,
    provinceId: KHA.id,
    questionnaireId: r.questionnaire.questionnaireId,
    questionnaireVersion: null,
    indexCode: weakest.code,
    periodFrom: '2026-01-01',
    periodTo: '2026-12-31',
    share: weakest.share,
    n: weakest.n,
    intervalLow: weakest.interval?.[0] ?? null,
    intervalHigh: weakest.interval?.[1] ?? null,
    targetComparator: null,
    targetThreshold: null,
    weakness: 'Thời gian chờ lâu',
    measures: 'Thêm quầy',
    responsibleAgencyId: SXD.id,
    dueOn: '2027-03-31',
    createdBy: null,
  });
  t.teardown(() => db.deleteFrom('improvement_plans').where('id', '=', plan.id).execute());
  const res = await page(sessions.manager, 'KHA-SXD');
  const section = /<section[^>]*id="plan-trends"[\s\S]*?<\/section>\s*<\/section>/.exec(res.body)?.[0] ?? '';
  t.ok(section, 'a section for the planned indices');
  t.match(section, new RegExp(`data-index="${weakest.code.replace('.', '\\.')}"`), 'the criterion of the plan');
  t.match(section, new RegExp(`href="/admin/plans/${plan.id}"`), 'linking to the plan');
  t.match(section, /class="chart-event"/, 'the trend marked at the month the plan was made');
  t.match(section, new RegExp(`>[^<]*KH ${plan.id}</text>`), 'labelled with the plan (beside "đến …" in a month not over)');
  const rows = (/<table[^>]*id="plan-trend-1-table"[\s\S]*?<\/table>/.exec(section)?.[0] ?? '').match(/<th scope="row">/g) ?? [];
  t.equal(rows.length, 12, 'twelve months in its table');
  // The month of the year's figure is the service's: the plan trend's December equals agencyResults() for December.
  const dec = await resolveQuery(
    db,
    { agencyId: KHA.id, path: KHA.path },
    ResultsQuery.parse({ agency: 'KHA-SXD', period: 'month', month: '2026-12' }),
  );
  if (!dec.ok) throw new Error('no December');
  const decIndex = (await agencyResults(db, SXD, dec.filter)).criteria.find((c) => c.code === weakest.code)!;
  const decRow = /<th scope="row">12\/2026[^<]*<\/th>\s*<td class="num">[^<]*<\/td>\s*<td class="num">([^<]*)<\/td>/.exec(section)?.[1];
  t.equal(decRow, decIndex.share === null ? '—' : formatPercent(decIndex.share), 'December as the service gives it');

  await db.updateTable('improvement_plans').set({ status: 'cancelled' }).where('id', '=', plan.id).execute();
  t.notMatch((await page(sessions.manager, 'KHA-SXD')).body, /id="plan-trends"/, 'a cancelled plan is not drawn');
});

t.test('a flat questionnaire and a period without responses', async (t) => {
  const quick = await page(sessions.coordinator, 'KHA-TTPVHCC', { query: `${QUERY}&questionnaire=counter-quick` });
  t.equal(quick.statusCode, 200, 'counter-quick: 200');
  t.match(quick.body, /không chia theo yếu tố và tiêu chí/, 'says there are no elements or criteria');
  t.notMatch(quick.body, /id="criteria-table"|id="chart-elements"/, 'and draws none');
  t.match(quick.body, /không hỏi về mong muốn cải thiện/, 'nor expectations');
  t.match(quick.body, /<svg[^>]*id="chart-trend"/, 'but the trend');

  const empty = await page(sessions.coordinator, 'KHA', { query: 'period=year&year=2020' });
  t.equal(empty.statusCode, 200, 'a year without responses: 200');
  t.equal(overallCells(empty.body)['share'], '—', 'no share is made up');
  t.match(empty.body, /Chưa có dữ liệu/, 'the charts say there is no data');
  t.match(empty.body, /Chưa có ý kiến nào trong kỳ này/, 'and there are no comments');
});

t.test('comments: escaped, flagged ones marked, none for a viewer', async (t) => {
  const res = await page(sessions.manager, 'KHA-SXD');
  t.notMatch(res.body, /<script>alert/, 'the script is not markup');
  t.match(res.body, '&lt;script&gt;alert(&quot;hài lòng&quot;)&lt;/script&gt; &amp; &lt;b&gt;đậm&lt;/b&gt;', 'it is shown as text');
  const flagged = res.body.match(/<li class="comment comment--flagged"[\s\S]*?<\/li>/)?.[0] ?? '';
  t.match(flagged, FLAGGED, 'the flagged comment is shown');
  t.match(flagged, /Bị gắn cờ/, 'and says it is flagged');
  t.match(flagged, /trả lời nhanh bất thường/, 'and why');
  t.ok((res.body.match(/<li class="comment /g) ?? []).length <= 20, 'at most 20 comments');

  const viewer = await page(sessions.viewer, 'KHA-SXD');
  t.equal(viewer.statusCode, 200, 'a viewer reads the figures');
  t.notMatch(viewer.body, /class="comment /, 'but no comments');
  t.notMatch(viewer.body, /&lt;script&gt;/, 'not even the escaped one');
  t.match(viewer.body, /Vai trò của bạn không được xem ý kiến/, 'and is told why');
});

t.test("the province's minimums: parts below them read 'Chưa đủ mẫu' and are named (issue 16)", async (t) => {
  await setSetting(db, ruleSettingKey(KHA.id), { rule: null, minimums: { criterion: 40, element: 40, overall: 1 } });
  t.teardown(() => setSetting(db, ruleSettingKey(KHA.id), null));
  const r = await expected(SXD);
  const small = r.criteria.filter((c) => c.belowMinimum);
  t.ok(small.length > 0, `${small.length} criteria of the department have fewer than 40 valid answers in 2026`);
  const res = await page(sessions.coordinator, 'KHA-SXD');
  const rows = tableRows(res.body, 'criteria-table');
  for (const c of small) t.equal(rows.find((x) => x.code === c.code)?.cells['share'], 'Chưa đủ mẫu', `${c.code}: not enough responses`);
  const leftOut = [...(r.overall.tooFew ?? []), ...r.elements.flatMap((e) => e.tooFew ?? [])];
  t.ok(leftOut.length > 0, 'parts were left out');
  const note = cellText(res.body.match(/<div class="notice" role="note" id="agency-too-few">([\s\S]*?)<\/div>/)?.[1] ?? '');
  for (const code of leftOut) t.match(note, code, `the note names ${code}`);
  t.match(note, 'Cỡ mẫu tối thiểu: tiêu chí 40', 'and the minimums');
  t.equal(overallCells(res.body)['share'], r.overall.belowMinimum ? 'Chưa đủ mẫu' : pct(r.overall.share), 'the overall is the service’s');
});

t.test('htmx gets the panel; the same URL without it gets the page', async (t) => {
  const full = await page(sessions.coordinator, 'KHA-SXD');
  const part = await page(sessions.coordinator, 'KHA-SXD', { htmx: true });
  t.equal(part.statusCode, 200);
  t.match(full.body, /<html/, 'the page');
  t.notMatch(part.body, /<html|<h1>|site-header/, 'the fragment has no layout');
  t.match(part.body.trimStart(), /^<div id="results-panel"/, 'the fragment is the panel');
  t.match(part.body, /id="criteria-table"/, 'with the results');
  t.match(String(part.headers['vary']), /HX-Request/, 'Vary names HX-Request');

  const bad = await page(sessions.coordinator, 'KHA-SXD', { query: 'period=month&month=2026-13', htmx: true });
  t.equal(bad.statusCode, 422, 'a bad filter: 422');
  t.match(bad.body, /error-summary/, 'with the error summary in the panel');
  t.match(bad.body, /href="#filter-month"/, 'linking to the field');
  t.notMatch(bad.body, /<html/, 'still only the panel');
});
