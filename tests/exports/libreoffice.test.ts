// The files a coordinator downloads from the dashboard, opened in LibreOffice Calc (headless) the way
// a person opens them: the workbook's summary holds the dashboard's figures and the Vietnamese names
// with their diacritics; the CSV, read as UTF-8 text, has its header in A1 (the BOM is not in a
// cell), one row per response, Vietnamese intact, and a citizen's formula payload as plain text.
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import t from 'tap';
import { findQuestionnaireVersion } from '../../server/db/queries/questionnaires.ts';
import { insertResponses } from '../../server/db/queries/responses.ts';
import { flushResults } from '../../server/db/queries/results-write.ts';
import { setSetting } from '../../server/db/queries/settings.ts';
import { exportWorld } from '../helpers/export-world.ts';
import { libreOfficeScratch } from '../helpers/libreoffice.ts';
import { createUser, signIn } from '../helpers/staff.ts';

const FROM = '2026-01-01';
const TO = '2026-11-20';
const SELECTION = `?agency=KHA&period=custom&from=${FROM}&to=${TO}&questionnaire=sipas-2017`;
const PAYLOAD = '=HYPERLINK("http://x","bấm")';

const { app, db, kha, sxd, apiResults } = await exportWorld(t, 'export-libreoffice');
await setSetting(db, 'results.min_n', 10);
const sipas = (await findQuestionnaireVersion(db, 'sipas-2017'))!;
const trapId = randomUUID();
await insertResponses(db, [
  {
    id: trapId,
    questionnaireVersionId: sipas.versionId,
    campaignId: null,
    agencyId: sxd.id,
    servicePointId: null,
    provinceId: kha.id,
    channel: 'online',
    submittedAt: new Date(Date.UTC(2026, 10, 10, 2, 0)),
    locale: 'vi',
    answers: { 'E1.1': 4, OVERALL: 5 },
    comment: PAYLOAD,
  },
]);
await flushResults(db);

const coordinator = await createUser(db, { email: 'coordinator@kha.gov.vn', role: 'coordinator', agencyId: kha.id });
const session = await signIn(app, coordinator.email, coordinator.password);
const lo = libreOfficeScratch(t);
const names = new Map((await db.selectFrom('agencies').select(['code', 'name_vi']).execute()).map((a) => [a.code, a.name_vi]));

async function download(format: 'xlsx' | 'csv', extra = ''): Promise<string> {
  const res = await app.inject({ url: `/admin/exports/${format}${SELECTION}${extra}`, cookies: session.cookies });
  if (res.statusCode !== 200) throw new Error(`${format}: ${res.statusCode} ${res.body.slice(0, 200)}`);
  const file = join(lo.dir, `kha.${format}`);
  writeFileSync(file, res.rawPayload);
  return file;
}

/** A cell as Calc writes it unformatted: a percent cell keeps its % sign, with 15 significant digits. */
const calcNumber = (cell: string | undefined): number => (cell?.endsWith('%') ? Number(cell.slice(0, -1)) / 100 : Number(cell));

t.test('the workbook opens in LibreOffice with the dashboard’s figures and Vietnamese names', async (t) => {
  const file = await download('xlsx');
  // Every sheet to CSV as Calc holds it: UTF-8, values unformatted (full precision), one file a sheet.
  const files = await lo.convert(file, 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1');
  const summaryFile = files.find((f) => f.endsWith('-Tổng hợp.csv'));
  t.ok(summaryFile, `LibreOffice wrote the summary sheet (${files.map((f) => f.split('/').pop()).join(', ')})`);
  t.ok(files.some((f) => f.endsWith('-Tiêu chí.csv')) && files.some((f) => f.endsWith('-Phương pháp.csv')), 'and the other sheets');
  const rows = parse(readFileSync(summaryFile!, 'utf8'), { relax_column_count: true }) as string[][];
  t.equal(rows[0]![0], 'Báo cáo kết quả khảo sát sự hài lòng', 'the title, with its diacritics');
  const headerAt = rows.findIndex((r) => r[0] === 'Mã');
  t.ok(headerAt > 0, 'the header row');
  const header = rows[headerAt]!;
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`no column ${name}: ${header.join(' | ')}`);
    return i;
  };
  const data = rows.slice(headerAt + 1).filter((r) => r[0]);
  t.ok(data.length >= 6, `the province and its units (${data.length} rows)`);
  t.equal(data[0]![0], 'KHA');
  for (const r of data) {
    const code = r[0]!;
    t.equal(r[col('Cơ quan, đơn vị')], names.get(code), `${code}: the name as stored, diacritics intact`);
    const api = await apiResults(`?agency=${code}&from=${FROM}&to=${TO}&questionnaire=sipas-2017`);
    t.equal(Number(r[col('Số phiếu hợp lệ')]), api.responses, `${code}: responses`);
    if (api.overall.share === null) t.equal(r[col('Chỉ số hài lòng chung')], '', `${code}: no share, an empty cell`);
    else
      t.ok(
        Math.abs(calcNumber(r[col('Chỉ số hài lòng chung')]) - api.overall.share) < 1e-12,
        `${code}: overall ${r[col('Chỉ số hài lòng chung')]} = ${api.overall.share}, as the dashboard`,
      );
    for (const e of api.elements as { code: string; share: number | null }[]) {
      const i = header.findIndex((h) => h.startsWith(`Yếu tố ${e.code}:`));
      if (e.share === null) t.equal(r[i], '', `${code} ${e.code}: empty`);
      else t.ok(Math.abs(calcNumber(r[i]) - e.share) < 1e-12, `${code} ${e.code}: ${r[i]} = ${e.share}`);
    }
  }
});

t.test('the CSV opens in LibreOffice: header in A1, one row per response, Vietnamese and payloads as text', async (t) => {
  const file = await download('csv');
  const ours = parse(readFileSync(file, 'utf8'), { bom: true }) as string[][];
  // Opened as a person opens a CSV in Calc (comma, double quote, UTF-8), then saved as a workbook.
  const [book] = await lo.convert(file, 'xlsx', 'CSV:44,34,76,1');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(book!);
  const ws = wb.worksheets[0]!;
  t.equal(ws.getCell('A1').value, 'id', 'A1 is the first column’s name: the BOM was read as the encoding, not as text');
  t.equal(ws.rowCount, ours.length, `${ours.length - 1} responses and the header`);
  const header = ours[0]!;
  const nameCol = header.indexOf('agency_name') + 1;
  const commentCol = header.indexOf('comment') + 1;
  let formulas = 0;
  const seenNames = new Set<string>();
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    for (let c = 1; c <= header.length; c++) if (row.getCell(c).type === ExcelJS.ValueType.Formula) formulas++;
    seenNames.add(String(row.getCell(nameCol).value));
    if (String(row.getCell(1).value) !== ours[r - 1]![0]) t.fail(`row ${r}: ${String(row.getCell(1).value)} is not ${ours[r - 1]![0]}`);
  }
  t.equal(formulas, 0, 'no cell became a formula');
  t.ok(seenNames.has(names.get('KHA-SXD')!), `a Vietnamese name as stored: ${names.get('KHA-SXD')}`);
  const trapRow = ours.findIndex((r) => r[0] === trapId) + 1;
  t.ok(trapRow > 1, 'the response with the payload is in the file');
  const comment = ws.getRow(trapRow).getCell(commentCol).value;
  t.equal(typeof comment, 'string', 'its comment is text');
  t.ok(String(comment).endsWith(PAYLOAD) && String(comment) !== PAYLOAD, `neutralised, not evaluated: ${String(comment)}`);
});
