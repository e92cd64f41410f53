import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { cli, cliDatabase } from '../helpers/cli.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/agencies/${name}`, import.meta.url));

t.test('hailong agencies import / list', async (t) => {
  // A fresh database either way, which the commands run on.
  const { dataDir: dir } = await cliDatabase(t, 'cli');

  const bad = await cli('agencies', 'import', fixture('many-errors.csv'));
  t.equal(bad.code, 2);
  t.match(bad.err, /Dòng 3, cột code: mã "bad code" không hợp lệ/);
  t.match(bad.err, /Dòng 8, cột successor_code: .*"NOBODY"/);
  t.match(bad.err, /9 lỗi .*chưa có gì được ghi/);
  t.equal((await cli('agencies', 'list')).out, 'Chưa có cơ quan, đơn vị nào.');

  const good = await cli('agencies', 'import', fixture('child-before-parent.csv'));
  t.equal(good.code, 0, good.err);
  t.match(good.out, /tạo mới 7, cập nhật 0/);
  const again = await cli('agencies', 'import', fixture('child-before-parent.csv'), '--lang', 'en');
  t.match(again.out, /0 created, 0 updated .* 7 unchanged/);

  const list = await cli('agencies', 'list', '--root', 'KH');
  t.equal(list.code, 0);
  t.equal(
    list.out,
    [
      'KH  Tỉnh Khánh Hòa  (tỉnh, thành phố; hiệu lực từ 01/07/2025)',
      '  KH.NHATRANG  Phường Nha Trang  (xã, phường, đặc khu; hiệu lực từ 01/07/2025)',
      '  KH.SNV  Sở Nội vụ tỉnh Khánh Hòa  (sở, ban, ngành; hiệu lực từ 01/07/2025)',
      '    KH.SNV.VP  Văn phòng Sở  (đơn vị; hiệu lực từ 01/07/2025)',
      '  KH.TTHCC  Trung tâm Phục vụ hành chính công tỉnh  (trung tâm phục vụ hành chính công; hiệu lực từ 01/07/2025)',
    ].join('\n'),
  );
  const all = await cli('agencies', 'list', '--lang', 'en');
  t.match(
    all.out,
    /\n  NT\.SNV  Ninh Thuan Department of Home Affairs  \(department; valid from 01\/01\/2015; valid until 30\/06\/2025; succeeded by KH\.SNV\)/,
  );

  t.equal((await cli('agencies', 'list', '--root', 'NOPE')).code, 2);
  const missing = await cli('agencies', 'import', join(dir, 'missing.csv'));
  t.equal(missing.code, 2);
  t.match(missing.err, /Không đọc được tệp .*ENOENT/);
  const latin1 = join(dir, 'latin1.csv');
  writeFileSync(
    latin1,
    Buffer.from('code,parent_code,name_vi,name_en,kind,valid_from,valid_to,successor_code\nA,,T\xeanh,,province,,,\n', 'latin1'),
  );
  t.match((await cli('agencies', 'import', latin1)).err, /không phải văn bản UTF-8/);
  t.equal((await cli('agencies', 'import')).code, 2);
  t.equal((await cli('agencies', 'list', '--bogus')).code, 2);
});
