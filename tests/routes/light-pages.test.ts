// Public pages load only the scripts they use: none on the home, methodology, sign-in, public
// results and survey pages (htmx, 37 KB, is for the staff results pages that swap panels), and the
// survey's own small script only on a page with an error summary, whose focus it moves.
import t from 'tap';
import { buildTestApp } from '../helpers/app.ts';
import { Citizen, surveyWorld } from '../helpers/survey.ts';
import { createUser, signIn } from '../helpers/staff.ts';

const scripts = (html: string) => [...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]!);

t.test('each page loads the scripts it uses and no other', async (t) => {
  const { app, database } = await buildTestApp();
  t.teardown(() => app.close());
  const world = await surveyWorld(database.db);

  for (const url of ['/', '/phuong-phap', '/sign-in', '/ket-qua', '/khong-co-trang-nay']) {
    const res = await app.inject({ url });
    t.strictSame(scripts(res.body), [], `${url} (${res.statusCode}) loads no script`);
  }

  const c = new Citizen(app);
  t.strictSame(scripts((await c.get('/s/SP-D')).body), [], 'the survey intro loads no script');
  await c.post('/s/SP-D', []);
  t.strictSame(scripts((await c.get('/s/SP-D/p/1')).body), [], 'a question page loads no script');
  const errors = await c.post('/s/SP-D/p/1', []);
  t.equal(errors.statusCode, 422);
  t.strictSame(scripts(errors.body), ['/public/js/survey.js'], 'a page with an error summary loads the survey script');
  t.strictSame(scripts((await c.get('/c/P-QUICK')).body), [], 'a campaign intro loads no script');

  await createUser(database.db, { email: 'manager@p.gov.vn', role: 'manager', agencyId: world.provinceId });
  const staff = await signIn(app, 'manager@p.gov.vn');
  t.strictSame(scripts((await app.inject({ url: '/admin', cookies: staff.cookies })).body), [], 'the staff home loads no script');
  for (const url of ['/admin/results', '/admin/results/agency/P']) {
    const res = await app.inject({ url, cookies: staff.cookies });
    t.equal(res.statusCode, 200, url);
    t.strictSame(scripts(res.body), ['/vendor/htmx/htmx.min.js'], `${url} swaps panels, so it loads htmx`);
  }
});
