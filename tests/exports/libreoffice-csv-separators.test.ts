// Issue 11, finding 4: only the first character of a CSV field was neutralised and fields were
// quoted only for `" , CR LF`, so a comment `ok;=1+1` (or an agency name imported from CSV with
// `;=`) was written bare, and a spreadsheet splitting on `;` — the list separator where the decimal
// mark is a comma — evaluated it. Here the export is opened in LibreOffice Calc three times, split
// on comma, semicolon and tab, with formula evaluation on and spaces trimmed (the worst a person
// could choose), and every cell must be text or a number: no formula anywhere.
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import t from 'tap';
import { createApiToken } from '../../server/db/queries/api-tokens.ts';
import { importAgencyCsv } from '../../server/db/queries/agency-import.ts';
import { findAgencyByCode } from '../../server/db/queries/agencies.ts';
import { ensureBuiltInQuestionnaires, findQuestionnaireVersion } from '../../server/db/queries/questionnaires.ts';
import { insertResponses } from '../../server/db/queries/responses.ts';
import { csvCell } from '../../server/exports/csv-cells.ts';
import { buildTestApp } from '../helpers/app.ts';
import { libreOfficeScratch } from '../helpers/libreoffice.ts';
import { staffTree } from '../helpers/staff.ts';

t.test('the cell rules: every separator quoted, a formula after any of them neutralised', async (t) => {
  t.equal(csvCell('ok;=1+1'), `"ok;'=1+1"`, 'semicolon');
  t.equal(csvCell('ok\t=1+1'), `"ok\t'=1+1"`, 'tab');
  t.equal(csvCell('ok,=1+1'), `"ok,'=1+1"`, 'comma');
  t.equal(csvCell('ok\n@SUM(A1)'), `"ok\n'@SUM(A1)"`, 'a line break');
  t.equal(csvCell('ok;  -2+3'), `"ok;  '-2+3"`, 'spaces before the formula');
  t.equal(csvCell('=1;=2'), `"'=1;'=2"`, 'the start and after a separator');
  t.equal(csvCell('a;b'), '"a;b"', 'a semicolon alone is quoted');
  t.equal(csvCell('tốt; nhanh'), '"tốt; nhanh"', 'text after a separator is left as it is');
  t.equal(csvCell('đơn giản'), 'đơn giản', 'nothing to quote');
});

const { app, database } = await buildTestApp();
t.teardown(() => app.close());
const db = database.db;
const tree = await staffTree(db);
await ensureBuiltInQuestionnaires(db);
const sipas = (await findQuestionnaireVersion(db, 'sipas-2017'))!;

// An agency name that came in through the CSV import, as a coordinator's file could carry it.
const NAME = 'Phường Thử;=2+3';
const imported = await importAgencyCsv(
  db,
  `code,parent_code,name_vi,name_en,kind,valid_from,valid_to,successor_code\nP1-SEMI,${tree.p1.code},"${NAME}",,commune,,,\n`,
  { label: 'test' },
);
if (!imported.ok) throw new Error(JSON.stringify(imported.errors));
const semi = (await findAgencyByCode(db, 'P1-SEMI'))!;

const PAYLOADS = [
  'ok;=1+1',
  'tab\t=1+1',
  'phẩy,=1+1',
  'dòng\n=1+1',
  'cách; +1+1',
  'chấm phẩy;@SUM(1;2)',
  '=HYPERLINK("http://x";"bấm")',
  'giữa;-1+2;cuối',
];
await insertResponses(
  db,
  PAYLOADS.map((comment, i) => ({
    id: randomUUID(),
    questionnaireVersionId: sipas.versionId,
    campaignId: null,
    agencyId: i % 2 === 0 ? semi.id : tree.c1.id,
    servicePointId: null,
    provinceId: tree.p1.id,
    channel: 'online' as const,
    submittedAt: new Date(Date.UTC(2026, 5, 10 + i, 2)),
    locale: 'vi' as const,
    answers: { 'E1.1': 4, OVERALL: 5 },
    comment,
  })),
);
const read = (await createApiToken(db, { name: 'reader', agencyId: tree.p1.id, scope: 'read' })).token;
const res = await app.inject({
  url: `/api/v1/exports/csv?agency=${tree.p1.code}&from=2026-01-01&to=2026-12-31&questionnaire=sipas-2017`,
  headers: { authorization: `Bearer ${read}` },
});
if (res.statusCode !== 200) throw new Error(`export: ${res.statusCode} ${res.body.slice(0, 300)}`);
const lo = libreOfficeScratch(t);
const file = join(lo.dir, 'export.csv');
writeFileSync(file, res.rawPayload);

// LibreOffice's CSV import options: separator, text delimiter ("), UTF-8, first line, cell formats,
// language, quoted fields as text (no), detect special numbers (yes), three export-only options,
// trim spaces (yes: the worst case), export sheets, evaluate formulas (yes: the worst case).
const SEPARATORS: [string, number][] = [
  ['comma', 44],
  ['semicolon', 59],
  ['tab', 9],
];
for (const [name, code] of SEPARATORS) {
  t.test(`opened in LibreOffice split on ${name}: only text`, async (t) => {
    const [book] = await lo.convert(file, 'xlsx', `CSV:${code},34,76,1,,0,false,true,false,false,true,-1,true`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(book!);
    const ws = wb.worksheets[0]!;
    let cells = 0;
    const formulas: string[] = [];
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        cells++;
        if (cell.type === ExcelJS.ValueType.Formula || typeof cell.value === 'object')
          formulas.push(`${cell.address}: ${JSON.stringify(cell.value)}`);
      }),
    );
    t.ok(cells > PAYLOADS.length, `${cells} cells read`);
    t.same(formulas, [], 'no cell is a formula');
  });
}
