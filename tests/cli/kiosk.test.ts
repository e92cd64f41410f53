// hailong kiosk pair / revoke / list against a database of the test's own (PGlite in memory, or a
// fresh database on DATABASE_URL): the printed code pairs a device once, revoking stops it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { findAgencyByCode } from '../../server/db/queries/agencies.ts';
import { listAudit } from '../../server/db/queries/audit.ts';
import { consumePairingCode } from '../../server/db/queries/kiosk-pairing.ts';
import { findKioskBySecretHash } from '../../server/db/queries/kiosk-devices.ts';
import { insertServicePoint } from '../../server/db/queries/service-points.ts';
import { generateDeviceSecret, hashDeviceSecret, hashPairingCode, normalisePairingCode } from '../../server/domain/kiosk-pairing.ts';
import { cli, cliDatabase } from '../helpers/cli.ts';

t.test('hailong kiosk pair / list / revoke', async (t) => {
  const { dataDir: dir, db } = await cliDatabase(t, 'kiosk-cli', { publicUrl: 'https://khaosat.example.gov.vn' });
  const csv = join(dir, 'agencies.csv');
  writeFileSync(
    csv,
    'code,parent_code,name_vi,name_en,kind,valid_from,valid_to,successor_code\nKH,,Tỉnh Khánh Hòa,,province,,,\nKH.XA,KH,Xã Cam Lâm,,commune,,,\n',
  );
  t.equal((await cli('agencies', 'import', csv)).code, 0);
  const xa = (await findAgencyByCode(db, 'KH.XA'))!;
  await insertServicePoint(db, { code: 'KH-XA-MC', agencyId: xa.id, nameVi: 'Bộ phận một cửa xã Cam Lâm', nameEn: null });
  await insertServicePoint(db, { code: 'KH-XA-CU', agencyId: xa.id, nameVi: 'Quầy cũ', nameEn: null, active: false });

  t.equal((await cli('kiosk', 'list')).out, 'Chưa có màn hình đánh giá nào.');
  t.equal((await cli('kiosk', 'pair')).code, 2, 'a service point or a kiosk is needed');
  t.equal((await cli('kiosk', 'pair', '--service-point', 'KH-XA-MC', '--kiosk', '1')).code, 2, 'not both');
  const unknown = await cli('kiosk', 'pair', '--service-point', 'NOPE', '--lang', 'en');
  t.equal(unknown.code, 2);
  t.match(unknown.err, 'No service point has the code "NOPE".');
  t.equal((await cli('kiosk', 'pair', '--service-point', 'KH-XA-CU')).code, 2, 'not at an inactive point');

  const paired = await cli('kiosk', 'pair', '--service-point', 'KH-XA-MC', '--name', 'Quầy 1');
  t.equal(paired.code, 0, paired.err);
  t.match(paired.out, 'Đã đăng ký màn hình #1 "Quầy 1" tại điểm tiếp nhận KH-XA-MC.');
  const code = /: ([A-Z0-9]{5}-[A-Z0-9]{5})$/m.exec(paired.out)?.[1];
  t.ok(code, 'the code is printed');
  t.match(paired.out, `https://khaosat.example.gov.vn/kiosk/pair/${code}`, 'with the address to open');

  const unnamed = await cli('kiosk', 'pair', '--service-point', 'KH-XA-MC');
  t.match(unnamed.out, '#2 "Bộ phận một cửa xã Cam Lâm"', 'unnamed, a kiosk takes its counter’s name');
  const again = await cli('kiosk', 'pair', '--kiosk', '2');
  t.equal(again.code, 0);
  t.match(again.out, 'Mã ghép nối mới cho màn hình #2');
  t.equal((await cli('kiosk', 'pair', '--kiosk', '99')).code, 2);

  const secret = generateDeviceSecret();
  t.match(
    await consumePairingCode(db, hashPairingCode(normalisePairingCode(code!)!), hashDeviceSecret(secret), new Date()),
    { ok: true, kioskId: 1 },
    'the printed code pairs',
  );
  t.match((await listAudit(db, { action: 'kiosk.register' }))[1], { actor_label: 'cli', details: { kioskId: 1 } });

  const list = await cli('kiosk', 'list', '--lang', 'en');
  t.match(list.out, /#1  KH-XA-MC  Quầy 1  \(Working; Never; —; —\)/);
  t.match(list.out, /#2  KH-XA-MC  Bộ phận một cửa xã Cam Lâm  \(Waiting for pairing;/);

  const revoked = await cli('kiosk', 'revoke', '1');
  t.equal(revoked.code, 0);
  t.match(revoked.out, 'Đã thu hồi màn hình #1 "Quầy 1".');
  t.match((await cli('kiosk', 'revoke', '1')).out, 'đã bị thu hồi từ trước');
  t.equal((await cli('kiosk', 'revoke', 'abc')).code, 2);
  t.equal((await cli('kiosk', 'revoke')).code, 2);
  t.equal((await cli('kiosk', 'pair', '--kiosk', '1')).code, 2, 'a revoked kiosk gets no new code');
  t.match((await cli('kiosk', 'list')).out, /#1  KH-XA-MC  Quầy 1  \(Đã thu hồi;/);

  t.ok((await findKioskBySecretHash(db, hashDeviceSecret(secret)))?.revokedAt, 'the device now meets a revoked kiosk');
  t.equal((await listAudit(db, { action: 'kiosk.revoke' })).length, 1, 'audited once');
});
