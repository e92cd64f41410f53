// The kiosk admin pages: register for a service point and get a one-time code that pairs a device,
// the list with what each device reported at its heartbeat, settings, a new code, revoking — each
// form with its CSRF token, in Vietnamese and English, and nothing outside the user's subtree.
import t from 'tap';
import { listAudit } from '../../server/db/queries/audit.ts';
import { insertServicePoint } from '../../server/db/queries/service-points.ts';
import { buildTestApp } from '../helpers/app.ts';
import { pairDevice, postJson } from '../helpers/kiosk.ts';
import { createUser, csrfFrom, postForm, signIn, staffTree, type StaffSession } from '../helpers/staff.ts';

const PUBLIC_URL = 'https://khaosat.khanhhoa.gov.vn';
const { app, database } = await buildTestApp({ config: { publicUrl: PUBLIC_URL } });
t.teardown(() => app.close());
const db = database.db;
const tree = await staffTree(db);
const inside = await insertServicePoint(db, {
  code: 'P1-XA-MC',
  agencyId: tree.c1.id,
  nameVi: 'Bộ phận một cửa xã',
  nameEn: 'Commune one-stop desk',
});
const closed = await insertServicePoint(db, { code: 'P1-XA-CU', agencyId: tree.c1.id, nameVi: 'Quầy cũ', nameEn: null, active: false });
const elsewhere = await insertServicePoint(db, { code: 'P2-SNV-Q1', agencyId: tree.d2.id, nameVi: 'Quầy Tỉnh Hai', nameEn: null });

async function session(role: 'coordinator' | 'manager', agencyId: number, email: string): Promise<StaffSession> {
  const u = await createUser(db, { email, role, agencyId });
  return signIn(app, u.email, u.password);
}
const coordinator = await session('coordinator', tree.d1.id, 'coordinator@snv.p1.gov.vn');
const otherCoordinator = await session('coordinator', tree.p2.id, 'coordinator@p2.gov.vn');
const manager = await session('manager', tree.d1.id, 'manager@snv.p1.gov.vn');

const get = (url: string, s: StaffSession, headers: Record<string, string> = {}) => app.inject({ url, cookies: s.cookies, headers });
const post = (url: string, s: StaffSession, fields: Record<string, string>) => postForm(app, url, s.cookies, { _csrf: s.csrf, ...fields });

function codeFrom(html: string): { code: string; url: string } {
  const code = /id="pairing-code">([^<]+)</.exec(html)?.[1];
  const url = /id="pairing-url">([^<]+)</.exec(html)?.[1];
  if (!code || !url) throw new Error('no pairing code on the page');
  return { code, url };
}

let kioskId = 0;

t.test('register a kiosk: the one-time code and address pair the device', async (t) => {
  const form = await get('/admin/kiosks/new', coordinator);
  t.equal(form.statusCode, 200);
  t.match(form.body, 'Đăng ký màn hình đánh giá');
  t.match(form.body, `<option value="${inside.id}"`);
  t.notMatch(form.body, `value="${closed.id}"`, 'an inactive point is not offered');
  t.notMatch(form.body, 'Quầy Tỉnh Hai', 'nor one outside the subtree');
  t.ok(csrfFrom(form.body));

  const noToken = await postForm(app, '/admin/kiosks', coordinator.cookies, { servicePointId: String(inside.id), name: 'Quầy 1' });
  t.equal(noToken.statusCode, 403, 'no CSRF token, no kiosk');

  const bad = await post('/admin/kiosks', coordinator, { servicePointId: '', name: 'x'.repeat(201) });
  t.equal(bad.statusCode, 422);
  t.match(bad.body, 'Hãy chọn một điểm tiếp nhận đang hoạt động.');
  t.match(bad.body, 'Tên màn hình cần từ 1 đến 200 ký tự.');
  t.equal(
    (await post('/admin/kiosks', coordinator, { servicePointId: String(closed.id), name: '' })).statusCode,
    422,
    'not at an inactive point',
  );
  t.equal(
    (await post('/admin/kiosks', coordinator, { servicePointId: String(elsewhere.id), name: 'Lạc' })).statusCode,
    404,
    'outside the subtree: 404',
  );
  t.equal(
    await db
      .selectFrom('kiosks')
      .select('id')
      .execute()
      .then((r) => r.length),
    0,
    'nothing registered by refused forms',
  );

  const res = await post('/admin/kiosks', coordinator, { servicePointId: String(inside.id), name: '  Quầy số 1  ' });
  t.equal(res.statusCode, 201);
  t.match(res.headers['cache-control'], 'no-store');
  const { code, url } = codeFrom(res.body);
  t.match(code, /^[A-HJKMNP-Z2-9]{5}-[A-HJKMNP-Z2-9]{5}$/);
  t.equal(url, `${PUBLIC_URL}/kiosk/pair/${code}`, 'the full pairing address');
  t.match(res.body, 'Mã ghép nối cho &quot;Quầy số 1&quot;');
  const row = await db.selectFrom('kiosks').selectAll().executeTakeFirstOrThrow();
  kioskId = row.id;
  t.match(row, { name: 'Quầy số 1', service_point_id: inside.id, min_interval_seconds: 5, created_by: Number });
  t.match((await listAudit(db, { action: 'kiosk.register' }))[0], {
    agency_id: tree.c1.id,
    details: { kioskId, servicePoint: 'P1-XA-MC' },
  });

  const device = await pairDevice(app, code);
  const cfg = await app.inject({ url: '/kiosk/api/config', cookies: device });
  t.equal(cfg.statusCode, 200);
  t.match(cfg.json(), { kiosk: { id: kioskId, name: 'Quầy số 1' }, questionnaire: { code: 'counter-quick' } }, 'the default questionnaire');

  // The device reports in; the list shows it.
  t.equal((await postJson(app, '/kiosk/api/heartbeat', device, { appVersion: 'kiosk-2.3.1', queueLength: 1234 })).statusCode, 200);
  const list = await get('/admin/kiosks', coordinator);
  t.equal(list.statusCode, 200);
  t.match(list.body, 'Quầy số 1');
  t.match(list.body, 'Đang hoạt động');
  t.match(list.body, 'kiosk-2.3.1');
  t.match(list.body, '1.234', 'the queue length, formatted for vi-VN');
  t.notMatch(list.body, 'Chưa có</td>', 'last seen is a time now');
  const english = await get('/admin/kiosks', coordinator, { cookie: 'lang=en' });
  t.match(english.body, 'Counter kiosks');
  t.match(english.body, 'Working');
  t.match(english.body, '1,234');
});

t.test('a registered kiosk left unnamed takes its counter’s name', async (t) => {
  const res = await post('/admin/kiosks', coordinator, { servicePointId: String(inside.id), name: '' });
  t.equal(res.statusCode, 201);
  const list = await get('/admin/kiosks', coordinator);
  t.match(list.body, 'Bộ phận một cửa xã');
  t.match(list.body, 'Chờ ghép nối', 'waiting for its device');
});

t.test('settings: questionnaire, interval and officer, checked and audited', async (t) => {
  const page = await get(`/admin/kiosks/${kioskId}`, coordinator);
  t.equal(page.statusCode, 200);
  t.match(page.body, 'name="minIntervalSeconds" type="text" value="5"');
  t.match(
    page.body,
    'Màn hình cảm ơn ở lại cho đến hết khoảng cách này (tối đa 10 giây), để lần chạm đầu tiên của người tiếp theo được tính. Đánh giá đến sớm hơn vẫn được lưu nhưng bị đánh dấu',
    'the page says what the device does (tests/browser/kiosk.test.ts taps right after the thank-you)',
  );
  t.match(page.body, 'counter-quick');

  const questionnaireId = (await db.selectFrom('questionnaires').select('id').where('code', '=', 'counter-quick').executeTakeFirstOrThrow())
    .id;
  const bad = await post(`/admin/kiosks/${kioskId}`, coordinator, {
    name: '',
    questionnaireId: '999999',
    minIntervalSeconds: 'năm',
    officerName: '',
  });
  t.equal(bad.statusCode, 422);
  t.match(bad.body, 'Tên màn hình cần từ 1 đến 200 ký tự.');
  t.match(bad.body, 'Khoảng cách tối thiểu là số giây, từ 0 đến 3600.');
  t.equal(
    (
      await post(`/admin/kiosks/${kioskId}`, coordinator, {
        name: 'Q',
        questionnaireId: '999999',
        minIntervalSeconds: '5',
        officerName: '',
      })
    ).statusCode,
    422,
    'an unknown questionnaire',
  );

  const saved = await post(`/admin/kiosks/${kioskId}`, coordinator, {
    name: 'Quầy số 1',
    questionnaireId: String(questionnaireId),
    minIntervalSeconds: '8',
    officerName: 'Trần Văn Bình',
  });
  t.equal(saved.statusCode, 303);
  t.equal(saved.headers.location, `/admin/kiosks?done=saved&id=${kioskId}`);
  t.match((await get(saved.headers.location as string, coordinator)).body, 'Đã lưu cài đặt của màn hình &quot;Quầy số 1&quot;.');
  t.match(await db.selectFrom('kiosks').selectAll().where('id', '=', kioskId).executeTakeFirstOrThrow(), {
    min_interval_seconds: 8,
    officer_name: 'Trần Văn Bình',
  });
  t.equal((await listAudit(db, { action: 'kiosk.update' })).length, 1);
});

t.test('a new code, and revoking', async (t) => {
  const fresh = await post(`/admin/kiosks/${kioskId}/pair`, coordinator, {});
  t.equal(fresh.statusCode, 200);
  const { code } = codeFrom(fresh.body);
  const replacement = await pairDevice(app, code);
  const cfg = await app.inject({ url: '/kiosk/api/config', cookies: replacement });
  t.match(cfg.json(), { kiosk: { id: kioskId }, officer: { name: 'Trần Văn Bình', photoUrl: null }, minIntervalSeconds: 8 });

  const revoked = await post(`/admin/kiosks/${kioskId}/revoke`, coordinator, {});
  t.equal(revoked.statusCode, 303);
  const list = await get(revoked.headers.location as string, coordinator);
  t.match(list.body, 'Đã thu hồi màn hình &quot;Quầy số 1&quot;');
  t.match(list.body, 'Đã thu hồi');
  t.equal((await app.inject({ url: '/kiosk/api/config', cookies: replacement })).statusCode, 403, 'the device is stopped at once');
  t.equal((await listAudit(db, { action: 'kiosk.revoke' })).length, 1);
  t.equal((await post(`/admin/kiosks/${kioskId}/revoke`, coordinator, {})).statusCode, 303, 'revoking again is harmless');
  t.equal((await listAudit(db, { action: 'kiosk.revoke' })).length, 1, 'and audited once');
  const noCode = await post(`/admin/kiosks/${kioskId}/pair`, coordinator, {});
  t.equal(noCode.statusCode, 409, 'a revoked kiosk gets no new code');
});

t.test('scope and roles', async (t) => {
  const theirs = await get('/admin/kiosks', otherCoordinator);
  t.equal(theirs.statusCode, 200);
  t.notMatch(theirs.body, 'Quầy số 1', 'another province sees none of ours');
  t.match(theirs.body, 'Chưa có màn hình đánh giá nào.');
  for (const [method, url] of [
    ['GET', `/admin/kiosks/${kioskId}`],
    ['POST', `/admin/kiosks/${kioskId}`],
    ['POST', `/admin/kiosks/${kioskId}/pair`],
    ['POST', `/admin/kiosks/${kioskId}/revoke`],
  ] as const) {
    const res =
      method === 'GET'
        ? await get(url, otherCoordinator)
        : await post(url, otherCoordinator, { name: 'x', questionnaireId: '1', minIntervalSeconds: '5', officerName: '' });
    t.equal(res.statusCode, 404, `${method} ${url} outside the subtree: 404`);
    t.notMatch(res.body, 'Quầy số 1');
  }
  t.equal((await get('/admin/kiosks/abc', coordinator)).statusCode, 404);
  t.equal((await get('/admin/kiosks/99999', coordinator)).statusCode, 404);
  t.equal((await get('/admin/kiosks', manager)).statusCode, 403, 'a manager does not manage kiosks');
});
