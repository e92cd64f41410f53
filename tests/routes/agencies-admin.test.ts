// Changing agencies and service points from the browser (issue 13 pt 2–3): create, edit, close and
// move an agency, import the CSV within the subtree, create, edit, close and reopen a service point.
// Each: 422 keeping the answers, CSRF refused, outside the subtree refused as not found, the audit
// entry with before and after, and the change itself in the database.
import t from 'tap';
import { findAgencyByCode } from '../../server/db/queries/agencies.ts';
import { listAudit } from '../../server/db/queries/audit.ts';
import { findServicePointByCode, insertServicePoint } from '../../server/db/queries/service-points.ts';
import { buildTestApp } from '../helpers/app.ts';
import { createUser, postForm, signIn, staffTree, withCookies, type StaffSession } from '../helpers/staff.ts';

const { app, database } = await buildTestApp();
t.teardown(() => app.close());
const db = database.db;
const tree = await staffTree(db);
const u = await createUser(db, { email: 'coordinator@snv.p1.gov.vn', role: 'coordinator', agencyId: tree.d1.id });
const s: StaffSession = await signIn(app, u.email, u.password);
const get = (url: string, lang = 'vi') => app.inject({ url, cookies: { ...s.cookies, lang } });
const post = (url: string, fields: Record<string, string>) => postForm(app, url, s.cookies, { _csrf: s.csrf, ...fields });
const lastAudit = async (action: string) => (await listAudit(db, { action, limit: 1 }))[0];

t.test('the tree offers the actions', async (t) => {
  const res = await get('/admin/agencies');
  t.equal(res.statusCode, 200);
  for (const href of [
    '/admin/agencies/new',
    '/admin/agencies/import',
    '/admin/agencies/reorganise',
    '/admin/agencies/P1-XA/edit',
    '/admin/agencies/P1-XA/close',
    '/admin/agencies/P1-XA/move',
  ])
    t.match(res.body, `href="${href}"`, href);
});

t.test('creating an agency', async (t) => {
  const form = await get(`/admin/agencies/new?parent=${tree.c1.code}`);
  t.equal(form.statusCode, 200);
  t.match(form.body, new RegExp(`<option value="${tree.c1.id}" selected>`), 'the parent is chosen from the link');
  const bad = await post('/admin/agencies/new', {
    parentId: String(tree.c1.id),
    code: 'xã mới',
    nameVi: '  ',
    nameEn: '',
    kind: 'commune',
    validFrom: '31/02/2025',
  });
  t.equal(bad.statusCode, 422);
  for (const f of ['code', 'nameVi', 'validFrom']) t.match(bad.body, `href="#${f}"`, `error on ${f}`);
  t.match(bad.body, /value="xã mới"/, 'the answer is kept');
  t.equal(await findAgencyByCode(db, 'xã mới'), undefined);
  const taken = await post('/admin/agencies/new', {
    parentId: String(tree.c1.id),
    code: 'P2',
    nameVi: 'Trùng mã',
    nameEn: '',
    kind: 'unit',
    validFrom: '',
  });
  t.equal(taken.statusCode, 422, 'a code taken outside the subtree is refused');
  t.match(taken.body, /Mã này đã được dùng/);
  const beside = await post('/admin/agencies/new', {
    parentId: String(tree.d2.id),
    code: 'P2-NEW',
    nameVi: 'Ngoài',
    nameEn: '',
    kind: 'unit',
    validFrom: '',
  });
  t.equal(beside.statusCode, 404, 'a parent beside the subtree is not found');
  t.equal(await findAgencyByCode(db, 'P2-NEW'), undefined);
  const noCsrf = await postForm(app, '/admin/agencies/new', s.cookies, {
    parentId: String(tree.c1.id),
    code: 'P1-TT',
    nameVi: 'Trung tâm',
    nameEn: '',
    kind: 'centre',
    validFrom: '',
  });
  t.equal(noCsrf.statusCode, 403, 'no CSRF token, refused');
  const ok = await post('/admin/agencies/new', {
    parentId: String(tree.c1.id),
    code: 'P1-TT',
    nameVi: 'Trung  tâm\u0301 một cửa',
    nameEn: 'One-stop centre',
    kind: 'centre',
    validFrom: '01/07/2025',
  });
  t.equal(ok.statusCode, 303);
  t.equal(ok.headers.location, '/admin/agencies?done=created&code=P1-TT');
  const made = (await findAgencyByCode(db, 'P1-TT'))!;
  t.equal(made.parent_id, tree.c1.id);
  t.equal(made.name_vi, 'Trung tâḿ một cửa'.normalize('NFC'), 'NFC, one space');
  t.equal(made.valid_from, '2025-07-01');
  const entry = await lastAudit('agency.add');
  t.equal(entry?.agency_id, made.id);
  t.match(entry?.details, { after: { code: 'P1-TT', kind: 'centre', parentId: tree.c1.id } });
  const list = await app.inject({ url: ok.headers.location as string, cookies: withCookies(s.cookies, ok) });
  t.match(list.body, /Đã thêm đơn vị P1-TT/);
});

t.test('editing names and kind', async (t) => {
  t.equal((await get(`/admin/agencies/${tree.d2.code}/edit`)).statusCode, 404, 'beside: not found');
  t.equal((await get(`/admin/agencies/${tree.p1.code}/edit`)).statusCode, 404, 'above: not found');
  const form = await get('/admin/agencies/P1-XA/edit', 'en');
  t.match(form.body, /value="Xã Một"/);
  const bad = await post('/admin/agencies/P1-XA/edit', { nameVi: '', nameEn: 'Commune One', kind: 'planet' });
  t.equal(bad.statusCode, 422);
  t.match(bad.body, /href="#nameVi"/);
  t.match(bad.body, /href="#kind"/);
  t.match(bad.body, /value="Commune One"/);
  const ok = await post('/admin/agencies/P1-XA/edit', { nameVi: 'Xã Một Mới', nameEn: 'Commune One', kind: 'commune' });
  t.equal(ok.statusCode, 303);
  const entry = await lastAudit('agency.update');
  t.match(entry?.details, { before: { nameVi: 'Xã Một', nameEn: null }, after: { nameVi: 'Xã Một Mới', nameEn: 'Commune One' } });
  t.equal((await post(`/admin/agencies/${tree.d2.code}/edit`, { nameVi: 'X', nameEn: '', kind: 'unit' })).statusCode, 404);
  t.equal((await findAgencyByCode(db, tree.d2.code))!.name_vi, 'Sở Nội vụ Tỉnh Hai', 'nothing changed beside');
});

t.test('moving and closing', async (t) => {
  const child = (await findAgencyByCode(db, 'P1-TT'))!;
  const inside = await post(`/admin/agencies/${tree.c1.code}/move`, { parentId: String(child.id) });
  t.equal(inside.statusCode, 422, 'not under its own sub-unit');
  t.match(inside.body, /Không thể chuyển một đơn vị vào chính nó/);
  t.equal((await post('/admin/agencies/P1-TT/move', { parentId: String(tree.d2.id) })).statusCode, 404, 'not beside the subtree');
  const moved = await post('/admin/agencies/P1-TT/move', { parentId: String(tree.d1.id) });
  t.equal(moved.statusCode, 303);
  const after = (await findAgencyByCode(db, 'P1-TT'))!;
  t.equal(after.parent_id, tree.d1.id);
  t.equal(after.path, `${tree.d1.path}${after.id}/`);
  t.match((await lastAudit('agency.move'))?.details, { before: { parentId: tree.c1.id }, after: { parentId: tree.d1.id } });

  const bad = await post('/admin/agencies/P1-TT/close', { validTo: '2025-06-30', successorId: '' });
  t.equal(bad.statusCode, 422, 'the last day before the first');
  t.match(bad.body, /href="#validTo"/);
  t.match(bad.body, /value="2025-06-30"/);
  const loop = await post(`/admin/agencies/${tree.c1.code}/close`, { validTo: '30/06/2026', successorId: String(tree.c1.id) });
  t.equal(loop.statusCode, 422, 'not its own successor');
  const ok = await post('/admin/agencies/P1-TT/close', { validTo: '31/12/2025', successorId: String(tree.c1.id) });
  t.equal(ok.statusCode, 303);
  const closed = (await findAgencyByCode(db, 'P1-TT'))!;
  t.equal(closed.valid_to, '2025-12-31');
  t.equal(closed.successor_id, tree.c1.id);
  t.match((await lastAudit('agency.close'))?.details, {
    before: { validTo: null, successorId: null },
    after: { validTo: '2025-12-31', successorId: tree.c1.id },
  });
  const backLoop = await post(`/admin/agencies/${tree.c1.code}/close`, { validTo: '31/12/2026', successorId: String(closed.id) });
  t.equal(backLoop.statusCode, 422, 'a successor loop is refused');
  t.match(backLoop.body, /href="#successorId"/);
});

function multipart(file: string) {
  const boundary = '----hailongagencies' + Math.random().toString(16).slice(2);
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${s.csrf}\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="agencies.csv"\r\nContent-Type: text/csv\r\n\r\n`),
    Buffer.from(file),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { 'content-type': `multipart/form-data; boundary=${boundary}`, payload: body };
}
const upload = (file: string) => {
  const { payload, ...headers } = multipart(file);
  return app.inject({ method: 'POST', url: '/admin/agencies/import', cookies: s.cookies, headers, payload });
};
const HEADER = 'code,parent_code,name_vi,name_en,kind,valid_from,valid_to,successor_code\n';

t.test('importing within the subtree', async (t) => {
  const count = async () =>
    Number(
      (
        await db
          .selectFrom('agencies')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const before = await count();
  const bad = await upload(
    HEADER +
      'P1-A,P1-SNV,Phòng A,,unit,,,\n' +
      'P2-SNV,P2,Sở Nội vụ Tỉnh Hai,,department,,,\n' +
      'P1-B,P2,Phòng B,,unit,,,\n' +
      'P1-C,,Phòng C,,unit,,,\n' +
      'P1-D,P1-SNV,Phòng D,,unit,,,P2\n' +
      'P1-E,P1-SNV,,,planet,,,\n',
  );
  t.equal(bad.statusCode, 422);
  t.match(bad.body, /Dòng 3, cột code<\/strong>: mã &quot;P2-SNV&quot; đã được dùng cho một cơ quan ngoài phạm vi/);
  t.match(bad.body, /Dòng 4, cột parent_code<\/strong>: không có cơ quan cấp trên mã &quot;P2&quot;/, 'a parent beside is unknown');
  t.match(bad.body, /Dòng 5, cột parent_code<\/strong>: cần mã cơ quan cấp trên/, 'no new root');
  t.match(bad.body, /Dòng 6, cột successor_code<\/strong>: không có cơ quan thay thế mã &quot;P2&quot;/);
  t.match(bad.body, /Dòng 7, cột name_vi/);
  t.equal(await count(), before, 'nothing written');
  const ok = await upload(HEADER + 'P1-A,P1-SNV,Phòng A,,unit,,,\nP1-SNV,P1,Sở Nội vụ Tỉnh Một,Department of Home Affairs,department,,,\n');
  t.equal(ok.statusCode, 303);
  t.match(ok.headers.location, /done=imported&.*created=1&updated=1/);
  t.equal(
    (await findAgencyByCode(db, tree.d1.code))!.name_en,
    'Department of Home Affairs',
    'its own root keeps its parent and is updated',
  );
  t.equal((await lastAudit('agencies.import'))?.agency_id, tree.d1.id, 'audited for the subtree');
});

t.test('service points', async (t) => {
  await insertServicePoint(db, { code: 'SP-BESIDE', agencyId: tree.d2.id, nameVi: 'Quầy ngoài', nameEn: null });
  const bad = await post('/admin/service-points/new', { agencyId: String(tree.c1.id), code: 'quầy 1', nameVi: '', nameEn: '' });
  t.equal(bad.statusCode, 422);
  t.match(bad.body, /href="#code"/);
  t.match(bad.body, /href="#nameVi"/);
  t.match(bad.body, /value="quầy 1"/);
  const taken = await post('/admin/service-points/new', { agencyId: String(tree.c1.id), code: 'SP-BESIDE', nameVi: 'Quầy', nameEn: '' });
  t.equal(taken.statusCode, 422, 'a code taken is refused');
  t.equal(
    (await post('/admin/service-points/new', { agencyId: String(tree.d2.id), code: 'SP-X', nameVi: 'Quầy', nameEn: '' })).statusCode,
    404,
  );
  const ok = await post('/admin/service-points/new', { agencyId: String(tree.c1.id), code: 'SP-XA-1', nameVi: 'Quầy một cửa', nameEn: '' });
  t.equal(ok.statusCode, 303);
  const point = (await findServicePointByCode(db, 'SP-XA-1'))!;
  t.equal(point.agency_id, tree.c1.id);
  t.equal(point.province_id, tree.p1.id);
  t.match((await lastAudit('service-point.add'))?.details, { after: { code: 'SP-XA-1', active: true } });
  const list = await app.inject({ url: ok.headers.location as string, cookies: withCookies(s.cookies, ok) });
  t.match(list.body, /Đã thêm điểm tiếp nhận SP-XA-1/);
  t.match(list.body, /href="\/admin\/service-points\/SP-XA-1\/edit"/);

  t.equal((await get('/admin/service-points/SP-BESIDE/edit')).statusCode, 404);
  const edit = await post('/admin/service-points/SP-XA-1/edit', {
    agencyId: String(tree.d1.id),
    nameVi: 'Quầy tiếp nhận',
    nameEn: 'Counter',
  });
  t.equal(edit.statusCode, 303);
  t.match((await lastAudit('service-point.update'))?.details, {
    before: { agencyId: tree.c1.id, nameVi: 'Quầy một cửa' },
    after: { agencyId: tree.d1.id, nameVi: 'Quầy tiếp nhận', nameEn: 'Counter' },
  });
  t.equal((await postForm(app, '/admin/service-points/SP-XA-1/close', s.cookies, {})).statusCode, 403, 'no CSRF token, refused');
  t.equal((await post('/admin/service-points/SP-BESIDE/close', {})).statusCode, 404);
  t.equal((await findServicePointByCode(db, 'SP-BESIDE'))!.active, true, 'beside: still open');
  t.equal((await post('/admin/service-points/SP-XA-1/close', {})).statusCode, 303);
  t.equal((await findServicePointByCode(db, 'SP-XA-1'))!.active, false);
  t.match((await lastAudit('service-point.close'))?.details, { before: { active: true }, after: { active: false } });
  t.equal((await post('/admin/service-points/SP-XA-1/reopen', {})).statusCode, 303);
  t.equal((await findServicePointByCode(db, 'SP-XA-1'))!.active, true);
});
