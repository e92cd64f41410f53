// The results overview and the comparison of two periods in Chromium over the demo province, in
// Vietnamese and English: WCAG A/AA clean (also with the error summary) and no CSP violation; the
// filters and the sort links swap the results panel with htmx and push a bookmarkable URL that the
// back button returns from; and with JavaScript off the same form loads the same pages.
import t from 'tap';
import type { Page } from 'playwright-core';
import { findAgencyByCode } from '../../server/db/queries/agencies.ts';
import { setSetting } from '../../server/db/queries/settings.ts';
import { expectAccessible, startBrowserApp, watchCsp, type BrowserApp } from '../helpers/browser.ts';
import { createUser } from '../helpers/staff.ts';

let harness: BrowserApp;
let coordinator: { email: string; password: string };
const URL = '/admin/results?period=year&year=2026';

t.before(async () => {
  harness = await startBrowserApp({ demo: true });
  const db = harness.database.db;
  await harness.app.results.flush();
  // So that verdicts, ranks and changes show in a small demo, for axe to check them too.
  await setSetting(db, 'results.min_n', 10);
  const kha = (await findAgencyByCode(db, 'KHA'))!;
  coordinator = await createUser(db, { email: 'coordinator@results-overview.gov.vn', role: 'coordinator', agencyId: kha.id });
});
t.teardown(() => harness?.close());

async function signIn(page: Page) {
  await page.goto('/sign-in');
  await page.fill('#email', coordinator.email);
  await page.fill('#password', coordinator.password);
  await Promise.all([page.waitForLoadState('load'), page.locator('main form button[type=submit]').click()]);
  await page.waitForSelector('h1');
}

const rowCodes = (page: Page) =>
  page.locator('#overview-table tbody tr[data-agency]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-agency')));
const marked = (page: Page) => page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed === true);

for (const locale of ['vi', 'en'] as const) {
  t.test(`overview and comparison pages (${locale})`, async (t) => {
    const page = await harness.newPage({ locale });
    const csp = watchCsp(page);
    await signIn(page);
    await page.click(`header a[href="/admin/results"]`);
    await page.waitForSelector('#overview-table');
    t.equal(
      (await page.textContent('h1'))?.trim(),
      locale === 'vi' ? 'Kết quả khảo sát: Tỉnh Khánh Hòa' : 'Survey results: Khánh Hòa Province',
      'headed with the agency',
    );
    t.ok((await rowCodes(page)).length > 10, 'a row per unit under the province');
    await expectAccessible(t, page, `overview (${locale})`);

    await page.goto(`${URL}&agency=KHA-TTPVHCC`);
    t.equal(await page.locator('nav.breadcrumb li').count(), 2, 'the breadcrumb: the province, then the centre');
    await expectAccessible(t, page, `overview of a centre (${locale})`);

    await page.goto('/admin/results/compare?agency=KHA-TTPVHCC&period=year&year=2026');
    await page.waitForSelector('#compare-table');
    t.ok((await page.locator('.clear-change').count()) > 0, 'a clear change is marked in words');
    await expectAccessible(t, page, `comparison (${locale})`);

    await page.goto('/admin/results?period=month&month=2026-13&channel=fax');
    t.equal(await page.locator('.error-summary a').count(), 2, 'two problems in the summary');
    await page.click('.error-summary a[href="#filter-month"]');
    t.equal(await page.evaluate(() => document.activeElement?.id), 'filter-month', 'the summary link moves to the field');
    await expectAccessible(t, page, `overview with errors (${locale})`);
    t.strictSame(csp, [], 'no Content-Security-Policy violations');
  });
}

t.test('filters and sorting swap the panel with htmx and push the URL', async (t) => {
  const page = await harness.newPage({ locale: 'vi' });
  const csp = watchCsp(page);
  await signIn(page);
  await page.goto(URL);
  // A mark on the window survives an htmx swap but not a page load.
  await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));

  // The full form is folded away under the period presets.
  t.equal(await page.locator('#filter-month').isVisible(), false, 'the form starts folded');
  await page.click('#filter-details > summary');
  await page.check('#filter-period');
  await page.fill('#filter-month', '2026-10');
  await Promise.all([
    page.waitForResponse((r) => r.url().includes('month=2026-10') && r.request().headers()['hx-request'] === 'true'),
    page.click('#filter-submit'),
  ]);
  await page.waitForURL(/period=month&month=2026-10/);
  await page.waitForFunction(() => document.querySelector('#overview-heading')?.textContent?.includes('tháng 10/2026'));
  t.ok(await marked(page), 'no page load: the panel was swapped');
  t.equal(await page.locator('#results-panel').count(), 1, 'one panel');
  t.equal(await page.locator('h1').count(), 1, 'one heading');
  t.equal(await page.locator('#filter-month').inputValue(), '2026-10', 'the form keeps the month');

  await Promise.all([
    page.waitForResponse((r) => r.url().includes('sort=share') && r.request().headers()['hx-request'] === 'true'),
    page.click('#sort-share'),
  ]);
  await page.waitForURL(/sort=share&dir=desc/);
  await page.waitForSelector('th[aria-sort="descending"] #sort-share');
  t.ok(await marked(page), 'sorting swapped the panel too');
  t.match(page.url(), /month=2026-10/, 'sorting keeps the filters');
  t.equal(await page.evaluate(() => document.activeElement?.id), 'sort-share', 'focus stays on the sort link');
  const sorted = await rowCodes(page);
  await expectAccessible(t, page, 'overview after htmx swaps');

  // The pushed URL is a page of its own.
  await page.reload();
  t.strictSame(await rowCodes(page), sorted, 'the bookmarked URL shows the same order');
  t.equal(await page.locator('th[aria-sort="descending"] #sort-share').count(), 1);

  // Another sort, then back: htmx asks the server for the earlier URL again, without a page load.
  await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
  await Promise.all([page.waitForURL(/sort=agency&dir=asc/), page.click('#sort-agency')]);
  await page.waitForSelector('th[aria-sort="ascending"] #sort-agency');
  t.notSame(await rowCodes(page), sorted, 'sorted by name now');
  await page.goBack();
  await page.waitForURL(/sort=share&dir=desc/);
  await page.waitForSelector('th[aria-sort="descending"] #sort-share');
  t.strictSame(await rowCodes(page), sorted, 'back restores the sorted view');
  t.equal(await page.locator('#results-panel').count(), 1, 'still one panel');
  t.equal(await page.locator('h1').count(), 1, 'still one heading');
  t.ok(await marked(page), 'restored in place');

  // A 422 is swapped in too (htmx 4 swaps error responses), with its error summary.
  if (!(await page.locator('#filter-month').isVisible())) await page.click('#filter-details > summary');
  await page.fill('#filter-month', '2026-13');
  await Promise.all([page.waitForResponse((r) => r.status() === 422), page.click('#filter-submit')]);
  await page.waitForSelector('.error-summary');
  t.equal(await page.locator('#filter-month').inputValue(), '2026-13', 'what was typed is kept');
  t.ok(await marked(page), 'in place');
  t.strictSame(csp, [], 'no Content-Security-Policy violations');
});

t.test('without JavaScript the form and the sort links load pages', async (t) => {
  const context = await harness.browser.newContext({ baseURL: harness.baseUrl, javaScriptEnabled: false, locale: 'vi-VN' });
  t.teardown(() => context.close());
  const page = await context.newPage();
  await signIn(page);
  await page.goto(URL);
  await page.click('#filter-details > summary');
  await page.selectOption('#filter-channel', 'kiosk');
  await Promise.all([page.waitForURL(/channel=kiosk/), page.click('#filter-submit')]);
  t.match(page.url(), /\/admin\/results\?.*period=year.*year=2026.*channel=kiosk/, 'a GET with the filters');
  t.equal(await page.locator('#filter-channel').inputValue(), 'kiosk', 'the page shows the choice');
  t.ok((await rowCodes(page)).length > 0, 'and the table');
  await Promise.all([page.waitForURL(/sort=responses/), page.click('#sort-responses')]);
  t.equal(await page.locator('th[aria-sort="descending"] #sort-responses').count(), 1, 'sorted by the link');
  t.match(page.url(), /channel=kiosk/, 'keeping the filters');

  await page.goto('/admin/results/compare?agency=KHA&period=year&year=2026');
  await page.fill('#filter-b_from', '2025-01-01');
  await page.fill('#filter-b_to', '2025-03-31');
  await Promise.all([page.waitForURL(/b_from=2025-01-01/), page.click('#filter-submit')]);
  t.match(await page.textContent('#compare-heading'), /01\/01\/2025 – 31\/03\/2025/, 'period B from the form');
});
