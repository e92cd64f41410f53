import t from 'tap';
import { buildTestApp } from '../helpers/app.ts';

t.test('home page, language toggle, 404 and healthz', async (t) => {
  const { app, database } = await buildTestApp();
  t.teardown(() => app.close());

  const home = await app.inject({ url: '/' });
  t.equal(home.statusCode, 200);
  t.match(home.body, /<html lang="vi">/);
  t.match(home.body, /Khảo sát sự hài lòng/);
  t.match(home.headers['content-security-policy'] as string, /script-src 'self'/);

  const toggle = await app.inject({ url: '/lang/en?back=/' });
  t.equal(toggle.statusCode, 303);
  t.equal(toggle.headers.location, '/');
  const langCookie = toggle.cookies.find((c) => c.name === 'lang');
  t.equal(langCookie?.value, 'en');
  const english = await app.inject({ url: '/', cookies: { lang: 'en' } });
  t.match(english.body, /<html lang="en">/);
  t.match(english.body, /measuring citizen satisfaction/);

  const offsite = await app.inject({ url: '/lang/en?back=//evil.example/' });
  t.equal(offsite.headers.location, '/', 'no open redirect');

  const missing = await app.inject({ url: '/khong-co' });
  t.equal(missing.statusCode, 404);
  t.match(missing.body, /Không tìm thấy trang/);
  const missingEn = await app.inject({ url: '/nope', cookies: { lang: 'en' } });
  t.match(missingEn.body, /Page not found/);

  const health = await app.inject({ url: '/healthz' });
  t.equal(health.statusCode, 200);
  t.same(health.json(), { status: 'ok', database: 'ok' });

  await database.close();
  const down = await app.inject({ url: '/healthz' });
  t.equal(down.statusCode, 503);
  t.same(down.json(), { status: 'unavailable', database: 'unavailable' });
});
