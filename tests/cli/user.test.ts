// `hailong user add|disable|enable` against a real database (PGlite in memory, or a fresh
// database on the server): what it prints, its exit codes, and what it stores and audits.
import t from 'tap';
import { cli, cliDatabase } from '../helpers/cli.ts';
import { insertAgency } from '../../server/db/queries/agencies.ts';
import { listAudit } from '../../server/db/queries/audit.ts';
import { findUserByEmail } from '../../server/db/queries/users.ts';
import { verifyPassword } from '../../server/domain/passwords.ts';

t.test('hailong user add / disable / enable', async (t) => {
  // Checks between commands look into the database the commands run on.
  const { look: withDb } = await cliDatabase(t, 'user-cli');
  await withDb(async (db) => {
    const kh = await insertAgency(db, {
      code: 'KH',
      parentId: null,
      nameVi: 'Tỉnh Khánh Hòa',
      nameEn: null,
      kind: 'province',
      validFrom: null,
      validTo: null,
    });
    await insertAgency(db, {
      code: 'KH.SNV',
      parentId: kh.id,
      nameVi: 'Sở Nội vụ',
      nameEn: null,
      kind: 'department',
      validFrom: null,
      validTo: null,
    });
  });

  const added = await cli('user', 'add', '--email', 'Admin@KhanhHoa.gov.vn', '--role', 'admin', '--agency', 'KH', '--name', 'Quản trị');
  t.equal(added.code, 0, added.err);
  t.match(added.out, /Đã tạo người dùng admin@khanhhoa\.gov\.vn \(vai trò admin, đơn vị KH\)\./);
  const password = /Mật khẩu: (\S+)/.exec(added.out)?.[1];
  t.ok(password && password.length >= 12, 'a generated password is printed');
  t.match(added.out, /sẽ không hiển thị lại/);

  const typed = await cli(
    'user',
    'add',
    '--email',
    'clerk@khanhhoa.gov.vn',
    '--role',
    'clerk',
    '--agency',
    'KH.SNV',
    '--password',
    'một mật khẩu dài',
    '--lang',
    'en',
  );
  t.equal(typed.code, 0, typed.err);
  t.match(typed.out, /Created user clerk@khanhhoa\.gov\.vn/);
  t.notMatch(typed.out, /Password:/, 'a typed password is not printed');

  await withDb(async (db) => {
    const admin = await findUserByEmail(db, 'admin@khanhhoa.gov.vn');
    t.equal(admin?.role, 'admin');
    t.equal(admin?.display_name, 'Quản trị');
    t.ok(await verifyPassword(admin!.password_hash, password!), 'the printed password signs in');
    const clerk = await findUserByEmail(db, 'clerk@khanhhoa.gov.vn');
    t.ok(await verifyPassword(clerk!.password_hash, 'một mật khẩu dài'));
    const rows = await listAudit(db, { action: 'user.create' });
    t.equal(rows.length, 2);
    t.match(rows[1], { actor_label: 'cli', actor_user_id: null, details: { email: 'admin@khanhhoa.gov.vn', role: 'admin' } });
  });

  const errors: [string[], RegExp][] = [
    [['user', 'add', '--email', 'x@khanhhoa.gov.vn', '--role', 'admin', '--agency', 'NOPE'], /Không có cơ quan, đơn vị nào có mã "NOPE"/],
    [['user', 'add', '--email', 'x@khanhhoa.gov.vn', '--role', 'boss', '--agency', 'KH'], /Vai trò "boss" không hợp lệ/],
    [['user', 'add', '--email', 'ADMIN@khanhhoa.gov.vn', '--role', 'viewer', '--agency', 'KH'], /đã được dùng/],
    [['user', 'add', '--email', 'not-an-email', '--role', 'viewer', '--agency', 'KH'], /không hợp lệ/],
    [['user', 'add', '--email', 'x@khanhhoa.gov.vn', '--role', 'viewer', '--agency', 'KH', '--password', 'short'], /ít nhất 12 ký tự/],
    [['user', 'add', '--role', 'viewer', '--agency', 'KH'], /Thiếu tùy chọn --email/],
    [['user', 'add', '--email', 'x@khanhhoa.gov.vn', '--role', 'viewer', '--agency', 'KH', '--bogus'], /bogus/],
    [['user', 'disable', '--email', 'nobody@khanhhoa.gov.vn'], /Không có người dùng nào có email nobody@khanhhoa\.gov\.vn/],
    [['user', 'disable'], /Thiếu tùy chọn --email/],
  ];
  for (const [argv, message] of errors) {
    const r = await cli(...argv);
    t.equal(r.code, 2, `exit 2: ${argv.join(' ')}`);
    t.match(r.err, message);
  }
  await withDb(async (db) => {
    t.notOk(await findUserByEmail(db, 'x@khanhhoa.gov.vn'), 'no failed command wrote a user');
  });

  const disabled = await cli('user', 'disable', '--email', 'CLERK@khanhhoa.gov.vn');
  t.equal(disabled.code, 0, disabled.err);
  t.match(disabled.out, /Đã vô hiệu hóa clerk@khanhhoa\.gov\.vn/);
  const again = await cli('user', 'disable', '--email', 'clerk@khanhhoa.gov.vn');
  t.equal(again.code, 0);
  t.match(again.out, /đã bị vô hiệu hóa từ trước/);
  await withDb(async (db) => {
    t.ok((await findUserByEmail(db, 'clerk@khanhhoa.gov.vn'))?.disabled_at);
    const rows = await listAudit(db, { action: 'user.disable' });
    t.equal(rows.length, 1, 'only the real change is audited');
    t.match(rows[0], { actor_label: 'cli', details: { email: 'clerk@khanhhoa.gov.vn' } });
  });

  const enabled = await cli('user', 'enable', '--email', 'clerk@khanhhoa.gov.vn');
  t.equal(enabled.code, 0);
  await withDb(async (db) => {
    t.equal((await findUserByEmail(db, 'clerk@khanhhoa.gov.vn'))?.disabled_at, null);
    t.equal((await listAudit(db, { action: 'user.enable' }))[0]?.actor_label, 'cli');
  });
});
