// Where citizens stop the online survey: real citizens walk the survey and stop at different places
// (one expires and is wiped, one starts again, one is in another province, one started last year);
// the agency page's panel, its fragment and the XLSX sheet show exactly a recount from the drafts.
import t from 'tap';
import ExcelJS from 'exceljs';
import { buildTestApp } from '../helpers/app.ts';
import { recountDropOff } from '../helpers/recount.ts';
import { Citizen, sipasPlan, surveyWorld } from '../helpers/survey.ts';
import { createUser, signIn } from '../helpers/staff.ts';
import { findQuestionnaireVersion } from '../../server/db/queries/questionnaires.ts';
import { wipeExpiredDrafts } from '../../server/db/queries/drafts.ts';
import { addDays } from '../../server/domain/period.ts';
import { localDay } from '../../server/i18n/format.ts';
import { draftIdHash } from '../../server/routes/survey/draft-cookie.ts';

const { app, database } = await buildTestApp();
t.teardown(() => app.close());
const db = database.db;
const world = await surveyWorld(db);
const sipas = (await findQuestionnaireVersion(db, 'sipas-2017'))!;
const TODAY = localDay(new Date());
const FROM = addDays(TODAY, -30);
const SELECTION = `period=custom&from=${FROM}&to=${TODAY}&questionnaire=sipas-2017`;

let ip = 10;
const citizen = () => new Citizen(app, { ip: `198.51.100.${ip++}` });
const scale = (codes: string[]) => codes.map((c): [string, string] => [c, '4']);
const draftOf = (c: Citizen) => draftIdHash(c.jar['hl_survey']!);

// A: opened and left on page 1. B: left on page 3. C: everything but the send, E5 = Không.
// D, E: sent (E5 Có, Không). F: two pages, then a day passed (wiped). G: another province.
// H: last year. I: started again after page 1. J: a campaign address with another questionnaire.
const a = citizen();
await a.start('/s/SP-D');
const b = citizen();
await b.start('/s/SP-D');
await b.post('/s/SP-D/p/1', scale(['E1.1', 'E1.2', 'E1.3', 'E1.4', 'E1.S']));
await b.post('/s/SP-D/p/2', scale(['E2.1', 'E2.2', 'E2.3', 'E2.4', 'E2.5', 'E2.S']));
const c = citizen();
await c.start('/s/SP-D2');
await c.answerUntilReview('/s/SP-D2/p/1', sipasPlan, (q) => (q.code === 'E5.0' ? ['2'] : undefined));
for (const e5 of ['1', '2']) {
  const d = citizen();
  await d.start('/s/SP-D');
  await d.answerUntilReview('/s/SP-D/p/1', sipasPlan, (q) => (q.code === 'E5.0' ? [e5] : undefined));
  await d.post('/s/SP-D/review', []);
}
const f = citizen();
await f.start('/s/SP-D');
for (const [n, codes] of [
  [1, ['E1.1', 'E1.2', 'E1.3', 'E1.4', 'E1.S']],
  [2, ['E2.1', 'E2.2', 'E2.3', 'E2.4', 'E2.5', 'E2.S']],
] as const)
  await f.post(`/s/SP-D/p/${n}`, scale([...codes]));
await db
  .updateTable('survey_drafts')
  .set({ expires_at: new Date(Date.now() - 1000) })
  .where('id_hash', '=', draftOf(f))
  .execute();
await wipeExpiredDrafts(db, new Date());
const g = citizen();
await g.start('/s/SP-Q');
await g.answerUntilReview('/s/SP-Q/p/1', sipasPlan);
await g.post('/s/SP-Q/review', []);
const h = citizen();
await h.start('/s/SP-D');
await db
  .updateTable('survey_drafts')
  .set({ started_at: new Date(Date.now() - 400 * 86400_000) })
  .where('id_hash', '=', draftOf(h))
  .execute();
const i = citizen();
await i.start('/s/SP-D');
await i.post('/s/SP-D/p/1', scale(['E1.1', 'E1.2', 'E1.3', 'E1.4', 'E1.S']));
await i.post('/s/SP-D/restart', []);
const j = citizen();
await j.get('/c/P-QUICK');
await j.post('/c/P-QUICK', [['place', 'SP-D']]);

const province = (await db.selectFrom('agencies').select('path').where('id', '=', world.provinceId).executeTakeFirstOrThrow()).path;
const expected = await recountDropOff(db, { path: province, versionId: sipas.versionId, from: FROM, to: TODAY, pages: 10 });
const STEPS = ['Bắt đầu', ...Array.from({ length: 10 }, (_, k) => `Trang ${k + 1}`), 'Trang kiểm tra', 'Đã gửi'];

await createUser(db, { email: 'manager@p.gov.vn', role: 'manager', agencyId: world.provinceId });
const staff = await signIn(app, 'manager@p.gov.vn');
const get = (url: string, headers: Record<string, string> = {}) => app.inject({ url, cookies: staff.cookies, headers });

/** The drop-off table of a version on a page: [step, section, drafts, share] per row. */
function tableOf(html: string, version: number): string[][] {
  const table = new RegExp(`<table class="results-table" id="drop-off-v${version}-table">([\\s\\S]*?)</table>`).exec(html)?.[1] ?? '';
  return [
    ...table.matchAll(/<th scope="row">(.*?)<\/th>\s*<td[^>]*>(.*?)<\/td>\s*<td class="num">(.*?)<\/td>\s*<td class="num">(.*?)<\/td>/g),
  ].map((m) => [m[1]!, m[2]!, m[3]!, m[4]!]);
}

t.test('the recount itself: the walks above stop where they were meant to', async (t) => {
  // A, B, C, D, E, F, I(new) started at P in the period; G is in Q, H last year, I's first draft is gone.
  t.strictSame(expected, [7, 7, 5, 5, 3, 3, 3, 3, 3, 3, 3, 3, 2]);
});

t.test('the agency page shows the drop-off of the selection, equal to the recount', async (t) => {
  const res = await get(`/admin/results/agency/P?${SELECTION}`);
  t.equal(res.statusCode, 200);
  t.match(res.body, /<h2 id="drop-off-heading">Người dân dừng ở đâu khi trả lời trực tuyến<\/h2>/);
  const rows = tableOf(res.body, sipas.version);
  t.strictSame(
    rows.map((r) => r[0]),
    STEPS,
  );
  t.strictSame(
    rows.map((r) => Number(r[2])),
    expected,
    'every step as recounted from the drafts',
  );
  t.equal(rows[3]![3], '71,43%', 'shares of those started, in vi-VN');
  t.equal(rows[1]![1], 'Tiếp cận dịch vụ hành chính công của cơ quan hành chính nhà nước', 'each page named by what it asks');
  t.match(rows[6]![1], /\(tiếp\)$/, 'the E5 criteria page continues its element');
  t.match(res.body, /<svg[^>]*id="drop-off-v1-chart"[^>]*role="img"/, 'a chart drawn on the server');
  t.match(res.body, /<title id="drop-off-v1-chart-title">Số phiếu trực tuyến đến từng bước, phiên bản 1<\/title>/);
});

t.test('the same panel as a fragment of its own, and as a page without htmx', async (t) => {
  const fragment = await get(`/admin/results/agency/P/drop-off?${SELECTION}`, { 'hx-request': 'true' });
  t.equal(fragment.statusCode, 200);
  t.notMatch(fragment.body, /<html/, 'the panel alone');
  t.match(fragment.headers['vary'], /HX-Request/);
  t.strictSame(
    tableOf(fragment.body, sipas.version).map((r) => Number(r[2])),
    expected,
  );
  const page = await get(`/admin/results/agency/P/drop-off?${SELECTION}`);
  t.match(page.body, /<html lang="vi">/);
  t.match(page.body, /<li aria-current="page">Bỏ dở khảo sát trực tuyến<\/li>/);
  const dept = await get(`/admin/results/agency/P-D/drop-off?${SELECTION}`, { 'hx-request': 'true' });
  t.strictSame(
    tableOf(dept.body, sipas.version).map((r) => Number(r[2])),
    expected,
    'the department holds every draft of the province here (Q is elsewhere)',
  );
  const q = await get(`/admin/results/agency/Q/drop-off?${SELECTION}`);
  t.equal(q.statusCode, 404, 'another province is out of scope');
  const kiosk = await get(`/admin/results/agency/P/drop-off?${SELECTION}&channel=kiosk`, { 'hx-request': 'true' });
  t.match(kiosk.body, /không có số liệu bỏ dở/, 'another channel has no drafts, and says so');
  const quick = await get(`/admin/results/agency/P/drop-off?period=custom&from=${FROM}&to=${TODAY}&questionnaire=counter-quick`, {
    'hx-request': 'true',
  });
  t.strictSame(
    tableOf(quick.body, 1).map((r) => Number(r[2])),
    [1, 1, 0, 0, 0, 0],
    'another questionnaire, its own pages',
  );
  const english = await get(`/admin/results/agency/P/drop-off?${SELECTION}`, { 'hx-request': 'true', cookie: 'lang=en' });
  t.match(english.body, /Where citizens stop the online survey/);
  t.match(english.body, /<th scope="row">Check answers page<\/th>/);
  const bad = await get(`/admin/results/agency/P/drop-off?period=custom&from=2026-13-01&to=${TODAY}`);
  t.equal(bad.statusCode, 422, 'a bad selection is a 422 with its problems');
  t.match(bad.body, /class="error-summary"/);
});

t.test('the XLSX export has a drop-off sheet with the same figures', async (t) => {
  const res = await get(`/admin/exports/xlsx?agency=P&${SELECTION}`);
  t.equal(res.statusCode, 200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('Bỏ dở');
  t.ok(ws, 'a sheet "Bỏ dở"');
  const header = (ws!.views[0] as { ySplit: number }).ySplit;
  t.strictSame((ws!.getRow(header).values as unknown[]).slice(1), [
    'Phiên bản',
    'Bước',
    'Nội dung trang',
    'Số phiếu',
    'Tỷ lệ so với số bắt đầu',
  ]);
  const rows: unknown[][] = [];
  ws!.eachRow((row, n) => {
    if (n > header) rows.push((row.values as unknown[]).slice(1));
  });
  t.strictSame(
    rows.map((r) => r[1]),
    STEPS,
  );
  t.strictSame(
    rows.map((r) => r[3]),
    expected,
    'drafts per step as recounted',
  );
  t.ok(
    rows.every((r) => r[0] === 1),
    'of version 1',
  );
  t.equal(rows[3]![4], 5 / 7, 'the share as a number, formatted as a percentage');
  t.equal(ws!.getRow(header + 4).getCell(5).numFmt, '0.00%');
});
