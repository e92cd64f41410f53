// Issue 14 points 1 and 2 in Chromium, at 360 px and 1366 px, in Vietnamese and English: a
// coordinator of the province opens "Kết quả" and sees the overview at a glance (the verdicts
// counted, the dot chart, the presets), picks a preset that htmx swaps in and unfolds the full
// filters; a manager of a department without sub-units opens "Kết quả" and lands on their own page,
// with the elements against their own targets, the stated axes and the trend of the criterion that
// has an improvement plan; a citizen reads the public page. Each page WCAG A/AA clean, no CSP
// violation, nothing scrolling sideways at 360 px (scrollWidth ≤ clientWidth).
import t from 'tap';
import type { Page } from 'playwright-core';
import { findAgencyByCode } from '../../server/db/queries/agencies.ts';
import { insertPlan } from '../../server/db/queries/improvement-plans.ts';
import { setSetting } from '../../server/db/queries/settings.ts';
import { expectAccessible, startBrowserApp, watchCsp, type BrowserApp } from '../helpers/browser.ts';
import { createUser } from '../helpers/staff.ts';

let harness: BrowserApp;
const users: Record<'coordinator' | 'manager', { email: string; password: string }> = {} as never;

t.before(async () => {
  harness = await startBrowserApp({ demo: true });
  const db = harness.database.db;
  await harness.app.results.flush();
  await setSetting(db, 'results.min_n', 10);
  const kha = (await findAgencyByCode(db, 'KHA'))!;
  const sxd = (await findAgencyByCode(db, 'KHA-SXD'))!;
  users.coordinator = await createUser(db, { email: 'coordinator@glance.gov.vn', role: 'coordinator', agencyId: kha.id });
  users.manager = await createUser(db, { email: 'manager@glance.gov.vn', role: 'manager', agencyId: sxd.id });
  const sipas = await db.selectFrom('questionnaires').select('id').where('code', '=', 'sipas-2017').executeTakeFirstOrThrow();
  await insertPlan(db, {
    agencyId: sxd.id,
    provinceId: kha.id,
    questionnaireId: Number(sipas.id),
    questionnaireVersion: null,
    indexCode: 'E1',
    periodFrom: '2026-01-01',
    periodTo: '2026-12-31',
    share: 0.7,
    n: 40,
    intervalLow: 0.6,
    intervalHigh: 0.8,
    targetComparator: null,
    targetThreshold: null,
    weakness: 'Khó tiếp cận',
    measures: 'Thêm biển chỉ dẫn',
    responsibleAgencyId: sxd.id,
    dueOn: '2027-06-30',
    createdBy: null,
  });
});
t.teardown(() => harness?.close());

async function signIn(page: Page, who: { email: string; password: string }) {
  await page.goto('/sign-in');
  await page.fill('#email', who.email);
  await page.fill('#password', who.password);
  await Promise.all([page.waitForLoadState('load'), page.locator('main form button[type=submit]').click()]);
  await page.waitForSelector('h1');
}

const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

for (const width of [360, 1366]) {
  for (const locale of ['vi', 'en'] as const) {
    t.test(`a coordinator's overview at ${width} px (${locale})`, async (t) => {
      const page = await harness.newPage({ locale, width, height: 800 });
      const csp = watchCsp(page);
      await signIn(page, users.coordinator);
      await page.click('header a[href="/admin/results"]');
      await page.waitForSelector('#overview-table');
      t.ok(await page.locator('#overview-summary').isVisible(), 'the verdicts counted');
      t.ok(
        await page
          .getByRole('img', {
            name: locale === 'vi' ? 'Tỷ lệ hài lòng của các đơn vị so với chỉ tiêu' : 'Satisfaction of the units against their targets',
          })
          .isVisible(),
        'the dot chart, one named image',
      );
      t.match(await page.textContent('#overview-axis'), /\d+%/, 'its axis in words');
      t.equal(await page.locator('#filter-month').isVisible(), false, 'the full form folded away');
      const summaryTop = await page.locator('#overview-summary').evaluate((e) => e.getBoundingClientRect().top + window.scrollY);
      t.ok(summaryTop < (width === 360 ? 1400 : 700), `the summary near the top (${Math.round(summaryTop)} px down)`);
      t.ok((await sideways(page)) <= 0, 'nothing scrolls sideways');
      await expectAccessible(t, page, `overview at ${width} px (${locale})`);

      // A preset swaps the panel with htmx and marks itself.
      await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
      await Promise.all([page.waitForURL(/period=quarter/), page.click('#preset-quarter')]);
      await page.waitForSelector('#preset-quarter[aria-current="true"]');
      t.ok(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed === true), 'no page load');
      await page.click('#filter-details > summary');
      t.ok(await page.locator('#filter-month').isVisible(), 'the full form unfolds');
      t.ok((await sideways(page)) <= 0, 'still nothing sideways with the form open');
      await expectAccessible(t, page, `overview with the form open at ${width} px (${locale})`);
      t.strictSame(csp, [], 'no Content-Security-Policy violations');
    });

    t.test(`a department manager's "Kết quả" at ${width} px (${locale})`, async (t) => {
      const page = await harness.newPage({ locale, width, height: 800 });
      const csp = watchCsp(page);
      await signIn(page, users.manager);
      await Promise.all([page.waitForURL(/\/admin\/results\/agency\/KHA-SXD/), page.click('header a[href="/admin/results"]')]);
      t.pass('lands on their own agency page');
      await page.waitForSelector('#chart-elements');
      t.equal(await page.locator('#chart-elements .chart-target-line').count(), 0, 'no target drawn against elements that have none');
      t.match(await page.textContent('#elements-axis'), /\d+%/, 'the elements’ axis in words');
      t.match(await page.textContent('#trend-axis'), /\d+%/, 'the trend’s axis in words');
      t.equal(await page.locator('#plan-trends .chart-event').count(), 1, 'the planned element’s trend marked at the plan’s month');
      t.ok(await page.locator('#plan-trends [data-index="E1"]').isVisible());
      t.ok((await sideways(page)) <= 0, 'nothing scrolls sideways');
      await expectAccessible(t, page, `agency page at ${width} px (${locale})`);
      t.strictSame(csp, [], 'no Content-Security-Policy violations');
    });

    t.test(`a citizen's public page at ${width} px (${locale})`, async (t) => {
      const page = await harness.newPage({ locale, width, height: 800 });
      const csp = watchCsp(page);
      await page.goto('/ket-qua/KHA');
      t.ok((await page.locator('li[data-agency]').count()) > 5, 'a card per agency');
      t.ok((await sideways(page)) <= 0, 'nothing scrolls sideways');
      await expectAccessible(t, page, `public page at ${width} px (${locale})`);
      t.strictSame(csp, [], 'no Content-Security-Policy violations');
    });
  }
}
