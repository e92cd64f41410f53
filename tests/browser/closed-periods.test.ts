// The closed periods page (issue 11) in Chromium for a coordinator at the province: empty, with an
// error, after closing a year, in Vietnamese and English, at 360 px and 1366 px — WCAG A/AA clean,
// no CSP violation, nothing scrolling sideways on a phone.
import t from 'tap';
import type { Page } from 'playwright-core';
import { expectAccessible, startBrowserApp, watchCsp, type BrowserApp } from '../helpers/browser.ts';
import { createUser, staffTree } from '../helpers/staff.ts';

let harness: BrowserApp;
let coordinator: { email: string; password: string };

t.before(async () => {
  harness = await startBrowserApp();
  const tree = await staffTree(harness.database.db);
  coordinator = await createUser(harness.database.db, { email: 'dieu-phoi@p1.gov.vn', role: 'coordinator', agencyId: tree.p1.id });
});
t.teardown(() => harness?.close());

async function signIn(page: Page) {
  await page.goto('/sign-in');
  await page.fill('#email', coordinator.email);
  await page.fill('#password', coordinator.password);
  await Promise.all([page.waitForLoadState('load'), page.locator('main form button[type=submit]').click()]);
  await page.waitForSelector('h1');
}

const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

for (const [locale, width] of [
  ['vi', 360],
  ['en', 1366],
] as const) {
  t.test(`closing and reopening a year (${locale}, ${width} px)`, async (t) => {
    const page = await harness.newPage({ locale, width, height: 800 });
    const csp = watchCsp(page);
    await signIn(page);
    if (locale === 'en') {
      await page.goto('/lang/en?back=/admin/closed-periods');
    } else {
      // From the staff home, where the link is.
      await page.goto('/admin');
      await page.click('a[href="/admin/closed-periods"]');
    }
    await page.waitForSelector('form[action="/admin/closed-periods"]');
    t.equal((await page.textContent('h1'))?.trim(), locale === 'vi' ? 'Kỳ đã chốt' : 'Closed periods');
    await expectAccessible(t, page, `closed periods, none yet (${locale})`);
    t.ok((await sideways(page)) <= width, `no sideways scrolling at ${width} px`);

    await page.fill('#year', 'hai nghìn');
    await Promise.all([page.waitForLoadState('load'), page.locator('main form[action="/admin/closed-periods"] button').click()]);
    await page.waitForSelector('.error-summary');
    t.strictSame(await page.locator('.error-summary a').evaluateAll((as) => as.map((a) => a.getAttribute('href'))), ['#year']);
    t.equal(await page.inputValue('#year'), 'hai nghìn', 'the answer is kept');
    await expectAccessible(t, page, `closed periods with an error (${locale})`);

    const year = locale === 'vi' ? '2024' : '2023';
    await page.fill('#year', year);
    await Promise.all([page.waitForLoadState('load'), page.locator('main form[action="/admin/closed-periods"] button').click()]);
    await page.waitForSelector('.notice');
    t.match(await page.textContent('table'), new RegExp(year), 'the closed year is listed');
    await expectAccessible(t, page, `closed periods with a closed year (${locale})`);
    t.ok((await sideways(page)) <= width, `still no sideways scrolling at ${width} px`);

    await Promise.all([
      page.waitForLoadState('load'),
      page.locator(`form[action="/admin/closed-periods/reopen"]:has(input[value="${year}"]) button`).click(),
    ]);
    await page.waitForSelector('.notice');
    t.notMatch((await page.textContent('main')) ?? '', new RegExp(`\\b${year}\\b.*${coordinator.email}`), 'reopened');
    t.strictSame(csp, [], 'no Content-Security-Policy violations');
  });
}
