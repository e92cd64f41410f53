// Service points and their QR posters: the list scoped to the user's subtree, the poster page in
// Vietnamese with the survey URL, and the PNG and SVG downloads, each decoded back to that URL.
import t from 'tap';
import { ensureBuiltInQuestionnaires } from '../../server/db/queries/questionnaires.ts';
import { insertServicePoint } from '../../server/db/queries/service-points.ts';
import { qrMatrix, QR_MARGIN, surveyUrl } from '../../server/domain/qr.ts';
import { buildTestApp } from '../helpers/app.ts';
import { decodePng, decodeSvg, svgModules } from '../helpers/qr.ts';
import { createUser, signIn, staffTree, type StaffSession } from '../helpers/staff.ts';

const PUBLIC_URL = 'https://khaosat.khanhhoa.gov.vn';
const { app, database } = await buildTestApp({ config: { publicUrl: PUBLIC_URL } });
t.teardown(() => app.close());
const db = database.db;
const tree = await staffTree(db);
// As at every start of the app: the posters state the length of the SIPAS survey the address runs.
await ensureBuiltInQuestionnaires(db);

await insertServicePoint(db, {
  code: 'P1-TINH',
  agencyId: tree.p1.id,
  nameVi: 'Trung tâm Phục vụ hành chính công tỉnh',
  nameEn: 'Provincial service centre',
});
await insertServicePoint(db, { code: 'P1-SNV-Q1', agencyId: tree.d1.id, nameVi: 'Quầy tiếp nhận số 1', nameEn: 'Counter 1' });
await insertServicePoint(db, { code: 'P1-XA-Q1', agencyId: tree.c1.id, nameVi: 'Bộ phận một cửa xã', nameEn: null, active: false });
await insertServicePoint(db, { code: 'P2-SNV-Q1', agencyId: tree.d2.id, nameVi: 'Quầy Sở Nội vụ Tỉnh Hai', nameEn: null });

async function session(role: 'coordinator' | 'manager' | 'viewer' | 'clerk', agencyId: number, email: string): Promise<StaffSession> {
  const u = await createUser(db, { email, role, agencyId });
  return signIn(app, u.email, u.password);
}
const coordinator = await session('coordinator', tree.p1.id, 'coordinator@p1.gov.vn');
const manager = await session('manager', tree.d1.id, 'manager@snv.p1.gov.vn');
const viewer = await session('viewer', tree.c1.id, 'viewer@xa.p1.gov.vn');
const clerk = await session('clerk', tree.d1.id, 'clerk@snv.p1.gov.vn');

const get = (url: string, s: StaffSession | null, headers: Record<string, string> = {}) =>
  app.inject({ url, headers, ...(s ? { cookies: s.cookies } : {}) });
const codesIn = (html: string) => [...html.matchAll(/<td><code>([^<]+)<\/code><\/td>/g)].map((m) => m[1]);

t.test('the list shows the service points of the subtree only', async (t) => {
  const all = await get('/admin/service-points', coordinator);
  t.equal(all.statusCode, 200);
  t.same(codesIn(all.body), ['P1-TINH', 'P1-SNV-Q1', 'P1-XA-Q1'], 'a provincial coordinator: the whole province, in tree order');
  t.match(all.body, `${PUBLIC_URL}/s/P1-SNV-Q1`, 'each with its survey URL');
  t.match(all.body, 'href="/admin/service-points/P1-SNV-Q1/poster?size=a5"');
  t.match(all.body, 'href="/admin/service-points/P1-SNV-Q1/qr.png"');
  t.match(all.body, 'Ngừng hoạt động', 'an inactive point is marked');

  const dept = await get('/admin/service-points', manager);
  t.equal(dept.statusCode, 200);
  t.same(codesIn(dept.body), ['P1-SNV-Q1', 'P1-XA-Q1'], 'a department manager: the department and its commune');
  t.notMatch(dept.body, 'P1-TINH');
  t.notMatch(dept.body, /P2-|Tỉnh Hai/);

  const commune = await get('/admin/service-points', viewer);
  t.same(codesIn(commune.body), ['P1-XA-Q1'], 'a commune viewer: the commune only');

  const english = await get('/admin/service-points', manager, { cookie: `lang=en` });
  t.equal(english.statusCode, 200);
  t.match(english.body, 'Service points and QR codes');
  t.match(english.body, 'Counter 1', 'names in English where there is one');
});

t.test('who may see the posters', async (t) => {
  t.equal((await get('/admin/service-points', clerk)).statusCode, 403, 'a clerk keys in forms, nothing else');
  t.equal((await get('/admin/service-points/P1-SNV-Q1/poster', clerk)).statusCode, 403);
  const out = await get('/admin/service-points', null);
  t.equal(out.statusCode, 303, 'signed out: sent to sign in');
  t.match(out.headers.location, /^\/sign-in\?next=/);
});

t.test('the poster page', async (t) => {
  const res = await get('/admin/service-points/P1-SNV-Q1/poster?size=a4', manager);
  t.equal(res.statusCode, 200);
  const html = res.body;
  t.match(html, 'Ý kiến của Ông/Bà giúp chúng tôi phục vụ tốt hơn');
  t.match(html, 'Sở Nội vụ Tỉnh Một', 'the agency name, with its diacritics');
  t.match(html, 'Quầy tiếp nhận số 1', 'the service point name');
  t.match(html, 'Mở camera điện thoại');
  t.match(html, 'Quét mã QR');
  t.match(html, 'Trả lời 10 trang, khoảng 6 phút', 'the length the survey intro states');
  t.match(html, 'Không cần đăng nhập, không thu thập thông tin cá nhân.');
  t.match(html, `<span class="poster-url-text">${PUBLIC_URL}/s/P1-SNV-Q1</span>`, 'the URL in text under the code');
  t.match(html, /<p class="poster-english" lang="en">Scan the code to rate our service — about 6 min,/, 'a small English line');
  t.match(html, /<article class="poster poster--a4" lang="vi"/);
  t.match(html, /<svg viewBox="0 0 \d+ \d+" class="poster-qr-code" role="img" aria-label="Mã QR dẫn tới phiếu khảo sát: https:\/\/khaosat/);
  t.match(html, 'href="/public/css/print.css"');
  t.notMatch(html, /\sstyle=/, 'no inline style attribute (the CSP forbids them)');
  t.notMatch(html, /<script(?![^>]*\bsrc=)/, 'no inline script');

  const svg = /<svg [\s\S]*?<\/svg>/.exec(html)?.[0] ?? '';
  t.equal(decodeSvg(svg), `${PUBLIC_URL}/s/P1-SNV-Q1`, 'the inline code decodes to the survey URL');

  const a5 = await get('/admin/service-points/P1-SNV-Q1/poster?size=a5', manager);
  t.equal(a5.statusCode, 200);
  t.match(a5.body, /<article class="poster poster--a5" lang="vi"/);

  const english = await get('/admin/service-points/P1-SNV-Q1/poster', manager, { cookie: 'lang=en' });
  t.equal(english.statusCode, 200, 'A4 unless asked otherwise');
  t.match(english.body, /<article class="poster poster--a4"/);
  t.match(english.body, 'QR poster: Quầy tiếp nhận số 1', 'the page is in the user language');
  t.match(english.body, 'Ý kiến của Ông/Bà giúp chúng tôi phục vụ tốt hơn', 'the poster stays Vietnamese, for citizens');

  const inactive = await get('/admin/service-points/P1-XA-Q1/poster', manager);
  t.equal(inactive.statusCode, 200);
  t.match(inactive.body, 'đang ngừng hoạt động', 'an inactive point is printable, with a warning');

  const badSize = await get('/admin/service-points/P1-SNV-Q1/poster?size=a3', manager);
  t.equal(badSize.statusCode, 400);
  t.match(badSize.body, 'Khổ giấy phải là a4 hoặc a5.');
});

t.test('outside the subtree, or not there at all: 404', async (t) => {
  for (const code of ['P1-TINH', 'P2-SNV-Q1', 'KHONG-CO', 'bad%20code', 'x'.repeat(65)]) {
    for (const what of ['poster', 'qr.png', 'qr.svg']) {
      const res = await get(`/admin/service-points/${code}/${what}`, manager);
      t.equal(res.statusCode, 404, `${code}/${what}`);
      t.notMatch(res.body, /Tỉnh Hai|Trung tâm Phục vụ/, `${code}/${what}: reveals nothing`);
    }
  }
  t.equal(
    (await get('/admin/service-points/P1-SNV-Q1/poster', viewer)).statusCode,
    404,
    'a commune viewer cannot print the department poster',
  );
});

t.test('PNG download', async (t) => {
  const res = await get('/admin/service-points/P1-SNV-Q1/qr.png', manager);
  t.equal(res.statusCode, 200);
  t.equal(res.headers['content-type'], 'image/png');
  t.equal(res.headers['content-disposition'], 'attachment; filename="hailong-qr-P1-SNV-Q1.png"');
  t.equal(decodePng(res.rawPayload), `${PUBLIC_URL}/s/P1-SNV-Q1`, 'decodes to exactly the survey URL');
  const width = res.rawPayload.readUInt32BE(16);
  const height = res.rawPayload.readUInt32BE(20);
  t.equal(width, height, 'square');
  t.ok(width >= 900 && width <= 1200, `about 1024 px wide for print (${width})`);
  const modules = qrMatrix(`${PUBLIC_URL}/s/P1-SNV-Q1`).length + 2 * QR_MARGIN;
  t.equal(width % modules, 0, 'whole pixels per module, so the edges stay sharp');
});

t.test('SVG download', async (t) => {
  const res = await get('/admin/service-points/P1-SNV-Q1/qr.svg', manager);
  t.equal(res.statusCode, 200);
  t.equal(res.headers['content-type'], 'image/svg+xml; charset=utf-8');
  t.equal(res.headers['content-disposition'], 'attachment; filename="hailong-qr-P1-SNV-Q1.svg"');
  const svg = res.body;
  t.match(svg, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg" /, 'an SVG root with its namespace');
  t.match(svg, /<\/svg>$/);
  // Well formed: the only elements are the root, a title, a rect and a path, each closed.
  const tags = [...svg.matchAll(/<\/?([a-z]+)\b[^>]*?(\/?)>/g)].map((m) => (m[0].startsWith('</') ? `/${m[1]}` : m[2] ? `${m[1]}/` : m[1]));
  t.same(tags, ['svg', 'title', '/title', 'rect/', 'path/', '/svg']);

  const url = `${PUBLIC_URL}/s/P1-SNV-Q1`;
  const { side, dark } = svgModules(svg);
  const matrix = qrMatrix(url);
  t.equal(side, matrix.length + 2 * QR_MARGIN, 'a quiet zone of four modules');
  const inner = dark.slice(QR_MARGIN, QR_MARGIN + matrix.length).map((row) => row.slice(QR_MARGIN, QR_MARGIN + matrix.length));
  t.same(inner, matrix, 'the same module matrix as the PNG and the poster');
  t.ok(
    dark.every((row, y) => row.every((on, x) => !on || (y >= QR_MARGIN && x >= QR_MARGIN && y < side - QR_MARGIN && x < side - QR_MARGIN))),
    'nothing in the quiet zone',
  );
  t.equal(decodeSvg(svg), url, 'rasterised, it decodes to exactly the survey URL');
});

t.test('the survey URL comes from PUBLIC_URL', async (t) => {
  t.equal(surveyUrl('https://khaosat.khanhhoa.gov.vn/', 'KHA-01'), 'https://khaosat.khanhhoa.gov.vn/s/KHA-01');
  t.equal(surveyUrl('http://10.0.0.5:3000/hailong', 'A.b_c-1'), 'http://10.0.0.5:3000/hailong/s/A.b_c-1');
});
