// hailong served import: a bad file lists every error with its line and column and writes nothing;
// a good one writes every row; the same file again changes nothing; a new count replaces the old;
// the command line answers for the whole installation and is audited as 'cli'.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { listAudit } from '../../server/db/queries/audit.ts';
import { insertServicePoint } from '../../server/db/queries/service-points.ts';
import { getSetting } from '../../server/db/queries/settings.ts';
import { cli, cliDatabase } from '../helpers/cli.ts';

const { dataDir, look } = await cliDatabase(t, 'served-cli');
const file = (name: string, text: string) => {
  const path = join(dataDir, '..', name);
  writeFileSync(path, text);
  return path;
};
const stored = () =>
  look((db) =>
    db
      .selectFrom('served_counts as c')
      .innerJoin('service_points as p', 'p.id', 'c.service_point_id')
      .select(['p.code', 'c.period_kind', 'c.served', 'c.source'])
      .orderBy('p.code')
      .orderBy('c.period_start')
      .execute(),
  );

t.test('import', async (t) => {
  t.equal((await cli('agencies', 'import', new URL('../fixtures/agencies/child-before-parent.csv', import.meta.url).pathname)).code, 0);
  await look(async (db) => {
    const agency = await db.selectFrom('agencies').select('id').where('code', '=', 'KH.TTHCC').executeTakeFirstOrThrow();
    await insertServicePoint(db, { code: 'KH-Q01', agencyId: agency.id, nameVi: 'Quầy 1', nameEn: null });
    await insertServicePoint(db, { code: 'KH-Q02', agencyId: agency.id, nameVi: 'Quầy 2', nameEn: null });
  });
  const usage = await cli('served', 'import');
  t.equal(usage.code, 2, 'no file: usage');
  t.match(usage.err, 'hailong served import TỆP.csv');

  const bad = await cli(
    'served',
    'import',
    file('bad.csv', 'service_point_code,period,served\nKH-Q01,2026-10,1200\nNOPE,2026-10,3\nKH-Q02,10/2026,4\nKH-Q02,2026-10,-4\n'),
  );
  t.equal(bad.code, 2);
  t.same(bad.err.split('\n'), [
    'Dòng 3, cột service_point_code: không có điểm tiếp nhận mã "NOPE" trong phạm vi của bạn',
    'Dòng 4, cột period: kỳ "10/2026" không hợp lệ; dùng một ngày (2026-11-05) hoặc một tháng (2026-11)',
    'Dòng 5, cột served: số lượt "-4" không hợp lệ; ghi một số nguyên không có dấu phân cách, ví dụ 1250',
    'Có 3 lỗi trong tệp; chưa có gì được ghi vào cơ sở dữ liệu.',
  ]);
  const en = await cli('served', 'import', file('bad.csv', 'service_point_code,period\nKH-Q01,2026-10\n'), '--lang', 'en');
  t.match(en.err, 'Line 1, column served: the header row lacks the column "served"');
  t.same(await stored(), []);

  const good = file('good.csv', 'service_point_code,period,served\nKH-Q01,2026-10,1200\nKH-Q02,2026-10-01,40\nKH-Q02,2026-10-02,41\n');
  const first = await cli('served', 'import', good);
  t.equal(first.code, 0, first.err);
  t.equal(first.out, 'Đã nhập 3 dòng số lượt phục vụ: thêm mới 3, thay số cũ 0, không đổi 0.');
  t.equal(
    (await cli('served', 'import', good)).out,
    'Đã nhập 3 dòng số lượt phục vụ: thêm mới 0, thay số cũ 0, không đổi 3.',
    'again: no change',
  );
  const fix = await cli('served', 'import', file('fix.csv', 'service_point_code,period,served\nKH-Q01,2026-10,1250\n'));
  t.equal(fix.out, 'Đã nhập 1 dòng số lượt phục vụ: thêm mới 0, thay số cũ 1, không đổi 0.');
  t.same(await stored(), [
    { code: 'KH-Q01', period_kind: 'month', served: 1250, source: 'csv' },
    { code: 'KH-Q02', period_kind: 'day', served: 40, source: 'csv' },
    { code: 'KH-Q02', period_kind: 'day', served: 41, source: 'csv' },
  ]);
  const entries = await look((db) => listAudit(db, { action: 'served.record' }));
  t.equal(entries.length, 3);
  t.match(entries[0], {
    actor_label: 'cli',
    details: { file: 'fix.csv', changes: [{ servicePoint: 'KH-Q01', before: 1200, after: 1250 }] },
  });
});

t.test('the response-rate floor of a province', async (t) => {
  const set = await cli('served', 'floor', 'KH', '7,5');
  t.equal(set.code, 0, set.err);
  t.equal(set.out, 'Ngưỡng tỷ lệ phản hồi của KH: 7,5% (trước đó 5%).');
  t.equal(await look((db) => getSetting(db, 'results.response_rate_floor.KH')), 0.075);
  t.equal((await cli('served', 'floor', 'KH.SNV', '5')).code, 2, 'a department is not a province');
  t.equal((await cli('served', 'floor', 'KH', '0')).code, 2, 'a floor of 0 is no floor');
  t.equal((await cli('served', 'floor', 'KH', '150')).code, 2);
  const [entry] = await look((db) => listAudit(db, { action: 'served.floor', limit: 1 }));
  t.match(entry, { actor_label: 'cli', details: { before: null, after: 0.075 } });
});
