// The coordinator's switch for identifiers in exports, on the publication page: off by default, on
// and off with a CSRF-protected form, audited once per change, scoped like publication (a province
// outside the subtree is a 404), and the CSV follows it.
import { parse } from 'csv-parse/sync';
import t from 'tap';
import { listAudit } from '../../server/db/queries/audit.ts';
import { ensureBuiltInQuestionnaires } from '../../server/db/queries/questionnaires.ts';
import { getSetting } from '../../server/db/queries/settings.ts';
import { buildTestApp } from '../helpers/app.ts';
import { createUser, postForm, signIn, staffTree, type StaffSession } from '../helpers/staff.ts';

const { app, database } = await buildTestApp();
t.teardown(() => app.close());
const { db } = database;
await ensureBuiltInQuestionnaires(db);
const tree = await staffTree(db);
const coordinator = await createUser(db, { email: 'coordinator@p1.gov.vn', role: 'coordinator', agencyId: tree.p1.id });
const other = await createUser(db, { email: 'coordinator@p2.gov.vn', role: 'coordinator', agencyId: tree.p2.id });
const manager = await createUser(db, { email: 'manager@p1.gov.vn', role: 'manager', agencyId: tree.p1.id });
const s = {
  coordinator: await signIn(app, coordinator.email, coordinator.password),
  other: await signIn(app, other.email, other.password),
  manager: await signIn(app, manager.email, manager.password),
};
const PAGE = '/admin/results/publication';
const post = (who: StaffSession, fields: Record<string, string>) =>
  postForm(app, `${PAGE}/identifiers`, who.cookies, { _csrf: who.csrf, ...fields });
const header = async () => {
  const res = await app.inject({ url: '/admin/exports/csv?agency=P1&period=year&year=2026', cookies: s.coordinator.cookies });
  t.equal(res.statusCode, 200);
  return (parse(res.body, { bom: true }) as string[][])[0]!;
};

t.test('off by default: unticked on the page, absent from the CSV', async (t) => {
  const page = await app.inject({ url: PAGE, cookies: s.coordinator.cookies });
  t.equal(page.statusCode, 200);
  t.match(page.body, '<input type="checkbox" id="identifiers-P1" name="identifiers" value="1" aria-describedby="identifiers-P1-hint">');
  t.match(page.body, '<label for="identifiers-P1">Đưa mã hồ sơ (đã băm) và tên cán bộ tiếp nhận vào các tệp xuất của Tỉnh Một</label>');
  t.equal(await getSetting(db, 'exports.identifiers.P1'), undefined);
  t.notOk((await header()).includes('dossier_hash'));
});

t.test('a coordinator turns it on and off; each change is audited once', async (t) => {
  t.equal(
    (await postForm(app, `${PAGE}/identifiers`, s.coordinator.cookies, { province: 'P1', identifiers: '1' })).statusCode,
    403,
    'no CSRF token',
  );
  t.equal(await getSetting(db, 'exports.identifiers.P1'), undefined, 'nothing stored');

  const on = await post(s.coordinator, { province: 'P1', identifiers: '1' });
  t.equal(on.statusCode, 303);
  t.equal(on.headers.location, `${PAGE}?done=identifiers-on&province=P1`);
  t.equal(await getSetting(db, 'exports.identifiers.P1'), true);
  const page = await app.inject({ url: on.headers.location as string, cookies: s.coordinator.cookies });
  t.match(page.body, 'Các tệp xuất của Tỉnh Một từ nay có mã hồ sơ và tên cán bộ.');
  t.match(page.body, 'id="identifiers-P1" name="identifiers" value="1" aria-describedby="identifiers-P1-hint" checked>');
  t.same((await header()).slice(-2), ['dossier_hash', 'officer_name'], 'the CSV carries them');
  t.equal(await getSetting(db, 'results.public.P1'), undefined, 'publication untouched');
  const audit = await listAudit(db, { action: 'exports.identifiers.on' });
  t.equal(audit.length, 1);
  t.match(audit[0], { actor_user_id: coordinator.id, agency_id: tree.p1.id, details: { province: 'P1' } });

  t.equal((await post(s.coordinator, { province: 'P1', identifiers: '1' })).statusCode, 303, 'the same state again');
  t.equal((await listAudit(db, { action: 'exports.identifiers.on' })).length, 1, 'records nothing');

  const off = await post(s.coordinator, { province: 'P1' });
  t.equal(off.headers.location, `${PAGE}?done=identifiers-off&province=P1`);
  t.equal(await getSetting(db, 'exports.identifiers.P1'), false);
  t.match(
    (await app.inject({ url: off.headers.location as string, cookies: s.coordinator.cookies })).body,
    'Các tệp xuất của Tỉnh Một từ nay không có mã hồ sơ và tên cán bộ.',
  );
  t.notOk((await header()).includes('officer_name'), 'gone from the CSV');
  t.equal((await listAudit(db, { action: 'exports.identifiers.off' })).length, 1);
});

t.test('a value other than the checkbox’s is a 422 on the page, linked to the box', async (t) => {
  const bad = await post(s.coordinator, { province: 'P1', identifiers: 'yes' });
  t.equal(bad.statusCode, 422);
  t.match(bad.body, '<a href="#identifiers-P1">Hãy đánh dấu hoặc bỏ đánh dấu ô mã hồ sơ và tên cán bộ.</a>');
  t.match(bad.body, 'aria-describedby="identifiers-P1-hint identifiers-P1-error"');
  t.match(bad.body, '<input type="checkbox" id="published-P1" name="published" value="1">', 'the publication box has no error');
  t.equal(await getSetting(db, 'exports.identifiers.P1'), false, 'unchanged');
});

t.test('scope: a manager may not; another province’s coordinator gets 404', async (t) => {
  t.equal((await post(s.manager, { province: 'P1', identifiers: '1' })).statusCode, 403);
  t.equal((await post(s.other, { province: 'P1', identifiers: '1' })).statusCode, 404);
  t.equal((await post(s.other, { province: 'P1-SNV', identifiers: '1' })).statusCode, 404, 'not a province');
  t.equal((await post(s.other, { province: 'NOPE', identifiers: '1' })).statusCode, 404);
  t.equal(await getSetting(db, 'exports.identifiers.P1'), false, 'unchanged');
  t.equal((await post(s.other, { province: 'P2', identifiers: '1' })).statusCode, 303, 'their own province');
  t.equal(await getSetting(db, 'exports.identifiers.P2'), true);
});
