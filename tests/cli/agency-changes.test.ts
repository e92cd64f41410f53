// `hailong agencies add|edit|close|move|merge`: the command line's way to the use-cases the agencies
// pages call (issue 13): the same rules and refusals, the same audit entries (labelled cli).
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { findAgencyByCode } from '../../server/db/queries/agencies.ts';
import { listAudit } from '../../server/db/queries/audit.ts';
import { cli, cliDatabase } from '../helpers/cli.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/agencies/${name}`, import.meta.url));

t.test('one agency at a time', async (t) => {
  const { db } = await cliDatabase(t, 'agency-changes');
  t.equal((await cli('agencies', 'import', fixture('child-before-parent.csv'))).code, 0);
  const last = async (action: string) => (await listAudit(db, { action, limit: 1 }))[0];

  const badCode = await cli('agencies', 'add', 'mã sai', '--parent', 'KH', '--name-vi', 'X', '--kind', 'commune');
  t.equal(badCode.code, 2);
  t.match(badCode.err, /Nhập mã gồm chữ không dấu/);
  t.equal((await cli('agencies', 'add', 'KH.X', '--parent', 'NOPE', '--name-vi', 'X', '--kind', 'commune')).code, 2, 'unknown parent');
  const add = await cli(
    'agencies',
    'add',
    'KH.CAMRANH',
    '--parent',
    'KH',
    '--name-vi',
    'Phường Cam Ranh',
    '--kind',
    'commune',
    '--from',
    '2025-07-01',
  );
  t.equal(add.code, 0, add.err);
  t.match(add.out, /Đã thêm đơn vị KH.CAMRANH/);
  t.match((await last('agency.add'))?.details, { after: { code: 'KH.CAMRANH', validFrom: '2025-07-01' } });
  t.equal((await last('agency.add'))?.actor_label, 'cli');
  const taken = await cli('agencies', 'add', 'KH.CAMRANH', '--parent', 'KH', '--name-vi', 'Lần hai', '--kind', 'commune');
  t.equal(taken.code, 2);
  t.match(taken.err, /Mã này đã được dùng/);

  t.equal((await cli('agencies', 'edit', 'KH.CAMRANH', '--name-en', 'Cam Ranh Ward')).code, 0);
  t.equal((await findAgencyByCode(db, 'KH.CAMRANH'))!.name_en, 'Cam Ranh Ward');
  t.match((await last('agency.update'))?.details, { before: { nameEn: null }, after: { nameEn: 'Cam Ranh Ward' } });

  const inside = await cli('agencies', 'move', 'KH.SNV', '--parent', 'KH.SNV.VP', '--lang', 'en');
  t.equal(inside.code, 2);
  t.match(inside.err, /cannot move into itself/);
  t.equal((await cli('agencies', 'move', 'KH.CAMRANH', '--parent', 'KH.SNV')).code, 0);
  t.equal((await findAgencyByCode(db, 'KH.CAMRANH'))!.parent_id, (await findAgencyByCode(db, 'KH.SNV'))!.id);

  t.equal((await cli('agencies', 'close', 'KH.CAMRANH', '--last-day', '30/06/2025')).code, 2, 'the date as ISO');
  t.equal((await cli('agencies', 'close', 'KH.CAMRANH', '--last-day', '2025-06-30')).code, 2, 'before it began');
  const close = await cli('agencies', 'close', 'KH.CAMRANH', '--last-day', '2025-12-31', '--successor', 'KH.NHATRANG');
  t.equal(close.code, 0, close.err);
  t.match((await last('agency.close'))?.details, { after: { validTo: '2025-12-31' } });

  const merge = await cli('agencies', 'merge', 'KH.TTHCC', '--into', 'KH.SNV', '--on', '2026-01-01');
  t.equal(merge.code, 0, merge.err);
  const centre = (await findAgencyByCode(db, 'KH.TTHCC'))!;
  t.equal(centre.valid_to, '2025-12-31');
  t.equal(centre.successor_id, (await findAgencyByCode(db, 'KH.SNV'))!.id);
  t.match((await last('agency.reorganise'))?.details, { kind: 'merge', effectiveOn: '2026-01-01' });
  const again = await cli('agencies', 'merge', 'KH.TTHCC', '--into', 'KH.SNV', '--on', '2026-01-01');
  t.equal(again.code, 2);
  t.match(again.err, /KH.TTHCC đã đóng/);
});
