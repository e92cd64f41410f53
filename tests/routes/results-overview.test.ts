// The results overview and the comparison of two periods on the demo province, signed in as a
// coordinator of the province and a manager of one department: what each sees (and the 404s
// outside their subtree), the numbers in the HTML tables against the results service formatted
// for vi-VN, the htmx fragment of the same URL, 422 for bad filters with the error summary and
// the typed values kept, and server-side sorting.
import { significantChange } from '../../server/domain/change.ts';
import t from 'tap';
import { findAgencyByCode, listChildren } from '../../server/db/queries/agencies.ts';
import { setSetting } from '../../server/db/queries/settings.ts';
import type { Agency } from '../../server/db/schema.ts';
import { formatNumber, formatPercent } from '../../server/i18n/format.ts';
import { resolveQuery, ResultsQuery } from '../../server/results/params.ts';
import { agencyResults, overview, type ScoredIndex } from '../../server/results/service.ts';
import { localDay } from '../../server/i18n/format.ts';
import { buildTestApp } from '../helpers/app.ts';
import { createUser, signIn, type StaffSession } from '../helpers/staff.ts';

const { app, database } = await buildTestApp({ demo: true });
t.teardown(() => app.close());
const db = database.db;
await app.results.flush();
// Enough rows clear the minimum n for ranks, changes and verdicts to appear in a small demo.
await setSetting(db, 'results.min_n', 10);

const kha = (await findAgencyByCode(db, 'KHA'))!;
const sxd = (await findAgencyByCode(db, 'KHA-SXD'))!;
const stp = (await findAgencyByCode(db, 'KHA-STP'))!;
await createUser(db, { email: 'coordinator@kha.gov.vn', role: 'coordinator', agencyId: kha.id });
await createUser(db, { email: 'manager@sxd.kha.gov.vn', role: 'manager', agencyId: sxd.id });
const coordinator = await signIn(app, 'coordinator@kha.gov.vn');
const manager = await signIn(app, 'manager@sxd.kha.gov.vn');

const get = (s: StaffSession, url: string, headers: Record<string, string> = {}) => app.inject({ url, cookies: s.cookies, headers });

const decode = (s: string) =>
  s
    .replace(/<[^>]+>/g, '')
    .replace(/&gt;/g, '>')
    .replace(/&lt;/g, '<')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();

type Row = Record<string, string>;
/** The rows of a results table, by their data-agency or data-index, cells by data-col. */
function tableRows(html: string, key: 'agency' | 'index'): Map<string, Row> {
  const out = new Map<string, Row>();
  for (const m of html.matchAll(new RegExp(`<tr data-${key}="([^"]+)"[^>]*>([\\s\\S]*?)</tr>`, 'g'))) {
    const cells: Row = {};
    for (const c of m[2]!.matchAll(/<td[^>]*data-col="([^"]+)"[^>]*>([\s\S]*?)<\/td>/g)) cells[c[1]!] = decode(c[2]!);
    const head = /<th scope="row">([\s\S]*?)<\/th>/.exec(m[2]!);
    cells['head'] = head ? decode(head[1]!) : '';
    out.set(m[1]!, cells);
  }
  return out;
}

const order = (html: string) =>
  [...html.matchAll(/<tbody>[\s\S]*?<\/tbody>/g)].flatMap((b) => [...b[0].matchAll(/<tr data-agency="([^"]+)"/g)].map((m) => m[1]!));

const pct = (x: number | null) => (x === null ? '—' : formatPercent(x));
const interval = (i: ScoredIndex['interval']) => (i ? `${formatPercent(i[0])} – ${formatPercent(i[1])}` : '—');
const points = (c: number | null) => {
  if (c === null) return '—';
  const n = new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'exceptZero' }).format(
    Math.round(c * 10_000) / 100,
  );
  return `${n.replace('-', '−')} điểm %`;
};

async function selection(root: Agency, q: Record<string, string>) {
  const r = await resolveQuery(db, { agencyId: root.id, path: root.path }, ResultsQuery.parse(q));
  if (!r.ok) throw new Error('selection did not resolve');
  return r;
}

t.test('a coordinator at KHA sees every unit under KHA, with the service numbers', async (t) => {
  const res = await get(coordinator, '/admin/results?period=year&year=2026');
  t.equal(res.statusCode, 200);
  t.match(res.body, /<html/, 'a full page without htmx');
  t.match(res.headers['vary'], /HX-Request/, 'Vary names HX-Request');
  const rows = tableRows(res.body, 'agency');
  const children = await listChildren(db, kha.id);
  t.strictSame(
    [...rows.keys()].filter((c) => c !== 'KHA').sort(),
    children.map((c) => c.code).sort(),
    'one row per unit directly under KHA',
  );

  const s = await selection(kha, { period: 'year', year: '2026' });
  const expected = await overview(db, s.agency, s.filter, s.previous);
  t.ok(
    expected.rows.some((r) => r.rank !== null),
    'some rows are ranked',
  );
  t.ok(
    expected.rows.some((r) => r.change !== null),
    'some rows have a change',
  );
  for (const r of [expected.root, ...expected.rows]) {
    const row = rows.get(r.agency.code)!;
    t.ok(row, `row of ${r.agency.code}`);
    t.equal(row['responses'], formatNumber(r.responses), `${r.agency.code}: responses`);
    t.equal(row['n'], formatNumber(r.overall.n), `${r.agency.code}: n, the valid answers`);
    t.equal(row['share'], pct(r.overall.share), `${r.agency.code}: share`);
    t.equal(row['interval'], interval(r.overall.interval), `${r.agency.code}: interval`);
    t.equal(row['change'], points(r.change), `${r.agency.code}: change`);
    if (r !== expected.root) t.equal(row['rank'], r.rank === null ? '—' : String(r.rank), `${r.agency.code}: rank`);
    const target = r.overall.target;
    t.equal(
      row['target'],
      target ? `${target.comparator === '>' ? '>' : '≥'} ${formatPercent(target.threshold, 'vi', 0)}` : '—',
      `${r.agency.code}: target`,
    );
    const v = r.overall.verdict;
    const words =
      v.status === 'met'
        ? `✔ Đạt, ${v.clear ? 'rõ ràng' : 'chưa đủ chắc chắn'}`
        : v.status === 'not-met'
          ? `✖ Chưa đạt, ${v.clear ? 'rõ ràng' : 'chưa đủ chắc chắn'}`
          : v.status === 'insufficient'
            ? '○ Chưa đủ mẫu'
            : '– Chưa có chỉ tiêu';
    t.equal(row['verdict'], words, `${r.agency.code}: verdict in words`);
  }
  // The total row is the agency page's overall figure.
  const whole = await agencyResults(db, kha, s.filter);
  t.equal(rows.get('KHA')!['share'], pct(whole.overall.share), 'the total equals agencyResults()');
  t.equal(rows.get('KHA')!['responses'], formatNumber(whole.responses));

  const hrefs = [...res.body.matchAll(/<tr data-agency="KHA-SXD"[\s\S]*?<\/tr>/g)][0]![0]
    .match(/href="[^"]+"/g)!
    .map((h) => new URL(h.slice(6, -1).replace(/&amp;/g, '&'), 'http://x'));
  const params = (u: URL) => Object.fromEntries([...u.searchParams].sort());
  t.strictSame(
    [hrefs[0]!.pathname, params(hrefs[0]!)],
    ['/admin/results', { agency: 'KHA-SXD', period: 'year', year: '2026' }],
    'a row drills down keeping the filters',
  );
  t.strictSame(
    [hrefs[1]!.pathname, params(hrefs[1]!)],
    ['/admin/results/agency/KHA-SXD', { period: 'year', year: '2026' }],
    'and links to its agency page',
  );
  t.match(res.body, /<a href="\/admin\/results"( aria-current="page")?>Kết quả<\/a>/, 'the header links to the results');
});

t.test('units that ended are marked', async (t) => {
  const res = await get(coordinator, '/admin/results?period=year&year=2025');
  t.equal(res.statusCode, 200);
  t.match(tableRows(res.body, 'agency').get('NTH')!['head'], /\(đã kết thúc 30\/06\/2025\)/);
});

t.test('with the reorganisation toggle, the rows are those of overview() with predecessors', async (t) => {
  const res = await get(coordinator, '/admin/results?period=year&year=2025&predecessors=1');
  t.equal(res.statusCode, 200);
  t.match(res.body, /id="filter-predecessors" name="predecessors" value="1" checked/, 'the box stays ticked');
  const s = await selection(kha, { period: 'year', year: '2025', predecessors: '1' });
  const expected = await overview(db, s.agency, s.filter, s.previous);
  const rows = tableRows(res.body, 'agency');
  t.strictSame([...rows.keys()].filter((c) => c !== 'KHA').sort(), expected.rows.map((r) => r.agency.code).sort());
  for (const r of expected.rows) t.equal(rows.get(r.agency.code)!['share'], pct(r.overall.share), `${r.agency.code}: share`);
  const plain = tableRows((await get(coordinator, '/admin/results?period=year&year=2025')).body, 'agency');
  t.notSame(
    [...plain.values()].map((r) => r['responses']),
    [...rows.values()].map((r) => r['responses']),
    'and they differ from the units as they were',
  );
});

t.test('a manager at KHA-SXD sees only the KHA-SXD subtree', async (t) => {
  // KHA-SXD has no units under it: "Kết quả" lands on its own page; its overview is there when asked for.
  const landing = await get(manager, '/admin/results?period=year&year=2026');
  t.equal(landing.statusCode, 303);
  const res = await get(manager, '/admin/results?period=year&year=2026&agency=KHA-SXD');
  t.equal(res.statusCode, 200);
  const rows = tableRows(res.body, 'agency');
  const children = await listChildren(db, sxd.id);
  t.strictSame([...rows.keys()].sort(), [...children.map((c) => c.code), 'KHA-SXD'].sort(), 'KHA-SXD and the units under it');
  const s = await selection(sxd, { period: 'year', year: '2026' });
  const whole = await agencyResults(db, sxd, s.filter);
  t.equal(rows.get('KHA-SXD')!['share'], pct(whole.overall.share), 'its own total');
  t.notMatch(res.body, /Tỉnh Khánh Hòa<\/a>/, 'no breadcrumb above the scope');
  for (const url of [
    '/admin/results?agency=KHA',
    `/admin/results?agency=${stp.code}`,
    '/admin/results?agency=NOPE',
    '/admin/results/compare?agency=KHA',
    `/admin/results/compare?agency=${stp.code}`,
  ]) {
    const out = await get(manager, url);
    t.equal(out.statusCode, 404, `${url}: 404`);
    t.notMatch(out.body, /Sở Tư pháp|Tỉnh Khánh Hòa/, `${url}: reveals nothing`);
  }
});

t.test('an htmx request to the same URL gets the results panel only', async (t) => {
  const res = await get(coordinator, '/admin/results?period=year&year=2026&sort=share&dir=desc', { 'hx-request': 'true' });
  t.equal(res.statusCode, 200);
  t.notMatch(res.body, /<html|<header|<h1/, 'no page around it');
  t.match(res.body, /^\s*<div id="results-panel"/, 'the panel itself');
  t.match(res.body, /<form class="results-filters"/, 'with the filters');
  t.match(res.body, /<table class="results-table/, 'and the table');
  t.match(res.headers['vary'], /HX-Request/);
  const full = await get(coordinator, '/admin/results?period=year&year=2026&sort=share&dir=desc');
  t.strictSame(order(res.body), order(full.body), 'the same rows as the page');

  const compare = await get(coordinator, '/admin/results/compare?period=quarter&quarter=2026-Q3', { 'hx-request': 'true' });
  t.equal(compare.statusCode, 200);
  t.notMatch(compare.body, /<html/);
  t.match(compare.body, /^\s*<div id="results-panel"/);
});

t.test('bad filters: 422, the error summary links to the fields, what was typed is kept', async (t) => {
  const res = await get(coordinator, '/admin/results?period=month&month=2026-13&campaign=NOPE&channel=fax');
  t.equal(res.statusCode, 422);
  t.match(res.body, /class="error-summary"/);
  for (const id of ['filter-month', 'filter-channel']) t.match(res.body, new RegExp(`<a href="#${id}">`), `links to #${id}`);
  t.match(res.body, /id="filter-month" name="month" value="2026-13"/, 'the typed month is kept');
  t.match(res.body, /Tháng phải có dạng NNNN-TT/, 'the message is in Vietnamese');
  t.notMatch(res.body, /<table class="results-table/, 'no table');

  const unknown = await get(coordinator, '/admin/results?period=year&year=2026&campaign=NOPE');
  t.equal(unknown.statusCode, 422);
  t.match(unknown.body, /<a href="#filter-campaign">Không có đợt khảo sát mã này trong tỉnh\.<\/a>/);

  const order = await get(coordinator, '/admin/results?period=custom&from=2026-03-01&to=2026-02-01', { 'hx-request': 'true' });
  t.equal(order.statusCode, 422, 'an htmx request gets the 422 panel (htmx 4 swaps it)');
  t.notMatch(order.body, /<html/);
  t.match(order.body, /<a href="#filter-to">/);

  const en = await app.inject({
    url: '/admin/results?period=quarter&quarter=2026-Q5',
    cookies: { ...coordinator.cookies },
    headers: { 'accept-language': 'en' },
  });
  t.equal(en.statusCode, 422);

  const b = await get(coordinator, '/admin/results/compare?period=year&year=2026&b_from=2025-02-30&b_to=2025-03-01');
  t.equal(b.statusCode, 422);
  t.match(b.body, /<a href="#filter-b_from">/);
  t.match(b.body, /name="b_from" value="2025-02-30"/);
  const half = await get(coordinator, '/admin/results/compare?period=year&year=2026&b_from=2025-02-01&b_to=');
  t.equal(half.statusCode, 422, 'period B needs both days');
  t.match(half.body, /<a href="#filter-b_to">Cần nhập ngày\.<\/a>/);
});

t.test('sorting on the server, named in the URL', async (t) => {
  const s = await selection(kha, { period: 'year', year: '2026' });
  const expected = await overview(db, s.agency, s.filter, s.previous);
  const shareOf = new Map(expected.rows.map((r) => [r.agency.code, r.overall.share]));

  const desc = await get(coordinator, '/admin/results?period=year&year=2026&sort=share&dir=desc');
  t.equal(desc.statusCode, 200);
  const d = order(desc.body).map((c) => shareOf.get(c) ?? null);
  const known = d.filter((x): x is number => x !== null);
  t.strictSame(
    known,
    [...known].sort((a, b) => b - a),
    'shares descending',
  );
  t.strictSame(
    d.slice(known.length),
    d.filter((x) => x === null),
    'rows without a share last',
  );
  t.match(
    desc.body,
    /<th scope="col" class="num" aria-sort="descending">\s*<a id="sort-share" href="\/admin\/results\?period=year&amp;year=2026&amp;sort=share&amp;dir=asc"/,
    'aria-sort, and the link turns the order',
  );

  const asc = await get(coordinator, '/admin/results?period=year&year=2026&sort=share&dir=asc');
  const a = order(asc.body)
    .map((c) => shareOf.get(c) ?? null)
    .filter((x): x is number => x !== null);
  t.strictSame(
    a,
    [...known].sort((x, y) => x - y),
    'shares ascending',
  );

  const rank = await get(coordinator, '/admin/results?period=year&year=2026&sort=rank');
  const rankOf = new Map(expected.rows.map((r) => [r.agency.code, r.rank]));
  const ranks = order(rank.body)
    .map((c) => rankOf.get(c) ?? null)
    .filter((x): x is number => x !== null);
  t.ok(ranks.length > 1, 'ranked rows');
  t.strictSame(
    ranks,
    [...ranks].sort((x, y) => x - y),
    'ranks ascending by default',
  );

  const names = await get(coordinator, '/admin/results?period=year&year=2026&sort=agency&dir=desc');
  const collator = new Intl.Collator('vi');
  const nameOf = new Map(expected.rows.map((r) => [r.agency.code, r.agency.name_vi]));
  const n = order(names.body).map((c) => nameOf.get(c)!);
  t.strictSame(
    n,
    [...n].sort((x, y) => collator.compare(y, x)),
    'names descending',
  );

  const bad = await get(coordinator, '/admin/results?period=year&year=2026&sort=nope&dir=up');
  t.equal(bad.statusCode, 200, 'an unknown sort falls back to the default order');
  t.match(bad.body, /aria-sort="ascending">\s*<a id="sort-verdict"/, 'by verdict, those who miss first');
});

t.test('the comparison of two periods equals agencyResults() for each', async (t) => {
  let clear = 0;
  // The quarter shows ordinary changes; the centre's year has a criterion whose intervals part.
  for (const [code, q, previous] of [
    ['KHA', { period: 'quarter', quarter: '2026-Q3' }, { from: '2026-04-01', to: '2026-06-30' }],
    ['KHA-TTPVHCC', { period: 'year', year: '2026' }, { from: '2025-01-01', to: '2025-12-31' }],
  ] as const) {
    const res = await get(coordinator, `/admin/results/compare?agency=${code}&${new URLSearchParams(q)}`);
    t.equal(res.statusCode, 200);
    const agency = (await findAgencyByCode(db, code))!;
    const s = await selection(kha, { ...q, agency: code });
    const a = await agencyResults(db, agency, s.filter);
    const b = await agencyResults(db, agency, { ...s.filter, ...previous });
    const rows = tableRows(res.body, 'index');
    const all = (r: typeof a) => [r.overall, ...r.elements, ...r.criteria];
    t.equal(rows.size, all(a).length, `${code}: overall, every element and every criterion`);
    for (const [x, y] of all(a).map((x, i) => [x, all(b)[i]!] as const)) {
      const row = rows.get(x.code)!;
      t.equal(row['a-share'], pct(x.share), `${x.code}: A share`);
      t.equal(row['a-n'], formatNumber(x.n), `${x.code}: A n`);
      t.equal(row['a-interval'], interval(x.interval), `${x.code}: A interval`);
      t.equal(row['b-share'], pct(y.share), `${x.code}: B share`);
      t.equal(row['b-n'], formatNumber(y.n), `${x.code}: B n`);
      t.equal(row['b-interval'], interval(y.interval), `${x.code}: B interval`);
      const comparable = x.share !== null && y.share !== null && x.n >= a.minN && y.n >= a.minN;
      // Significant by a test with the respondent as the unit (server/domain/change.ts).
      const apart = comparable && significantChange(x, y) === true;
      if (apart) clear++;
      t.equal(
        row['change'],
        points(comparable ? x.share! - y.share! : null) + (apart ? ' ◆ rõ rệt' : ''),
        `${x.code}: change, clear only when significant`,
      );
    }
    t.match(res.body, /lớn hơn 1,96 lần sai số chuẩn của nó, tính với người trả lời là đơn vị/, 'the note says when a change is clear');
  }
  t.ok(clear > 0, 'at least one change is clear');

  const custom = await get(
    coordinator,
    '/admin/results/compare?agency=KHA&period=quarter&quarter=2026-Q3&b_from=2025-07-01&b_to=2025-09-30',
  );
  t.equal(custom.statusCode, 200);
  const s = await selection(kha, { period: 'quarter', quarter: '2026-Q3' });
  const b2 = await agencyResults(db, kha, { ...s.filter, from: '2025-07-01', to: '2025-09-30' });
  t.equal(tableRows(custom.body, 'index').get('overall')!['b-share'], pct(b2.overall.share), 'a custom period B');
  t.match(custom.body, /name="b_from" value="2025-07-01"/, 'kept in the form');
});

/** The default order written out again: miss clearly, miss, met uncertain, met clearly, then too few answers, then no target; by distance to the target within each. */
function attentionOrder(rows: Awaited<ReturnType<typeof overview>>['rows']): string[] {
  const place = (r: (typeof rows)[number]) => {
    const v = r.overall.verdict;
    if (v.status === 'not-met') return v.clear ? 0 : 1;
    if (v.status === 'met') return v.clear ? 3 : 2;
    return v.status === 'insufficient' ? 4 : 5;
  };
  const distance = (r: (typeof rows)[number]) =>
    place(r) < 4 && r.overall.share !== null && r.overall.target ? r.overall.share - r.overall.target.threshold : 0;
  const collator = new Intl.Collator('vi');
  return [...rows]
    .sort((a, b) => place(a) - place(b) || distance(a) - distance(b) || collator.compare(a.agency.name_vi, b.agency.name_vi))
    .map((r) => r.agency.code);
}

t.test('at a glance: the verdicts counted, those who miss first, the dot chart, n explained', async (t) => {
  // A lower minimum n gives this small demo every kind of verdict.
  await setSetting(db, 'results.min_n', 3);
  t.teardown(() => setSetting(db, 'results.min_n', 10));
  const res = await get(coordinator, '/admin/results?period=year&year=2026');
  t.equal(res.statusCode, 200);
  const s = await selection(kha, { period: 'year', year: '2026' });
  const expected = await overview(db, s.agency, s.filter, s.previous);
  const statuses = new Set(expected.rows.map((r) => r.overall.verdict.status));
  t.ok(
    statuses.has('met') && statuses.has('not-met') && statuses.has('insufficient'),
    'the demo has units that meet, miss and are too small',
  );

  const count = (pred: (r: (typeof expected.rows)[number]) => boolean) => expected.rows.filter(pred).length;
  const v = (r: (typeof expected.rows)[number]) => r.overall.verdict;
  const summary = {
    metClear: count((r) => v(r).status === 'met' && (v(r) as { clear: boolean }).clear),
    metUncertain: count((r) => v(r).status === 'met' && !(v(r) as { clear: boolean }).clear),
    notMet: count((r) => v(r).status === 'not-met'),
    insufficient: count((r) => v(r).status === 'insufficient'),
  };
  const line = (key: string) => decode(new RegExp(`<li data-summary="${key}"[^>]*>([\\s\\S]*?)</li>`).exec(res.body)?.[1] ?? '');
  t.equal(line('metClear'), `✔ ${summary.metClear} đạt chỉ tiêu rõ ràng`);
  t.equal(line('metUncertain'), `✔ ${summary.metUncertain} đạt nhưng chưa chắc chắn`);
  t.equal(line('notMet'), `✖ ${summary.notMet} không đạt`);
  t.equal(line('insufficient'), `○ ${summary.insufficient} chưa đủ phiếu để đánh giá`);
  t.match(decode(res.body), `Trong ${expected.rows.length} đơn vị trực thuộc:`);

  t.strictSame(order(res.body), attentionOrder(expected.rows), 'by verdict, then distance to the target');
  t.match(res.body, /aria-sort="ascending">\s*<a id="sort-verdict"/, 'the verdict column says it is the order');
  t.match(res.body, /Mặc định: đơn vị không đạt lên trước/, 'and the caption says why');

  const chart = /<svg[^>]*id="chart-overview"[\s\S]*?<\/svg>/.exec(res.body)?.[0] ?? '';
  t.ok(chart, 'the dot chart');
  t.match(chart, /role="img"/);
  const labels = [...chart.matchAll(/<g class="chart-row">([\s\S]*?)<\/g>/g)].map((m) =>
    decode(/<text class="chart-label"[\s\S]*?<\/text>/.exec(m[1]!)![0].replace(/<\/tspan>/g, ' ')),
  );
  const nameOf = new Map(expected.rows.map((r) => [r.agency.code, r.agency.name_vi]));
  t.strictSame(
    labels,
    order(res.body).map((c) => nameOf.get(c)),
    'a row per unit, in the order of the table',
  );
  t.equal(
    (chart.match(/class="chart-target-line"/g) ?? []).length,
    count((r) => r.overall.target !== null),
    'a target tick where a target applies',
  );
  t.equal(
    (chart.match(/chart-marker--tentative/g) ?? []).length,
    count((r) => v(r).status === 'insufficient' && r.overall.share !== null),
    'hollow dots for too few answers',
  );
  t.match(decode(res.body), /Trục ngang từ \d+% đến \d+%/, 'the axis is stated');
  t.match(res.body, /id="overview-counts-note"/, 'responses and n explained');
  t.match(decode(res.body), /n có thể nhỏ hơn số phiếu/);
});

t.test('period presets keep the rest of the selection; the full form is folded away', async (t) => {
  const today = localDay(new Date());
  const res = await get(coordinator, '/admin/results?channel=kiosk&sort=share&dir=desc');
  t.equal(res.statusCode, 200);
  const href = (key: string) =>
    new URL((new RegExp(`id="preset-${key}" href="([^"]+)"`).exec(res.body)?.[1] ?? '').replace(/&amp;/g, '&'), 'http://x');
  const params = (u: URL) => Object.fromEntries([...u.searchParams].sort());
  const keep = { channel: 'kiosk', sort: 'share', dir: 'desc' };
  t.strictSame(params(href('month')), { ...keep, period: 'month', month: today.slice(0, 7) });
  const q = Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1;
  t.strictSame(params(href('quarter')), { ...keep, period: 'quarter', quarter: `${today.slice(0, 4)}-Q${q}` });
  t.strictSame(params(href('year')), { ...keep, period: 'year', year: today.slice(0, 4) });
  const last = params(href('last12'));
  t.equal(last['to'], today, 'the last twelve months end today');
  t.equal(last['from']!.slice(0, 4), String(Number(today.slice(0, 4)) - 1), 'and start a year before');
  t.match(res.body, /id="preset-year" href="[^"]+"[^>]*aria-current="true"/, 'the default period is this year, marked');
  t.match(res.body, /<details class="filter-details" id="filter-details">/, 'the form is folded');

  const follow = await get(coordinator, href('last12').pathname + href('last12').search);
  t.equal(follow.statusCode, 200, 'a preset is a page');
  t.match(follow.body, /id="preset-last12" href="[^"]+"[^>]*aria-current="true"/);
  const bad = await get(coordinator, '/admin/results?period=month&month=2026-13');
  t.match(bad.body, /<details class="filter-details" id="filter-details" open>/, 'open when it has problems');
});

t.test('a manager of a unit without sub-units lands on their own page', async (t) => {
  const leaf = await db
    .selectFrom('agencies as a')
    .selectAll('a')
    .where('a.path', 'like', `${sxd.path}%`)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('agencies as c').select('c.id').whereRef('c.parent_id', '=', 'a.id'))))
    .orderBy('a.code')
    .executeTakeFirstOrThrow();
  await createUser(db, { email: 'manager@leaf.kha.gov.vn', role: 'manager', agencyId: leaf.id });
  const m = await signIn(app, 'manager@leaf.kha.gov.vn');
  const res = await get(m, '/admin/results?period=year&year=2026');
  t.equal(res.statusCode, 303);
  t.equal(res.headers['location'], `/admin/results/agency/${leaf.code}?period=year&year=2026`, 'their page, the filters kept');
  const page = await get(m, res.headers['location'] as string);
  t.equal(page.statusCode, 200);
  const bare = await get(m, '/admin/results');
  t.equal(bare.headers['location'], `/admin/results/agency/${leaf.code}`, '"Kết quả" in the header lands there too');
  const asked = await get(m, `/admin/results?agency=${leaf.code}`);
  t.equal(asked.statusCode, 200, 'the overview of the unit stays reachable when asked for');
  t.match(asked.body, /Đơn vị này không có đơn vị trực thuộc/);
  t.equal((await get(coordinator, '/admin/results')).statusCode, 200, 'a user whose agency has units under it gets the overview');
});

t.test('the staff home links to the results for readers only', async (t) => {
  const home = await get(manager, '/admin');
  t.match(home.body, /href="\/admin\/results"/);
  await createUser(db, { email: 'clerk@kha.gov.vn', role: 'clerk', agencyId: kha.id });
  const clerk = await signIn(app, 'clerk@kha.gov.vn');
  const page = await get(clerk, '/admin');
  t.notMatch(page.body, /href="\/admin\/results"/);
  t.equal((await get(clerk, '/admin/results')).statusCode, 403);
});
