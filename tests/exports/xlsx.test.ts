// The XLSX workbook on the demo province, downloaded through the staff route and the command line
// against one database and read back with exceljs: its sheets, Vietnamese headers, frozen rows and
// percent formats; the summary and criteria figures equal to GET /api/v1/results and overview();
// comments of reportable responses only, with formula payloads stored as inert text; the responses
// sheet holding exactly the reportable responses of the selection; scope and the audit log; and the
// stream: the caller ends it, a stalled reader pauses the export, a long selection spans sheets.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import ExcelJS, { type CellValue, type Worksheet } from 'exceljs';
import t from 'tap';
import { insertAgency } from '../../server/db/queries/agencies.ts';
import { listAudit } from '../../server/db/queries/audit.ts';
import { findQuestionnaireVersion } from '../../server/db/queries/questionnaires.ts';
import { insertResponses } from '../../server/db/queries/responses.ts';
import { flushResults } from '../../server/db/queries/results-write.ts';
import { setSetting } from '../../server/db/queries/settings.ts';
import { csvColumns } from '../../server/exports/csv.ts';
import { exportJob } from '../../server/exports/job.ts';
import { writeWorkbook } from '../../server/exports/xlsx.ts';
import { resolveQuery, ResultsQuery } from '../../server/results/params.ts';
import { expectations, overview } from '../../server/results/service.ts';
import { cli } from '../helpers/cli.ts';
import { exportWorld } from '../helpers/export-world.ts';
import { reportable, vnDay } from '../helpers/recount.ts';
import { createUser, signIn, type StaffSession } from '../helpers/staff.ts';

const FROM = '2026-01-01';
const TO = '2026-11-20';
const SELECTION = `?agency=KHA&period=custom&from=${FROM}&to=${TO}&questionnaire=sipas-2017`;
const PAYLOADS = ['=HYPERLINK("http://x")', '+1', '-2', '@SUM(A1)', '\tX', '\rY'];
const SHEETS_VI = [
  'Tổng hợp',
  'Tỷ lệ phản hồi',
  'Tiêu chí',
  'Quy tắc',
  'Mong muốn',
  'Bỏ dở',
  'Hạn chế và khắc phục',
  'Ý kiến',
  'Phương pháp',
];

const { dataDir, look, app, db, closeApp, kha, sxd, read, readSxd, apiResults } = await exportWorld(t, 'export-xlsx');
// Enough rows clear the minimum n for ranks, changes and verdicts to appear in a small demo.
await setSetting(db, 'results.min_n', 10);

const sipas = (await findQuestionnaireVersion(db, 'sipas-2017'))!;

// A unit whose name and whose citizens' comments are formula payloads, under the department;
// stored past cleanText (which trims a leading tab or CR), as the worst a stored text could be.
const trap = await insertAgency(db, {
  code: 'KHA-SXD-BAY',
  parentId: sxd.id,
  nameVi: '=Đơn vị thử',
  nameEn: null,
  kind: 'unit',
  validFrom: null,
  validTo: null,
});
const trapIds = PAYLOADS.map(() => randomUUID());
await insertResponses(
  db,
  PAYLOADS.map((_, i) => ({
    id: trapIds[i]!,
    questionnaireVersionId: sipas.versionId,
    campaignId: null,
    agencyId: trap.id,
    servicePointId: null,
    provinceId: kha.id,
    channel: 'online' as const,
    submittedAt: new Date(Date.UTC(2026, 10, 10, 2, i)),
    locale: 'vi' as const,
    answers: { 'E1.1': 4, 'E1.2': 0, 'X.IMPROVE': ['online'] },
    comment: null,
  })),
);
await db
  .insertInto('response_comments')
  .values(PAYLOADS.map((p, i) => ({ response_id: trapIds[i]!, province_id: kha.id, body: p })))
  .execute();
await flushResults(db);

const manager = await createUser(db, { email: 'manager@sxd.gov.vn', role: 'manager', agencyId: sxd.id });
const coordinator = await createUser(db, { email: 'coordinator@kha.gov.vn', role: 'coordinator', agencyId: kha.id });
const sessions: Record<'manager' | 'coordinator', StaffSession> = {
  manager: await signIn(app, manager.email, manager.password),
  coordinator: await signIn(app, coordinator.email, coordinator.password),
};

const staff = (who: keyof typeof sessions, query: string) =>
  app.inject({ url: `/admin/exports/xlsx${query}`, cookies: sessions[who].cookies });

async function load(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook;
}

async function download(who: keyof typeof sessions, query: string): Promise<ExcelJS.Workbook> {
  const res = await staff(who, query);
  if (res.statusCode !== 200) throw new Error(`${query}: ${res.statusCode}`);
  return load(res.rawPayload);
}

const sheet = (wb: ExcelJS.Workbook, name: string): Worksheet => {
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}: ${wb.worksheets.map((w) => w.name).join(', ')}`);
  return ws;
};
const values = (ws: Worksheet, row: number): CellValue[] => {
  const v = ws.getRow(row).values as CellValue[];
  return Array.from({ length: Math.max(0, v.length - 1) }, (_, i) => v[i + 1] ?? null);
};
/** The header row of a table sheet is the last frozen row. */
const headerRow = (ws: Worksheet) => (ws.views[0] as { ySplit: number }).ySplit;
/** The sheet's data rows as objects keyed by header text. */
function rowsOf(ws: Worksheet, header = headerRow(ws), first = header + 1): Record<string, CellValue>[] {
  const names = values(ws, header) as string[];
  const out: Record<string, CellValue>[] = [];
  for (let r = first; r <= ws.rowCount; r++) {
    const v = values(ws, r);
    if (v.every((x) => x === null)) continue;
    out.push(Object.fromEntries(names.map((n, i) => [n, v[i] ?? null])));
  }
  return out;
}
const intervalOf = (row: Record<string, CellValue>) => {
  const low = row['Cận dưới khoảng tin cậy 95%'];
  return low === null ? null : [low, row['Cận trên khoảng tin cậy 95%']];
};

const paths = new Map((await db.selectFrom('agencies').select(['id', 'path']).execute()).map((a) => [Number(a.id), a.path]));
/** Reportable responses of a selection, found from the raw rows without the export's query. */
async function expectedIds(agencyPath: string, from: string, to: string, channel?: string): Promise<string[]> {
  return (await reportable(db))
    .filter((r) => paths.get(r.agency_id)!.startsWith(agencyPath))
    .filter((r) => r.questionnaire_version_id === sipas.versionId)
    .filter((r) => vnDay(r.submitted_at) >= from && vnDay(r.submitted_at) <= to)
    .filter((r) => channel === undefined || r.channel === channel)
    .map((r) => r.id)
    .sort();
}

let khaWorkbook: ExcelJS.Workbook;

t.test('the workbook: title, sheets, Vietnamese headers, frozen rows, percent formats', async (t) => {
  const res = await staff('coordinator', SELECTION);
  t.equal(res.statusCode, 200);
  t.equal(res.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  t.match(res.headers['content-disposition'], `attachment; filename="hai-long_KHA_${FROM}_${TO}.xlsx"`);
  t.same([...res.rawPayload.subarray(0, 2)], [0x50, 0x4b], 'a zip');
  khaWorkbook = await load(res.rawPayload);
  const wb = khaWorkbook;
  t.equal(wb.title, 'Báo cáo kết quả khảo sát sự hài lòng', 'the title in the properties');
  t.same(
    wb.worksheets.map((w) => w.name),
    SHEETS_VI,
    'no responses sheet unless asked',
  );
  const summary = sheet(wb, 'Tổng hợp');
  t.equal(summary.getCell('A1').value, 'Báo cáo kết quả khảo sát sự hài lòng', 'and on the first sheet');
  t.match(summary.getCell('A2').value, 'Tỉnh Khánh Hòa (KHA)');
  for (const ws of wb.worksheets) {
    t.match(ws.views[0], { state: 'frozen' }, `${ws.name}: frozen`);
    t.ok(headerRow(ws) >= 2, `${ws.name}: its header row stays in view`);
    const header = values(ws, headerRow(ws));
    t.ok(
      header.every((h) => typeof h === 'string' && h.length > 0),
      `${ws.name}: a header in every column`,
    );
    t.ok(ws.getColumn(1).width! >= 8, `${ws.name}: columns have widths`);
  }
  t.same(values(summary, headerRow(summary)).slice(0, 12), [
    'Mã',
    'Cơ quan, đơn vị',
    'Số phiếu hợp lệ',
    'n (câu trả lời hợp lệ)',
    'Chỉ số hài lòng chung',
    'Cận dưới khoảng tin cậy 95%',
    'Cận trên khoảng tin cậy 95%',
    'Chỉ tiêu: so sánh',
    'Chỉ tiêu',
    'Kết luận',
    'Thay đổi so với kỳ trước (điểm %)',
    'Xếp hạng',
  ]);
  t.match(values(summary, headerRow(summary))[12], /^Yếu tố E1: Tiếp cận dịch vụ/);
  const first = summary.getRow(headerRow(summary) + 1);
  t.equal(first.getCell(1).value, 'KHA', 'the agency itself first');
  t.ok(first.getCell(1).font?.bold, 'in bold');
  for (const col of [5, 6, 7, 13]) {
    t.equal(typeof first.getCell(col).value, 'number', `column ${col} holds a number`);
    t.equal(first.getCell(col).numFmt, '0.00%', `column ${col} shows it as a percentage`);
  }
  t.equal(first.getCell(3).numFmt, '#,##0');
  const criteria = sheet(wb, 'Tiêu chí');
  t.same(values(criteria, headerRow(criteria)), [
    'Mã',
    'Tiêu chí',
    'Yếu tố',
    'n (câu trả lời hợp lệ)',
    'Không ý kiến',
    'Bỏ trống',
    'Tỷ lệ hài lòng',
    'Cận dưới khoảng tin cậy 95%',
    'Cận trên khoảng tin cậy 95%',
    'Chỉ tiêu: so sánh',
    'Chỉ tiêu',
    'Kết luận',
  ]);
  t.equal(criteria.getRow(headerRow(criteria) + 1).getCell(7).numFmt, '0.00%');
  t.same(values(sheet(wb, 'Ý kiến'), 2), ['Thời điểm gửi (giờ Việt Nam)', 'Mã cơ quan', 'Cơ quan, đơn vị', 'Kênh', 'Ý kiến']);
});

t.test('summary and criteria hold the figures of GET /api/v1/results and overview()', async (t) => {
  const wb = khaWorkbook;
  const summaryRows = rowsOf(sheet(wb, 'Tổng hợp'));
  const resolved = await resolveQuery(
    db,
    { agencyId: -1, path: '/' },
    ResultsQuery.parse({ agency: 'KHA', period: 'custom', from: FROM, to: TO }),
  );
  if (!resolved.ok) throw new Error('unresolved');
  const view = await overview(db, kha, resolved.filter, resolved.previous);
  t.same(
    summaryRows.map((r) => r['Mã']),
    [view.root, ...view.rows].map((r) => r.agency.code),
    'the agency, then each unit directly under it',
  );
  t.ok(view.rows.length >= 5);
  let ranked = 0;
  let changed = 0;
  let verdicts = 0;
  for (const [i, row] of [view.root, ...view.rows].entries()) {
    const x = summaryRows[i]!;
    const body = await apiResults(`?agency=${row.agency.code}&from=${FROM}&to=${TO}&questionnaire=sipas-2017`);
    t.equal(x['Số phiếu hợp lệ'], body.responses, `${row.agency.code}: responses`);
    t.equal(x['Chỉ số hài lòng chung'], body.overall.share, `${row.agency.code}: overall share`);
    t.equal(x['n (câu trả lời hợp lệ)'], body.overall.n);
    t.same(intervalOf(x), body.overall.interval, `${row.agency.code}: interval`);
    t.equal(x['Chỉ tiêu'], body.overall.target?.threshold ?? null, `${row.agency.code}: target`);
    for (const e of body.elements)
      t.equal(x[Object.keys(x).find((k) => k.startsWith(`Yếu tố ${e.code}:`))!], e.share, `${row.agency.code}: ${e.code}`);
    t.equal(x['Xếp hạng'], row.rank, `${row.agency.code}: rank`);
    t.equal(x['Thay đổi so với kỳ trước (điểm %)'], row.change, `${row.agency.code}: change`);
    if (row.rank !== null) ranked++;
    if (row.change !== null) changed++;
    const words = {
      met: /^Đạt \((rõ ràng|chưa đủ chắc chắn)\)$/,
      'not-met': /^Chưa đạt \((rõ ràng|chưa đủ chắc chắn)\)$/,
      insufficient: /^Chưa đủ mẫu$/,
      'no-target': /^Chưa có chỉ tiêu$/,
    }[body.overall.verdict as 'met'];
    t.match(x['Kết luận'], words, `${row.agency.code}: verdict in words`);
    if (body.overall.verdict === 'met' || body.overall.verdict === 'not-met') verdicts++;
  }
  t.ok(ranked >= 2 && changed > 0 && verdicts > 0, `ranks (${ranked}), changes (${changed}) and verdicts (${verdicts}) appear`);

  const body = await apiResults(`?agency=KHA&from=${FROM}&to=${TO}&questionnaire=sipas-2017`);
  const criteria = rowsOf(sheet(wb, 'Tiêu chí'));
  t.equal(criteria.length, 22);
  const shares = criteria.map((c) => c['Tỷ lệ hài lòng'] as number);
  t.same(
    shares,
    [...shares].sort((a, b) => a - b),
    'weakest first',
  );
  for (const c of criteria) {
    const api = body.criteria.find((x: { code: string }) => x.code === c['Mã'])!;
    t.same(
      [c['Tỷ lệ hài lòng'], c['n (câu trả lời hợp lệ)'], c['Không ý kiến'], c['Bỏ trống'], intervalOf(c)],
      [api.share, api.n, api.noOpinion, api.blank, api.interval],
      `${api.code}`,
    );
    t.equal(c['Yếu tố'], api.code.split('.')[0]);
  }
  t.match(criteria.find((c) => c['Mã'] === 'E1.1')!['Tiêu chí'], /\p{L}/u, 'the criterion’s text');
});

t.test('rules: the overall by each rule, the figures of GET /api/v1/results (issue 16)', async (t) => {
  const body = await apiResults(`?agency=KHA&from=${FROM}&to=${TO}&questionnaire=sipas-2017`);
  const ws = sheet(khaWorkbook, 'Quy tắc');
  const rows = rowsOf(ws);
  t.equal(rows.length, body.rules.length, 'one row per rule');
  t.same(
    body.rules.map((r: { rule: string }) => r.rule),
    ['criterion-mean', 'overall-question', 'units-equal'],
  );
  rows.forEach((row, i) => {
    const r = body.rules[i];
    t.equal(row['Chỉ số'], r.share, `${r.rule}: the share`);
    t.equal(row['n'], r.n, `${r.rule}: n`);
    t.equal(row['chính thức'], r.official ? '✔' : null, `${r.rule}: official or not`);
  });
  t.equal(body.rules[0].share, body.overall.share, 'the official rule is the overall of the summary');
  t.match(String(rows[2]!['Ghi chú']), /đơn vị trực thuộc/, 'units weighted equally says what it counts');
  const m = rowsOf(sheet(khaWorkbook, 'Phương pháp'));
  t.ok(
    m.some((r) => r['Nội dung'] === 'Quy tắc chính thức' || Object.values(r).includes('Quy tắc chính thức')),
    'the methodology names the official rule',
  );
});

t.test('expectations: the options, how many chose each and the share, from expectations()', async (t) => {
  const rows = rowsOf(sheet(khaWorkbook, 'Mong muốn'));
  const data = await expectations(db, kha, { agencyId: kha.id, from: FROM, to: TO, questionnaireId: sipas.questionnaireId });
  t.ok(data.shares.length > 3);
  t.same(
    rows.map((r) => [r['Mã'], r['Nội dung mong muốn'], r['Số người chọn'], r['Tỷ lệ người chọn']]),
    data.shares.map((s) => [s.value, s.label.vi, s.responses, s.share]),
  );
});

t.test('comments: every comment of the reportable responses, none of the others; payloads inert', async (t) => {
  const ws = sheet(khaWorkbook, 'Ý kiến');
  const rows = rowsOf(ws);
  const ids = new Set(await expectedIds(kha.path, FROM, TO));
  const all = await db.selectFrom('response_comments').select(['response_id', 'body']).execute();
  const expected = all.filter((c) => ids.has(c.response_id) && c.body.trim() !== '');
  t.ok(all.length > expected.length, 'the demo has comments on responses that are not reportable');
  t.equal(rows.length, expected.length, `${expected.length} comments`);
  const times = rows.map((r) => (r['Thời điểm gửi (giờ Việt Nam)'] as Date).getTime());
  t.same(
    times,
    [...times].sort((a, b) => a - b),
    'in the order they were sent',
  );
  for (const p of PAYLOADS) {
    // XML reads a bare carriage return back as a line feed: the text is otherwise as stored.
    const stored = `'${p}`.replace('\r', '\n');
    const r = ws.getRows(headerRow(ws) + 1, ws.rowCount - headerRow(ws))!.find((row) => row.getCell(5).value === stored);
    t.ok(r, `${JSON.stringify(p)} is there with its apostrophe`);
    const cell = r!.getCell(5);
    t.equal(cell.type, ExcelJS.ValueType.String, 'a string cell');
    t.equal(cell.formula, undefined, 'no formula');
    t.equal(r!.getCell(3).value, "'=Đơn vị thử", 'the unit’s name too');
    t.equal(r!.getCell(1).value instanceof Date, true);
    t.equal(r!.getCell(1).numFmt, 'dd/mm/yyyy hh:mm');
  }
  const at = rows.find((r) => r['Ý kiến'] === `'${PAYLOADS[0]}`)!['Thời điểm gửi (giờ Việt Nam)'] as Date;
  t.equal(at.toISOString(), '2026-11-10T09:00:00.000Z', '09:00 in Viet Nam is shown as 09:00');
  t.equal(rows.find((r) => r['Ý kiến'] === `'${PAYLOADS[0]}`)!['Kênh'], 'Trực tuyến (QR, đường dẫn)');
  for (const ws2 of khaWorkbook.worksheets) {
    ws2.eachRow((row) =>
      row.eachCell((cell) => {
        if (cell.type === ExcelJS.ValueType.Formula) t.fail(`${ws2.name}!${cell.address} is a formula`);
        if (typeof cell.value === 'string' && /^[=+\-@\t\r]/.test(cell.value))
          t.fail(`${ws2.name}!${cell.address} begins like a formula: ${JSON.stringify(cell.value)}`);
      }),
    );
  }
});

t.test('methodology: the rule, the filters as given, the period, who made it and when', async (t) => {
  const rows = rowsOf(sheet(khaWorkbook, 'Phương pháp'));
  const item = (label: string | RegExp) =>
    rows.find((r) => (typeof label === 'string' ? r['Mục'] === label : label.test(String(r['Mục']))))?.['Nội dung'];
  t.equal(item('Cơ quan, đơn vị'), 'Tỉnh Khánh Hòa (KHA)');
  t.equal(item('Kỳ báo cáo'), '01/01/2026 – 20/11/2026');
  t.match(item('Bộ câu hỏi'), /^\S.* \(sipas-2017\)$/);
  t.match(item('Phiên bản'), /mọi phiên bản gộp theo mã câu hỏi, tính theo phiên bản 1/);
  t.equal(item('Quy tắc tính chỉ số'), 'Trung bình tiêu chí (SIPAS, mặc định) (criterion-mean)');
  t.match(item('Cách tính'), 'Chỉ số tiêu chí = số câu trả lời hài lòng ÷ n');
  t.match(item('Khoảng tin cậy 95%'), 'Wilson');
  t.match(item('Kết luận so với chỉ tiêu'), 'Dưới 10 câu trả lời hợp lệ: chưa đủ mẫu');
  t.equal(item('Số câu trả lời hợp lệ tối thiểu để kết luận'), 10);
  t.equal(item('Bộ lọc (như đã chọn): Cơ quan'), 'KHA (agency)');
  t.equal(item('Bộ lọc (như đã chọn): Từ ngày'), `${FROM} (from)`);
  t.equal(item('Bộ lọc (như đã chọn): Bộ câu hỏi'), 'sipas-2017 (questionnaire)');
  t.equal(item('Người lập'), coordinator.email);
  t.match(item('Lập lúc'), /^\d{2}:\d{2} \d{2}\/\d{2}\/\d{4}$/);
  t.match(item('Phương pháp đầy đủ'), '/phuong-phap');
});

t.test('the responses sheet on request: one row per reportable response, the CSV’s columns', async (t) => {
  const query = `?agency=KHA&period=custom&from=2026-01-01&to=2026-06-30&questionnaire=sipas-2017&channel=paper&responses=1`;
  const wb = await download('coordinator', query);
  t.same(
    wb.worksheets.map((w) => w.name),
    [...SHEETS_VI, 'Phiếu khảo sát'],
  );
  const ws = sheet(wb, 'Phiếu khảo sát');
  t.match(ws.views[0], { state: 'frozen', ySplit: 2 }, 'names and question texts stay in view');
  const q = await (await import('../../server/results/selection.ts')).selectQuestionnaire(db, sipas.questionnaireId);
  const columns = await csvColumns({ db, locale: 'vi', includeIdentifiers: false }, q);
  t.same(
    values(ws, 1),
    columns.map((c) => c.name),
    'the CSV file’s column names',
  );
  t.same(
    values(ws, 2),
    columns.map((c) => c.label),
    'and its labels under them',
  );
  const rows = rowsOf(ws, 1, 3);
  const expected = await expectedIds(kha.path, '2026-01-01', '2026-06-30', 'paper');
  t.ok(expected.length > 20, `a selection of ${expected.length}`);
  t.equal(rows.length, expected.length, `${expected.length} rows`);
  t.same(rows.map((r) => r['id']).sort(), expected, 'exactly the reportable responses of the selection');
  t.ok(rows.every((r) => r['channel'] === 'paper'));
  t.ok(
    rows.every((r) => r['submitted_at'] instanceof Date),
    'instants are dates',
  );
  t.ok(
    rows.some((r) => typeof r['E1.1'] === 'number'),
    'answers are numbers',
  );
  const [entry] = await listAudit(db, { action: 'export.xlsx', limit: 1 });
  t.match(entry, {
    actor_user_id: coordinator.id,
    agency_id: kha.id,
    details: { via: 'web', format: 'xlsx', includeResponses: true, filters: { channel: 'paper' } },
  });
  const summaryRows = rowsOf(sheet(wb, 'Tổng hợp')).length;
  const sheets = wb.worksheets.map((w) => (w.name === 'Phiếu khảo sát' ? rows.length : rowsOf(w).length));
  t.equal(
    (entry!.details as { rows: number }).rows,
    sheets.reduce((a, b) => a + b, 0),
    'the audit counts the data rows of every sheet',
  );
  t.ok(summaryRows > 1);
});

t.test('English on request: sheet names, headers and verdicts', async (t) => {
  const wb = await download('coordinator', `${SELECTION}&lang=en`);
  t.equal(wb.title, 'Citizen satisfaction survey results');
  t.same(
    wb.worksheets.map((w) => w.name),
    ['Summary', 'Response rate', 'Criteria', 'Rules', 'Expectations', 'Drop-off', 'Weaknesses and improvement', 'Comments', 'Methodology'],
  );
  const summary = sheet(wb, 'Summary');
  t.same(values(summary, headerRow(summary)).slice(0, 5), [
    'Code',
    'Agency',
    'Reportable responses',
    'n (valid answers)',
    'Overall satisfaction',
  ]);
  t.match(values(summary, headerRow(summary) + 1)[9], /^(Met|Not met|Sample too small|No target)/);
});

t.test('scope: 404 outside a manager’s subtree, 403 for a department token; audited', async (t) => {
  const outside = await staff('manager', SELECTION);
  t.equal(outside.statusCode, 404, 'a manager at KHA-SXD does not export the province');
  t.not(outside.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const inside = await staff('manager', SELECTION.replace('agency=KHA&', 'agency=KHA-SXD&'));
  t.equal(inside.statusCode, 200);
  const wb = await load(inside.rawPayload);
  const rows = rowsOf(sheet(wb, 'Tổng hợp'));
  t.same(
    rows.map((r) => r['Mã']),
    [
      'KHA-SXD',
      ...(await overview(db, sxd, { agencyId: sxd.id, from: FROM, to: TO, questionnaireId: sipas.questionnaireId }, null)).rows.map(
        (r) => r.agency.code,
      ),
    ],
  );
  t.ok(rows.some((r) => r['Mã'] === 'KHA-SXD-BAY'));
  const token = (tok: string, q: string) => app.inject({ url: `/api/v1/exports/xlsx?${q}`, headers: { authorization: `Bearer ${tok}` } });
  const denied = await token(readSxd, `agency=KHA&from=${FROM}&to=${TO}&questionnaire=sipas-2017`);
  t.equal(denied.statusCode, 403, 'a department token may not export its province');
  const viaApi = await token(read, `agency=KHA-SXD&from=${FROM}&to=${TO}&questionnaire=sipas-2017`);
  t.equal(viaApi.statusCode, 200);
  t.same(
    (await load(viaApi.rawPayload)).worksheets.map((w) => w.name),
    SHEETS_VI,
  );
  const [entry] = await listAudit(db, { action: 'export.xlsx', limit: 1 });
  t.match(entry, { agency_id: sxd.id, actor_label: /^api-token:\d+$/, details: { via: 'api', format: 'xlsx', agency: 'KHA-SXD' } });
});

/** A job as the command line builds it, for the stream tests below. */
async function job(query: Record<string, string>, includeResponses = true) {
  const parsed = ResultsQuery.parse({ period: 'custom', questionnaire: 'sipas-2017', ...query });
  const resolved = await resolveQuery(db, { agencyId: -1, path: '/' }, parsed);
  if (!resolved.ok) throw new Error(JSON.stringify(resolved.problems));
  return exportJob(db, resolved, parsed, { locale: 'vi', madeBy: 'test', includeResponses });
}

function collect(): { out: PassThrough; bytes: () => Buffer } {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  return { out, bytes: () => Buffer.concat(chunks) };
}

t.test('the caller ends the stream: exceljs’ commit does not', async (t) => {
  const { out, bytes } = collect();
  const { rows } = await writeWorkbook(await job({ agency: 'KHA-SXD', from: FROM, to: TO }), out);
  t.equal(out.writableEnded, false, 'still open after the workbook is written');
  out.write(Buffer.alloc(0));
  out.end();
  const wb = await load(bytes());
  t.equal(
    rows,
    wb.worksheets.reduce((n, w) => n + (w.name === 'Phiếu khảo sát' ? w.rowCount - 2 : rowsOf(w).length), 0),
  );
  t.equal(sheet(wb, 'Phiếu khảo sát').rowCount - 2, (await expectedIds(sxd.path, FROM, TO)).length);
});

t.test('a stalled reader pauses the export; when it reads again the workbook completes', async (t) => {
  const chunks: Buffer[] = [];
  let stalled = true;
  const waiting: (() => void)[] = [];
  const out = new Writable({
    highWaterMark: 1024,
    write(chunk: Buffer, _e, callback) {
      chunks.push(chunk);
      if (stalled) waiting.push(() => callback());
      else callback();
    },
  });
  let done = false;
  let written = 0;
  const expected = (await expectedIds(kha.path, '2025-11-21', TO)).length;
  t.ok(expected > 200, `${expected} responses`);
  const opts = {
    backlogLimit: 16 * 1024,
    pageSize: 10,
    progress: (p: { sheet: string; responses: number }) => void (p.sheet === 'responses' && (written = p.responses)),
  };
  const writing = writeWorkbook(await job({ agency: 'KHA', from: '2025-11-21', to: TO }), out, opts).then((r) => {
    done = true;
    return r;
  });
  await new Promise((r) => setTimeout(r, 1500));
  t.equal(done, false, 'still waiting for the reader');
  // A page of 10 rows is ~10 kB of XML; exceljs holds up to 64 kB per sheet before zipping it.
  t.ok(written < expected / 2, `it stopped reading responses after a few pages (${written} of ${expected})`);
  const held = chunks.reduce((n, c) => n + c.length, 0);
  t.ok(held < 64 * 1024, `the reader got only what it took before it stopped (${held} bytes)`);
  stalled = false;
  for (const release of waiting.splice(0)) release();
  const { rows } = await writing;
  t.equal(written, expected, 'then read them all');
  out.end();
  const wb = await load(Buffer.concat(chunks));
  t.equal(sheet(wb, 'Phiếu khảo sát').rowCount - 2, expected, 'every response is there');
  t.ok(rows > expected);
});

t.test('a selection longer than a sheet continues on the next one', async (t) => {
  const { out, bytes } = collect();
  await writeWorkbook(await job({ agency: 'KHA', from: FROM, to: TO }), out, { sheetRows: 50 });
  out.end();
  const wb = await load(bytes());
  const parts = wb.worksheets.filter((w) => w.name.startsWith('Phiếu khảo sát'));
  const expected = await expectedIds(kha.path, FROM, TO);
  t.ok(expected.length > 150, `${expected.length} responses`);
  t.equal(parts.length, Math.ceil(expected.length / 50));
  t.same(parts.map((w) => w.name).slice(0, 3), ['Phiếu khảo sát', 'Phiếu khảo sát (2)', 'Phiếu khảo sát (3)']);
  t.ok(parts.slice(0, -1).every((w) => w.rowCount - 2 === 50));
  t.same(parts.flatMap((w) => rowsOf(w, 1, 3).map((r) => r['id'])).sort(), expected, 'every response once');
});

t.test('a reader that goes away stops the export with an error, not a hang', async (t) => {
  const out = new PassThrough();
  out.on('data', () => out.destroy());
  await t.rejects(writeWorkbook(await job({ agency: 'KHA', from: FROM, to: TO }), out, { backlogLimit: 32 * 1024 }), /destination closed/);
});

t.test('hailong export --format xlsx writes a complete workbook with the same figures', async (t) => {
  const expected = rowsOf(sheet(khaWorkbook, 'Tổng hợp'));
  await closeApp();
  const file = join(dataDir, 'kha.xlsx');
  const r = await cli(
    'export',
    '--format',
    'xlsx',
    '--agency',
    'KHA',
    '--from',
    FROM,
    '--to',
    TO,
    '--questionnaire',
    'sipas-2017',
    '--responses',
    '--out',
    file,
  );
  t.equal(r.code, 0, r.err);
  const wb = await load(readFileSync(file));
  t.same(
    wb.worksheets.map((w) => w.name),
    [...SHEETS_VI, 'Phiếu khảo sát'],
  );
  t.same(rowsOf(sheet(wb, 'Tổng hợp')), expected, 'the summary the staff route gave');
  t.match(r.err, /^Đã xuất \d+ dòng vào /);
  const [entry] = await look((db) => listAudit(db, { action: 'export.xlsx', limit: 1 }));
  t.match(entry, { actor_label: 'cli', details: { via: 'cli', format: 'xlsx', includeResponses: true } });
});
