// The staff pages in Chromium, signed in through the real form: the users list, the create form
// with and without errors, the confirmation with the generated password, and the staff home —
// all WCAG A/AA clean and without CSP violations.
import t from 'tap';
import type { Page } from 'playwright-core';
import { expectAccessible, startBrowserApp, watchCsp, type BrowserApp } from '../helpers/browser.ts';
import { createUser, staffTree } from '../helpers/staff.ts';

let harness: BrowserApp;
let admin: { email: string; password: string };
let viewer: { email: string; password: string };

t.before(async () => {
  harness = await startBrowserApp();
  const tree = await staffTree(harness.database.db);
  admin = await createUser(harness.database.db, { email: 'admin@p1.gov.vn', role: 'admin', agencyId: tree.p1.id, displayName: 'Quản trị' });
  viewer = await createUser(harness.database.db, { email: 'viewer@p1.gov.vn', role: 'viewer', agencyId: tree.d1.id });
});
t.teardown(() => harness?.close());

async function signInWithForm(page: Page, email: string, password: string) {
  await page.goto('/sign-in');
  await page.fill('#email', email);
  await page.fill('#password', password);
  await Promise.all([page.waitForLoadState('load'), page.locator('main form button[type=submit]').click()]);
  await page.waitForSelector('h1');
}

t.test('users pages for an admin', async (t) => {
  const page = await harness.newPage();
  const csp = watchCsp(page);
  await signInWithForm(page, admin.email, admin.password);
  t.match(page.url(), /\/admin$/, 'an admin lands on the staff home');
  await Promise.all([page.waitForLoadState('load'), page.click('nav.site-nav a[href="/admin/users"]')]);
  await page.waitForSelector('h1');
  await expectAccessible(t, page, 'users list');

  await page.click('a[href="/admin/users/new"]');
  await page.waitForSelector('form[action="/admin/users"]');
  await expectAccessible(t, page, 'new user form');

  await page.fill('#email', 'not an email');
  await page.fill('#password', 'short');
  await Promise.all([page.waitForLoadState('load'), page.locator('main form button[type=submit]').click()]);
  await page.waitForSelector('.error-summary');
  t.strictSame(
    await page.locator('.error-summary a').evaluateAll((as) => as.map((a) => a.getAttribute('href'))),
    ['#email', '#role', '#agencyId', '#password'],
    'each problem links to its field, in form order',
  );
  await expectAccessible(t, page, 'new user form with errors');

  await page.fill('#email', 'new.viewer@p1.gov.vn');
  await page.selectOption('#role', 'viewer');
  await page.selectOption('#agencyId', { index: 2 });
  await page.fill('#password', '');
  await Promise.all([page.waitForLoadState('load'), page.locator('main form button[type=submit]').click()]);
  await page.waitForSelector('#generated-password');
  t.match(page.url(), /\/admin\/users$/, 'back on the list');
  t.match((await page.textContent('#generated-password')) ?? '', /^\S{12,}$/, 'the generated password is shown');
  await expectAccessible(t, page, 'users list with confirmation');
  await page.reload();
  t.equal(await page.locator('#generated-password').count(), 0, 'and only once');
  t.strictSame(csp, [], 'no Content-Security-Policy violations');
});

for (const locale of ['vi', 'en'] as const) {
  t.test(`staff home for a viewer (${locale})`, async (t) => {
    const page = await harness.newPage({ locale });
    const csp = watchCsp(page);
    await signInWithForm(page, viewer.email, viewer.password);
    t.match(page.url(), /\/admin\/results$/, 'a viewer lands on their own results');
    await Promise.all([page.waitForLoadState('load'), page.click('nav.site-nav a[href="/admin"]')]);
    await page.waitForSelector('h1');
    t.equal((await page.textContent('h1'))?.trim(), locale === 'vi' ? 'Bảng điều khiển' : 'Dashboard');
    await expectAccessible(t, page, `staff home (${locale})`);
    await Promise.all([page.waitForLoadState('load'), page.locator('form[action="/sign-out"] button').click()]);
    await page.waitForSelector('h1');
    t.match(page.url(), /\/sign-in\?signed_out=1$/, 'signed out');
    t.strictSame(csp, [], 'no Content-Security-Policy violations');
  });
}

// The province's index rule page (issue 16), for an admin at the province: the form, and its errors,
// on a phone (360 px) in Vietnamese and on a desktop in English.
for (const locale of ['vi', 'en'] as const) {
  t.test(`index rule page (${locale})`, async (t) => {
    const width = locale === 'vi' ? 360 : 1366;
    const page = await harness.newPage({ locale, width, height: 800 });
    const csp = watchCsp(page);
    await signInWithForm(page, admin.email, admin.password);
    await Promise.all([page.waitForLoadState('load'), page.click('nav.site-nav a[href="/admin/results/rule"]')]);
    await page.waitForSelector('form[action="/admin/results/rule"]');
    await expectAccessible(t, page, `index rule form (${locale})`);
    await page.fill('#criterion', '0');
    await Promise.all([page.waitForLoadState('load'), page.locator('main form button[type=submit]').click()]);
    await page.waitForSelector('.error-summary');
    const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
    t.ok(scroll <= width, `the form with its errors fits: ${scroll} px wide at ${width} px`);
    t.strictSame(
      await page.locator('.error-summary a').evaluateAll((as) => as.map((a) => a.getAttribute('href'))),
      ['#criterion'],
      'the problem links to its field',
    );
    await expectAccessible(t, page, `index rule form with errors (${locale})`);
    await page.fill('#criterion', '10');
    await Promise.all([page.waitForLoadState('load'), page.locator('main form button[type=submit]').click()]);
    await page.waitForSelector('.notice.success');
    await expectAccessible(t, page, `index rule saved (${locale})`);
    t.strictSame(csp, [], 'no Content-Security-Policy violations');
  });
}
