// Issue 13's screens in Chromium: the staff home and menu for each role, the API tokens page
// (errors, the secret shown once with a working copy button, revoking) and the audit log page with
// its filters, in Vietnamese and English, at 360 px and 1366 px — WCAG A/AA clean, no CSP
// violation, nothing scrolling sideways on a phone. Roles without the permission are refused.
import t from 'tap';
import type { Page } from 'playwright-core';
import { ensureBuiltInQuestionnaires } from '../../server/db/queries/questionnaires.ts';
import type { Role } from '../../server/db/schema.ts';
import { expectAccessible, startBrowserApp, watchCsp, type BrowserApp } from '../helpers/browser.ts';
import { createUser, staffTree, type StaffTree } from '../helpers/staff.ts';

let harness: BrowserApp;
let tree: StaffTree;
const users = {} as Record<Role, { email: string; password: string }>;

t.before(async () => {
  harness = await startBrowserApp();
  await ensureBuiltInQuestionnaires(harness.database.db);
  tree = await staffTree(harness.database.db);
  for (const role of ['admin', 'coordinator', 'manager', 'clerk', 'viewer'] as Role[])
    users[role] = await createUser(harness.database.db, { email: `${role}@p1.gov.vn`, role, agencyId: tree.p1.id });
});
t.teardown(() => harness?.close());

async function signIn(page: Page, role: Role) {
  await page.goto('/sign-in');
  await page.fill('#email', users[role].email);
  await page.fill('#password', users[role].password);
  await Promise.all([page.waitForLoadState('load'), page.locator('main form button[type=submit]').click()]);
  await page.waitForSelector('h1');
}
const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);
const submit = (page: Page, selector: string) => Promise.all([page.waitForLoadState('load'), page.locator(selector).click()]);

for (const [locale, width] of [
  ['vi', 360],
  ['en', 1366],
] as const) {
  t.test(`the staff home of each role (${locale}, ${width} px)`, async (t) => {
    for (const role of ['coordinator', 'manager', 'clerk'] as Role[]) {
      const page = await harness.newPage({ locale, width, height: 800 });
      const csp = watchCsp(page);
      await signIn(page, role);
      if (locale === 'en') await page.goto('/lang/en?back=/admin');
      else await page.goto('/admin');
      await page.waitForSelector('h1');
      await expectAccessible(t, page, `staff home of a ${role} (${locale})`);
      t.ok((await sideways(page)) <= width, `${role}: no sideways scrolling at ${width} px`);
      const menu = await page.locator('nav.site-nav a[href^="/admin"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      t.equal(menu.includes('/admin/tokens'), role === 'coordinator', `${role}: tokens in the menu only when allowed`);
      t.equal(menu.includes('/admin/targets'), role !== 'clerk', `${role}: targets in the menu when allowed`);
      t.strictSame(csp, [], 'no Content-Security-Policy violations');
      await page.close();
    }
  });

  t.test(`API tokens and the audit log (${locale}, ${width} px)`, async (t) => {
    const page = await harness.newPage({ locale, width, height: 800 });
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    const csp = watchCsp(page);
    await signIn(page, 'coordinator');
    if (locale === 'en') await page.goto('/lang/en?back=/admin');
    await page.click('nav.site-nav a[href="/admin/tokens"]');
    await page.waitForSelector('form[action="/admin/tokens"]');
    t.equal((await page.textContent('h1'))?.trim(), locale === 'vi' ? 'Mã truy cập API' : 'API tokens');
    await expectAccessible(t, page, `tokens, none yet (${locale})`);
    t.ok((await sideways(page)) <= width, `no sideways scrolling at ${width} px`);

    await page.fill('#name', `Cổng ${locale}`);
    await page.fill('#expiresOn', 'mai');
    await submit(page, 'main form[action="/admin/tokens"] button[type=submit]');
    await page.waitForSelector('.error-summary');
    t.strictSame(await page.locator('.error-summary a').evaluateAll((as) => as.map((a) => a.getAttribute('href'))), [
      '#agencyId',
      '#scope',
      '#expiresOn',
    ]);
    t.equal(await page.inputValue('#name'), `Cổng ${locale}`, 'the answers are kept');
    await expectAccessible(t, page, `tokens with errors (${locale})`);

    await page.selectOption('#agencyId', String(tree.c1.id));
    await page.check('#scope');
    await page.fill('#expiresOn', '');
    await submit(page, 'main form[action="/admin/tokens"] button[type=submit]');
    await page.waitForSelector('#new-token');
    const secret = await page.inputValue('#new-token');
    t.match(secret, /^hl_[0-9a-f]{8}_/, 'the secret is shown');
    await page.click('button[data-copy="new-token"]');
    t.equal(await page.evaluate(() => navigator.clipboard.readText()), secret, 'the copy button copies it');
    await expectAccessible(t, page, `tokens with a new secret (${locale})`);
    t.ok((await sideways(page)) <= width, `no sideways scrolling with the secret at ${width} px`);
    await page.reload();
    t.equal(await page.locator('#new-token').count(), 0, 'shown once');

    await submit(page, `form[action$="/revoke"] button`);
    await page.waitForSelector('.notice');
    await expectAccessible(t, page, `tokens after revoking (${locale})`);

    await page.click('nav.site-nav a[href="/admin/audit"]');
    await page.waitForSelector('table.audit-log');
    await expectAccessible(t, page, `audit log (${locale})`);
    t.ok((await sideways(page)) <= width, `audit log: no sideways scrolling at ${width} px`);
    await page.selectOption('#action', 'token.revoke');
    await submit(page, 'form.filters button[type=submit]');
    await page.waitForSelector('table.audit-log');
    t.equal(await page.locator('table.audit-log tbody tr').count(), locale === 'vi' ? 1 : 2, 'filtered by action');
    await page.fill('#from', '32/13/2026');
    await submit(page, 'form.filters button[type=submit]');
    await page.waitForSelector('.error-summary');
    await expectAccessible(t, page, `audit log with an error (${locale})`);
    t.strictSame(csp, [], 'no Content-Security-Policy violations');
  });
}

for (const [locale, width] of [
  ['vi', 360],
  ['en', 1366],
] as const) {
  t.test(`the agency tree (${locale}, ${width} px)`, async (t) => {
    const page = await harness.newPage({ locale, width, height: 800 });
    const csp = watchCsp(page);
    await signIn(page, 'coordinator');
    await page.goto('/admin/agencies');
    await page.waitForSelector('ul.agency-tree');
    await expectAccessible(t, page, `agency tree (${locale})`);
    t.ok((await sideways(page)) <= width, `no sideways scrolling at ${width} px`);
    await page.fill('#q', 'xa mot');
    await submit(page, 'form[role=search] button[type=submit]');
    await page.waitForSelector('mark');
    t.equal((await page.textContent('mark'))?.trim(), 'Xã Một', 'found without diacritics');
    await expectAccessible(t, page, `agency tree, searched (${locale})`);
    t.strictSame(csp, [], 'no Content-Security-Policy violations');
  });
}

t.test('roles without the permission are refused the tokens and audit pages', async (t) => {
  for (const role of ['manager', 'clerk', 'viewer'] as Role[]) {
    const page = await harness.newPage({ locale: 'vi', width: 360, height: 800 });
    await signIn(page, role);
    for (const url of ['/admin/tokens', '/admin/audit', '/admin/agencies']) {
      const res = await page.goto(url);
      t.equal(res?.status(), 403, `${role}: ${url} refused`);
    }
    await page.close();
  }
});
