// hailong targets import against a database of the test's own (PGlite in memory, or a fresh database
// on DATABASE_URL): a bad file lists every error with its line and column and writes
// nothing; a good one writes every row; the same file again changes nothing; a corrected threshold
// updates the target instead of adding a second one.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { listAudit } from '../../server/db/queries/audit.ts';
import { cli, cliDatabase } from '../helpers/cli.ts';

const fixture = (path: string) => fileURLToPath(new URL(`../fixtures/${path}`, import.meta.url));
const { dataDir, look } = await cliDatabase(t, 'targets-cli');
const HEADER = 'agency_code,questionnaire_code,year,period_from,period_to,index_code,comparator,threshold';

const stored = () =>
  look((db) =>
    db
      .selectFrom('targets as t')
      .innerJoin('agencies as a', 'a.id', 't.agency_id')
      .leftJoin('questionnaires as q', 'q.id', 't.questionnaire_id')
      .select([
        'a.code as agency',
        'q.code as questionnaire',
        't.period_from',
        't.period_to',
        't.index_code',
        't.comparator',
        't.threshold',
        't.created_by',
      ])
      .orderBy('t.id')
      .execute(),
  );

t.test('a file with errors: every one reported, nothing written', async (t) => {
  t.equal((await cli('agencies', 'import', fixture('agencies/child-before-parent.csv'))).code, 0);
  const bad = await cli('targets', 'import', fixture('targets/many-errors.csv'));
  t.equal(bad.code, 2);
  const lines = bad.err.split('\n');
  t.same(lines.slice(0, -1), [
    'Dòng 3, cột agency_code: không có cơ quan, đơn vị mã "NOBODY"',
    'Dòng 4, cột questionnaire_code: không có bộ câu hỏi đã công bố mã "no-such-form"; để trống nếu chỉ tiêu áp dụng cho mọi bộ câu hỏi',
    'Dòng 5, cột index_code: bộ câu hỏi "counter-quick" không có chỉ số "E1"',
    'Dòng 6, cột year: chỉ ghi năm, hoặc chỉ ghi ngày bắt đầu và ngày kết thúc, không ghi cả hai',
    'Dòng 7, cột period_to: thiếu ngày; khoảng thời gian cần cả period_from và period_to',
    'Dòng 8, cột period_from: ngày "2026-02-30" không hợp lệ; dùng dạng NĂM-THÁNG-NGÀY, ví dụ 2026-06-30',
    'Dòng 9, cột period_to: ngày kết thúc 2026-06-30 trước ngày bắt đầu 2026-07-01',
    'Dòng 10, cột year: năm "26" không hợp lệ; dùng 4 chữ số, từ 2000 đến 2100',
    'Dòng 10, cột comparator: cách so sánh "=>" không hợp lệ; dùng > (trên) hoặc >= (từ … trở lên)',
    'Dòng 10, cột threshold: ngưỡng "0.8" tính bằng phần trăm: ghi 80 cho 80%, không ghi 0,8',
    'Dòng 11, cột threshold: ngưỡng "101" phải từ 0 đến 100 (phần trăm)',
    'Dòng 12, cột comparator: cách so sánh "<" không hợp lệ; dùng > (trên) hoặc >= (từ … trở lên)',
    'Dòng 12, cột threshold: ngưỡng "80,1234" không hợp lệ; ghi số phần trăm, ví dụ 80 hoặc "82,5", tối đa 3 chữ số thập phân',
    'Dòng 13, cột index_code: chỉ tiêu cho cùng đơn vị, bộ câu hỏi, kỳ và chỉ số "overall" đã có ở dòng 2',
    'Dòng 14: dòng có 9 ô, cần 8 ô như dòng tiêu đề (ngưỡng có dấu phẩy thập phân phải đặt trong ngoặc kép, ví dụ "82,5")',
    'Dòng 15, cột agency_code: mã cơ quan "bad code" không hợp lệ: chỉ gồm chữ không dấu, số, dấu chấm, gạch ngang, gạch dưới',
    'Dòng 15, cột year: cần năm (year), hoặc cả ngày bắt đầu và ngày kết thúc (period_from, period_to)',
    'Dòng 15, cột index_code: thiếu mã chỉ số (overall, E1…E5, E1.1…)',
    'Dòng 15, cột comparator: cách so sánh "" không hợp lệ; dùng > (trên) hoặc >= (từ … trở lên)',
    'Dòng 15, cột threshold: ngưỡng "" không hợp lệ; ghi số phần trăm, ví dụ 80 hoặc "82,5", tối đa 3 chữ số thập phân',
  ]);
  t.equal(lines.at(-1), 'Có 20 lỗi trong tệp; chưa có gì được ghi vào cơ sở dữ liệu.');
  const english = await cli('targets', 'import', fixture('targets/many-errors.csv'), '--lang', 'en');
  t.match(english.err, 'Line 3, column agency_code: no agency has the code "NOBODY"');
  t.match(english.err, 'Line 14: the row has 9 fields; the header has 8');
  t.match(english.err, '20 errors in the file; nothing was written to the database.');
  t.same(await stored(), [], 'the good first row was not written either');
});

t.test('a good file: every row, thresholds as typed, agencies and questionnaires by code', async (t) => {
  const good = await cli('targets', 'import', fixture('targets/khanh-hoa-2026.csv'));
  t.equal(good.code, 0, good.err);
  t.equal(good.out, 'Đã nhập 6 chỉ tiêu: thêm mới 6, cập nhật ngưỡng 0, không đổi 0.');
  t.same(await stored(), [
    {
      agency: 'KH',
      questionnaire: null,
      period_from: '2026-01-01',
      period_to: '2026-12-31',
      index_code: 'overall',
      comparator: '>',
      threshold: 0.8,
      created_by: null,
    },
    {
      agency: 'KH',
      questionnaire: 'sipas-2017',
      period_from: '2026-01-01',
      period_to: '2026-12-31',
      index_code: 'overall',
      comparator: '>=',
      threshold: 0.825,
      created_by: null,
    },
    {
      agency: 'KH',
      questionnaire: 'sipas-2017',
      period_from: '2026-01-01',
      period_to: '2026-12-31',
      index_code: 'E3',
      comparator: '>=',
      threshold: 0.85,
      created_by: null,
    },
    {
      agency: 'KH.SNV',
      questionnaire: 'sipas-2017',
      period_from: '2026-01-01',
      period_to: '2026-06-30',
      index_code: 'overall',
      comparator: '>',
      threshold: 0.83125,
      created_by: null,
    },
    {
      agency: 'KH.TTHCC',
      questionnaire: 'counter-quick',
      period_from: '2026-01-01',
      period_to: '2026-12-31',
      index_code: 'overall',
      comparator: '>=',
      threshold: 0.9,
      created_by: null,
    },
    {
      agency: 'KH.NHATRANG',
      questionnaire: 'sipas-2017',
      period_from: '2026-01-01',
      period_to: '2026-12-31',
      index_code: 'E1.1',
      comparator: '>',
      threshold: 0.75,
      created_by: null,
    },
  ]);
  const audit = await look((db) => listAudit(db, { action: 'targets.import' }));
  t.equal(audit.length, 1);
  t.match(audit[0], { actor_label: 'cli', details: { rows: 6, created: 6, file: 'khanh-hoa-2026.csv' } });

  const again = await cli('targets', 'import', fixture('targets/khanh-hoa-2026.csv'), '--lang', 'en');
  t.equal(again.out, 'Imported 6 targets: 0 added, 0 with a new threshold, 6 unchanged.');
  t.equal((await stored()).length, 6, 'importing the same file again adds nothing');
});

t.test('a corrected threshold replaces the old one; semicolons as Vietnamese spreadsheets write them', async (t) => {
  const file = join(dataDir, 'corrected.csv');
  writeFileSync(file, `${HEADER.replaceAll(',', ';')}\r\nKH;;2026;;;overall;>=;81,5\r\nKH.SNV;;2026;;;E2;>;80\r\n`);
  const r = await cli('targets', 'import', file);
  t.equal(r.code, 0, r.err);
  t.equal(r.out, 'Đã nhập 2 chỉ tiêu: thêm mới 1, cập nhật ngưỡng 1, không đổi 0.');
  const rows = await stored();
  t.equal(rows.length, 7);
  t.match(rows[0], { agency: 'KH', questionnaire: null, index_code: 'overall', comparator: '>=', threshold: 0.815 }, 'updated in place');
  t.match(rows[6], { agency: 'KH.SNV', questionnaire: null, index_code: 'E2', comparator: '>', threshold: 0.8 });
});

t.test('usage and unreadable files', async (t) => {
  t.equal((await cli('targets', 'import')).code, 2);
  t.match((await cli('targets', 'import')).err, 'Cần đúng một tệp CSV');
  t.equal((await cli('targets', 'import', 'a.csv', 'b.csv')).code, 2);
  t.equal((await cli('targets', 'import', '--bogus', 'a.csv')).code, 2);
  const missing = await cli('targets', 'import', join(dataDir, 'missing.csv'));
  t.equal(missing.code, 2);
  t.match(missing.err, /Không đọc được tệp .*ENOENT/);
  const latin1 = join(dataDir, 'latin1.csv');
  writeFileSync(latin1, Buffer.from(`${HEADER}\nKH,,2026,,,overall,>,80\n# T\xeanh\n`, 'latin1'));
  t.match((await cli('targets', 'import', latin1)).err, /không phải văn bản UTF-8/);
  const empty = join(dataDir, 'empty.csv');
  writeFileSync(empty, `${HEADER}\n\n`);
  const none = await cli('targets', 'import', empty);
  t.equal(none.code, 2);
  t.match(none.err, 'Dòng 2: tệp không có dòng dữ liệu nào');
  const header = join(dataDir, 'header.csv');
  writeFileSync(header, 'agency,questionnaire_code,year,period_from,period_to,index_code,comparator,threshold,threshold\n');
  const h = await cli('targets', 'import', header);
  t.match(h.err, 'Dòng 1: cột "agency" không được hỗ trợ');
  t.match(h.err, 'Dòng 1, cột threshold: cột "threshold" xuất hiện hai lần');
  t.match(h.err, 'Dòng 1, cột agency_code: dòng tiêu đề thiếu cột "agency_code"');
  t.equal((await stored()).length, 7, 'nothing written by any of them');
});
