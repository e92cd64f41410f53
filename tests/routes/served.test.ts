// The people-served import page (issue 16 point 4): a coordinator's file is written whole or not at
// all, every bad line listed; a point outside the subtree is unknown; the same period imported again
// replaces its count; each import audited with before and after; the page lists the months recorded.
import t from 'tap';
import { listAudit } from '../../server/db/queries/audit.ts';
import { insertServicePoint } from '../../server/db/queries/service-points.ts';
import { buildTestApp } from '../helpers/app.ts';
import { createUser, multipart, signIn, staffTree, type StaffSession } from '../helpers/staff.ts';

const { app, database } = await buildTestApp();
t.teardown(() => app.close());
const db = database.db;
const tree = await staffTree(db);
await insertServicePoint(db, { code: 'SP-IN', agencyId: tree.c1.id, nameVi: 'Quầy xã', nameEn: null });
await insertServicePoint(db, { code: 'SP-IN2', agencyId: tree.d1.id, nameVi: 'Quầy sở', nameEn: null });
await insertServicePoint(db, { code: 'SP-OUT', agencyId: tree.d2.id, nameVi: 'Quầy tỉnh hai', nameEn: null });
const u = await createUser(db, { email: 'coordinator@snv.p1.gov.vn', role: 'coordinator', agencyId: tree.d1.id });
const s: StaffSession = await signIn(app, u.email, u.password);

const upload = (content: string | Buffer | null, lang = 'vi') =>
  app.inject({
    method: 'POST',
    url: '/admin/served',
    cookies: { ...s.cookies, lang },
    ...multipart({ _csrf: s.csrf }, content === null ? undefined : { name: 'luot-phuc-vu.csv', content }),
  });
const stored = async () =>
  (
    await db
      .selectFrom('served_counts as c')
      .innerJoin('service_points as p', 'p.id', 'c.service_point_id')
      .select(['p.code', 'c.period_kind', 'c.period_start', 'c.served', 'c.source', 'c.updated_by'])
      .orderBy('p.code')
      .orderBy('c.period_start')
      .execute()
  ).map((r) => ({ ...r, period_start: String(r.period_start).slice(0, 10) }));
const header = 'service_point_code,period,served\n';

t.test('the page, and a file with problems writes nothing', async (t) => {
  const page = await app.inject({ url: '/admin/served', cookies: s.cookies });
  t.equal(page.statusCode, 200);
  t.match(page.body, /enctype="multipart\/form-data"/);
  t.match(page.body, /Chưa có số lượt phục vụ nào/);

  const missing = await upload(null);
  t.equal(missing.statusCode, 422);
  t.match(missing.body, /href="#file"/, 'the error summary links to the field');
  t.equal((await upload(Buffer.from([0xff, 0xfe, 0x41]))).statusCode, 422, 'not UTF-8');

  const bad = await upload(
    `${header}SP-IN,2026-10,1200\nSP-OUT,2026-10,300\nSP-IN2,2026-13,5\nSP-IN2,2026-10-02,1.200\nSP-IN,2026-10,1300\nSP-IN,2999-01,4\n`,
  );
  t.equal(bad.statusCode, 422);
  t.match(bad.body, /Dòng 3, cột service_point_code/, 'the point beside the subtree, on its line');
  t.match(bad.body, /không có điểm tiếp nhận mã &quot;SP-OUT&quot; trong phạm vi của bạn/);
  t.match(bad.body, /Dòng 4, cột period/);
  t.match(bad.body, /Dòng 5, cột served/, 'a separator in a count');
  t.match(bad.body, /Dòng 6, cột period/, 'the same point and period twice');
  t.match(bad.body, /Dòng 7, cột period/, 'a period in the future');
  t.match(bad.body, /Có 5 lỗi trong tệp/);
  t.same(await stored(), [], 'nothing written');

  const en = await upload(`${header}SP-OUT,2026-10,300\n`, 'en');
  t.match(en.body, /Line 2, column service_point_code<\/strong>: no service point with the code &quot;SP-OUT&quot; in your scope/);
});

t.test('a good file is written, and importing the same periods again replaces them', async (t) => {
  const first = await upload(`${header}SP-IN,2026-10,1200\nSP-IN2,2026-10-01,40\nSP-IN2,2026-10-02,45\n`);
  t.equal(first.statusCode, 303);
  t.match(first.headers.location, /^\/admin\/served\?done=imported&rows=3&created=3&replaced=0&unchanged=0$/);
  const done = await app.inject({ url: first.headers.location as string, cookies: s.cookies });
  t.match(done.body, /Đã nhập 3 dòng: thêm mới 3, thay số cũ 0, không đổi 0/);
  t.match(done.body, /<td>2026-10<\/td><td class="num">2<\/td><td class="num">1\.285<\/td>/, 'October: two points, 1,200 + 85');
  t.same(await stored(), [
    { code: 'SP-IN', period_kind: 'month', period_start: '2026-10-01', served: 1200, source: 'csv', updated_by: u.id },
    { code: 'SP-IN2', period_kind: 'day', period_start: '2026-10-01', served: 40, source: 'csv', updated_by: u.id },
    { code: 'SP-IN2', period_kind: 'day', period_start: '2026-10-02', served: 45, source: 'csv', updated_by: u.id },
  ]);

  // Semicolons, as a Vietnamese spreadsheet writes them.
  const again = await upload('service_point_code;period;served\nSP-IN;2026-10;1250\nSP-IN2;2026-10-01;40\n');
  t.equal(again.statusCode, 303);
  t.match(again.headers.location, /rows=2&created=0&replaced=1&unchanged=1/);
  const rows = await stored();
  t.equal(rows.length, 3, 'replaced, not added');
  t.equal(rows[0]!.served, 1250);

  const entries = await listAudit(db, { action: 'served.record' });
  t.equal(entries.length, 2, 'each import audited');
  t.match(entries[0]!.details, {
    source: 'csv',
    rows: 2,
    replaced: 1,
    changes: [{ servicePoint: 'SP-IN', period: '2026-10', before: 1200, after: 1250 }],
  });
});
