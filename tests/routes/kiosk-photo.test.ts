// The officer's photo: uploaded as multipart with the CSRF token, recognised by its bytes, shown to
// the paired device through its config, removable, and invisible outside the user's subtree.
import t from 'tap';
import { listAudit } from '../../server/db/queries/audit.ts';
import { registerKiosk } from '../../server/db/queries/kiosks.ts';
import { insertServicePoint } from '../../server/db/queries/service-points.ts';
import { buildTestApp } from '../helpers/app.ts';
import { pairDevice } from '../helpers/kiosk.ts';
import { createUser, signIn, staffTree, type StaffSession } from '../helpers/staff.ts';

const { app, database } = await buildTestApp();
t.teardown(() => app.close());
const db = database.db;
const tree = await staffTree(db);
const point = await insertServicePoint(db, { code: 'P1-XA-MC', agencyId: tree.c1.id, nameVi: 'Bộ phận một cửa xã', nameEn: null });
const { kioskId, code } = await registerKiosk(db, { servicePointId: point.id, name: 'Màn hình 1' });
await db.updateTable('kiosks').set({ officer_name: 'Nguyễn Thị Hoa' }).where('id', '=', kioskId).execute();

async function session(agencyId: number, email: string): Promise<StaffSession> {
  const u = await createUser(db, { email, role: 'coordinator', agencyId });
  return signIn(app, u.email, u.password);
}
const coordinator = await session(tree.p1.id, 'coordinator@p1.gov.vn');
const outsider = await session(tree.p2.id, 'coordinator@p2.gov.vn');

// The smallest valid PNG (1×1) and something that only claims to be one.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const FAKE = Buffer.from('<script>alert(1)</script>');

function multipart(fields: Record<string, string>, file?: { name: string; type: string; bytes: Buffer }) {
  const boundary = '----hailong' + Math.random().toString(16).slice(2);
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
      ),
    );
    parts.push(file.bytes, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
const upload = (s: StaffSession, fields: Record<string, string>, file?: { name: string; type: string; bytes: Buffer }, id = kioskId) =>
  app.inject({ method: 'POST', url: `/admin/kiosks/${id}/photo`, cookies: s.cookies, ...multipart(fields, file) });

t.test('upload, preview, device config and removal', async (t) => {
  const device = await pairDevice(app, code);
  const before = await app.inject({ url: '/kiosk/api/config', cookies: device });
  t.same(before.json().officer, { name: 'Nguyễn Thị Hoa', photoUrl: null });

  const noToken = await upload(coordinator, {}, { name: 'a.png', type: 'image/png', bytes: PNG });
  t.equal(noToken.statusCode, 403, 'the CSRF token is checked on uploads too');

  const fake = await upload(coordinator, { _csrf: coordinator.csrf }, { name: 'a.png', type: 'image/png', bytes: FAKE });
  t.equal(fake.statusCode, 422);
  t.match(fake.body, /Tệp phải là ảnh JPEG, PNG hoặc WebP/);
  t.match(fake.body, /href="#photo"/, 'the error summary links to the field');
  const none = await upload(coordinator, { _csrf: coordinator.csrf });
  t.equal(none.statusCode, 422);
  t.match(none.body, /Chọn một tệp ảnh/);

  const ok = await upload(coordinator, { _csrf: coordinator.csrf }, { name: 'hoa.png', type: 'application/octet-stream', bytes: PNG });
  t.equal(ok.statusCode, 303);
  t.equal(ok.headers.location, `/admin/kiosks/${kioskId}?photo=saved`);
  const page = await app.inject({ url: ok.headers.location as string, cookies: coordinator.cookies });
  t.match(page.body, /Đã lưu ảnh cán bộ phục vụ/);
  t.match(page.body, new RegExp(`src="/admin/kiosks/${kioskId}/photo\\?v=\\d+"`));

  const preview = await app.inject({ url: `/admin/kiosks/${kioskId}/photo`, cookies: coordinator.cookies });
  t.equal(preview.statusCode, 200);
  t.equal(preview.headers['content-type'], 'image/png', 'the type comes from the bytes, not the upload');
  t.same(preview.rawPayload, PNG);

  const config = await app.inject({ url: '/kiosk/api/config', cookies: device });
  const photoUrl = config.json().officer.photoUrl as string;
  t.match(photoUrl, /^\/kiosk\/api\/officer-photo\?v=\d+$/);
  const onDevice = await app.inject({ url: photoUrl, cookies: device });
  t.equal(onDevice.statusCode, 200);
  t.same(onDevice.rawPayload, PNG);
  t.equal((await app.inject({ url: photoUrl })).statusCode, 401, 'only a paired device');

  const answers = await db.selectFrom('responses').select('answers').execute();
  t.notOk(JSON.stringify(answers).includes('Hoa'), 'nothing of the officer in citizen data');
  t.ok((await listAudit(db, { action: 'kiosk.photo' })).length === 1);

  const elsewhere = await upload(outsider, { _csrf: outsider.csrf }, { name: 'x.png', type: 'image/png', bytes: PNG });
  t.equal(elsewhere.statusCode, 404, 'outside the subtree: 404');
  t.equal((await app.inject({ url: `/admin/kiosks/${kioskId}/photo`, cookies: outsider.cookies })).statusCode, 404);

  const removed = await app.inject({
    method: 'POST',
    url: `/admin/kiosks/${kioskId}/photo/delete`,
    cookies: coordinator.cookies,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: coordinator.csrf }).toString(),
  });
  t.equal(removed.statusCode, 303);
  t.same((await app.inject({ url: '/kiosk/api/config', cookies: device })).json().officer, { name: 'Nguyễn Thị Hoa', photoUrl: null });
  t.equal((await app.inject({ url: photoUrl, cookies: device })).statusCode, 404);

  const tooBig = await upload(
    coordinator,
    { _csrf: coordinator.csrf },
    { name: 'big.png', type: 'image/png', bytes: Buffer.concat([PNG, Buffer.alloc(600 * 1024)]) },
  );
  t.equal(tooBig.statusCode, 422);
  t.match(tooBig.body, /tối đa 512 KB/);
  const huge = await upload(
    coordinator,
    { _csrf: coordinator.csrf },
    { name: 'huge.png', type: 'image/png', bytes: Buffer.alloc(2 * 1024 * 1024) },
  );
  t.equal(huge.statusCode, 413, 'past the upload limit: 413, not 500');
});
