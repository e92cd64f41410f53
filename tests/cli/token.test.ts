import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { findActiveToken, hashToken } from '../../server/db/queries/api-tokens.ts';
import { listAudit } from '../../server/db/queries/audit.ts';
import { cli, cliDatabase } from '../helpers/cli.ts';

t.test('hailong token add / list / revoke', async (t) => {
  const { dataDir: dir, db } = await cliDatabase(t, 'cli');
  const csv = join(dir, 'agencies.csv');
  writeFileSync(
    csv,
    'code,parent_code,name_vi,name_en,kind,valid_from,valid_to,successor_code\nKH,,Tỉnh Khánh Hòa,,province,,,\nKH.SNV,KH,Sở Nội vụ,,department,,,\n',
  );
  t.equal((await cli('agencies', 'import', csv)).code, 0);

  t.equal((await cli('token', 'add', '--agency', 'NOPE', '--name', 'x', '--scope', 'read')).code, 2);
  const badScope = await cli('token', 'add', '--agency', 'KH', '--name', 'x', '--scope', 'write', '--lang', 'en');
  t.equal(badScope.code, 2);
  t.match(badScope.err, /scope "write" is invalid/);
  t.equal((await cli('token', 'add', '--agency', 'KH', '--scope', 'read')).code, 2, 'name required');

  const added = await cli('token', 'add', '--agency', 'KH.SNV', '--name', 'Cổng dịch vụ công', '--scope', 'submit');
  t.equal(added.code, 0, added.err);
  const token = added.out.split('\n').at(-1)!;
  t.match(token, /^hl_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/);
  t.match(added.out, /chỉ hiện MỘT lần/);

  const list = await cli('token', 'list');
  t.match(list.out, /#1  hl_[0-9a-f]{8}  submit  KH\.SNV  Cổng dịch vụ công .*đang hiệu lực/);
  t.notOk(list.out.includes(token.slice(12)), 'the list never shows the secret');

  // What was stored, in the database the commands ran on.
  t.match(await findActiveToken(db, token), { scope: 'submit', agencyCode: 'KH.SNV' });
  const row = await db.selectFrom('api_tokens').selectAll().executeTakeFirstOrThrow();
  t.equal(row.token_hash, hashToken(token));
  t.notOk(JSON.stringify(row).includes(token.slice(12)));
  t.match((await listAudit(db, { action: 'token.add' }))[0], { actor_label: 'cli', details: { tokenId: 1, scope: 'submit' } });

  const prefix = token.slice(0, 11);
  const revoked = await cli('token', 'revoke', prefix);
  t.equal(revoked.code, 0);
  t.match(revoked.out, /Đã thu hồi mã truy cập #1/);
  t.match((await cli('token', 'revoke', '1')).out, /đã bị thu hồi từ trước/);
  t.equal((await cli('token', 'revoke', 'ffffffff')).code, 2);
  t.match((await cli('token', 'list', '--lang', 'en')).out, /revoked/);

  t.equal(await findActiveToken(db, token), null);
  t.equal((await listAudit(db, { action: 'token.revoke' })).length, 1, 'one audit row for one revocation');
});
