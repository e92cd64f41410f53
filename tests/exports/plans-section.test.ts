// The section "Hạn chế và khắc phục" of the XLSX and PDF exports: the improvement plans of the
// selected agency's subtree for weaknesses found in the export's period (cancelled ones and other
// years' left out, other subtrees never), each with its figure, measures, agency responsible,
// deadline and status — overdue in words — and staff's text kept inert (a formula stays text, PDF
// syntax stays glyphs). Through runExport, in Vietnamese and in English.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import ExcelJS, { type CellValue } from 'exceljs';
import t from 'tap';
import { findAgencyByCode } from '../../server/db/queries/agencies.ts';
import { insertPlan, type PlanInput } from '../../server/db/queries/improvement-plans.ts';
import { flushResults } from '../../server/db/queries/results-write.ts';
import { createDemo } from '../../server/demo/create.ts';
import { runExport, type ExportFormat } from '../../server/exports/index.ts';
import { exportJob } from '../../server/exports/job.ts';
import type { Locale } from '../../server/i18n/index.ts';
import { resolveQuery, ResultsQuery } from '../../server/results/params.ts';
import { freshDatabase } from '../helpers/database.ts';

const database = await freshDatabase();
t.teardown(() => database.close());
const { db } = database;
await createDemo(db, { responses: 1500, now: new Date('2026-11-20T03:00:00Z'), seed: 'plans-export' });
await flushResults(db);
const dir = mkdtempSync(join(tmpdir(), 'hl-plans-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

const KHA = (await findAgencyByCode(db, 'KHA'))!;
const SXD = (await findAgencyByCode(db, 'KHA-SXD'))!;
const other = (await db
  .selectFrom('agencies')
  .selectAll()
  .where('parent_id', '=', KHA.id)
  .where('id', '<>', SXD.id)
  .orderBy('code')
  .executeTakeFirstOrThrow())!;
const sipas = Number((await db.selectFrom('questionnaires').select('id').where('code', '=', 'sipas-2017').executeTakeFirstOrThrow()).id);

const plan = (p: Partial<PlanInput>): PlanInput => ({
  agencyId: SXD.id,
  provinceId: KHA.id,
  questionnaireId: sipas,
  questionnaireVersion: null,
  indexCode: 'E1.2',
  periodFrom: '2026-01-01',
  periodTo: '2026-12-31',
  share: 0.6234,
  n: 120,
  intervalLow: 0.535,
  intervalHigh: 0.705,
  targetComparator: '>',
  targetThreshold: 0.8,
  weakness: 'Trang thiết bị tại bộ phận một cửa chưa đầy đủ',
  measures: 'Bổ sung máy tra cứu và ghế chờ',
  responsibleAgencyId: SXD.id,
  dueOn: '2026-03-31',
  createdBy: null,
  ...p,
});
// Overdue (its deadline passed, still planned); staff text that looks like a formula and like PDF syntax.
await insertPlan(db, plan({ measures: '=HYPERLINK("http://evil.example","bấm") /JavaScript (app.alert(1))' }));
// Another unit's plan, due later: listed in the province's export, not in the department's.
await insertPlan(
  db,
  plan({ agencyId: other.id, responsibleAgencyId: other.id, indexCode: 'E3', weakness: 'Thời gian chờ lâu', dueOn: '2099-06-30' }),
);
// Cancelled, and another year's: never listed.
const cancelled = await insertPlan(db, plan({ weakness: 'Kế hoạch đã hủy' }));
await db.updateTable('improvement_plans').set({ status: 'cancelled' }).where('id', '=', cancelled.id).execute();
await insertPlan(db, plan({ weakness: 'Hạn chế năm 2025', periodFrom: '2025-01-01', periodTo: '2025-12-31' }));

async function exported(format: ExportFormat, code: string, locale: Locale): Promise<Buffer> {
  const q = ResultsQuery.parse({ agency: code, period: 'year', year: '2026' });
  const resolved = await resolveQuery(db, { agencyId: KHA.id, path: KHA.path }, q);
  if (!resolved.ok) throw new Error('the selection does not resolve');
  const job = await exportJob(db, resolved, q, { locale, madeBy: 'tester@kha.gov.vn' });
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await runExport(format, job, out, { label: 'test', via: 'cli' });
  out.end();
  return Buffer.concat(chunks);
}

async function sheetRows(bytes: Buffer, name: string): Promise<CellValue[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}: ${wb.worksheets.map((w) => w.name).join(', ')}`);
  const out: CellValue[][] = [];
  ws.eachRow((row) => out.push((row.values as CellValue[]).slice(1)));
  return out;
}

let n = 0;
function pdfText(pdf: Buffer): string {
  const file = join(dir, `r${++n}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).normalize('NFC').replace(/\s+/g, ' ');
}

t.test('the XLSX sheet of the province: both units, the figure, overdue in words, formulas inert', async (t) => {
  const rows = await sheetRows(await exported('xlsx', 'KHA', 'vi'), 'Hạn chế và khắc phục');
  const header = rows.findIndex((r) => r[0] === 'Mã đơn vị');
  t.ok(header > 0, 'a header row under the caption');
  t.same(rows[header]!.slice(0, 6), ['Mã đơn vị', 'Đơn vị', 'Chỉ số', 'Kỳ số liệu', 'Tỷ lệ khi lập', 'n']);
  const data = rows.slice(header + 1);
  t.equal(data.length, 2, 'two plans: cancelled and 2025 ones left out');
  const sxd = data.find((r) => r[0] === 'KHA-SXD')!;
  t.equal(sxd[2], 'E1.2');
  t.equal(sxd[4], 0.6234, 'the share as a number');
  t.equal(sxd[5], 120);
  t.equal(sxd[7], '\'=HYPERLINK("http://evil.example","bấm") /JavaScript (app.alert(1))', 'a formula stays text');
  t.equal(sxd[10], 'Chưa bắt đầu (quá hạn)', 'overdue in words');
  const theirs = data.find((r) => r[0] === other.code)!;
  t.equal(theirs[10], 'Chưa bắt đầu', 'not yet due');
});

t.test('the department’s export lists its own plan only; English headers', async (t) => {
  const rows = await sheetRows(await exported('xlsx', 'KHA-SXD', 'en'), 'Weaknesses and improvement');
  const header = rows.findIndex((r) => r[0] === 'Agency code');
  const data = rows.slice(header + 1);
  t.same(
    data.map((r) => r[0]),
    ['KHA-SXD'],
  );
  t.equal(data[0]![10], 'Not started (overdue)');
});

t.test('the PDF section, in Vietnamese and English', async (t) => {
  const vi = pdfText(await exported('pdf', 'KHA', 'vi'));
  t.match(vi, 'Hạn chế và khắc phục');
  t.match(vi, 'E1.2 — Sở Xây dựng');
  t.match(vi, 'Trang thiết bị tại bộ phận một cửa chưa đầy đủ');
  t.match(vi, '62,34% (n = 120; khoảng tin cậy 95%: 53,50% – 70,50%; chỉ tiêu > 80%)');
  t.match(vi, 'Chưa bắt đầu (quá hạn)');
  t.match(vi, 'Thời gian chờ lâu');
  t.notMatch(vi, 'Kế hoạch đã hủy', 'cancelled plans are left out');
  t.notMatch(vi, 'Hạn chế năm 2025', 'another year’s weakness is left out');
  const en = pdfText(await exported('pdf', 'KHA-SXD', 'en'));
  t.match(en, 'Weaknesses and improvement');
  t.match(en, 'Not started (overdue)');
  t.notMatch(en, 'Thời gian chờ lâu', 'another unit’s plan is not in the department’s report');
});

t.test('without plans, the section says so', async (t) => {
  await db.deleteFrom('improvement_plans').execute();
  const text = pdfText(await exported('pdf', 'KHA', 'vi'));
  t.match(text, 'Chưa có kế hoạch khắc phục nào cho kỳ này.');
  const sheet = await sheetRows(await exported('xlsx', 'KHA', 'vi'), 'Hạn chế và khắc phục');
  t.ok(
    sheet.some((r) => r[0] === 'Chưa có kế hoạch khắc phục nào cho kỳ này.'),
    'the sheet’s caption says so',
  );
});
