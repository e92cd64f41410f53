// The agency results page in Chromium over the demo province, in Vietnamese and English: the five
// charts drawn (the online survey's drop-off among them, over drafts written here), their data
// tables open, WCAG A/AA clean and no CSP violation; then the filters sent by htmx, which swaps the
// results panel in place and pushes the bookmarkable URL.
import t from 'tap';
import type { Page } from 'playwright-core';
import { randomUUID } from 'node:crypto';
import { findAgencyByCode } from '../../server/db/queries/agencies.ts';
import { findQuestionnaireVersion } from '../../server/db/queries/questionnaires.ts';
import { expectAccessible, startBrowserApp, watchCsp, type BrowserApp } from '../helpers/browser.ts';
import { createUser } from '../helpers/staff.ts';

let harness: BrowserApp;
let coordinator: { email: string; password: string };
const URL = '/admin/results/agency/KHA-SXD?period=year&year=2026';
const CHARTS = ['chart-elements', 'chart-trend', 'chart-heat', 'chart-expectations', 'drop-off-v1-chart'];

t.before(async () => {
  harness = await startBrowserApp({ demo: true });
  const db = harness.database.db;
  await harness.app.results.flush();
  const kha = (await findAgencyByCode(db, 'KHA'))!;
  // Online surveys started in 2026 at the department, stopping at every step of the way.
  const sxd = (await findAgencyByCode(db, 'KHA-SXD'))!;
  const sipas = (await findQuestionnaireVersion(db, 'sipas-2017'))!;
  const started = new Date('2026-06-01T03:00:00Z');
  await db
    .insertInto('survey_drafts')
    .values(
      Array.from({ length: 24 }, (_, i) => ({
        id_hash: `drop-off-${i}`,
        response_id: randomUUID(),
        questionnaire_version_id: sipas.versionId,
        agency_id: sxd.id,
        province_id: kha.id,
        started_at: started,
        updated_at: started,
        expires_at: new Date(started.getTime() + 86400_000),
        furthest_page: Math.min(10, 1 + (i % 12)),
        reached_review_at: i % 12 >= 10 ? started : null,
        submitted_at: i % 12 === 11 ? started : null,
      })),
    )
    .execute();
  coordinator = await createUser(db, { email: 'coordinator@results-agency.gov.vn', role: 'coordinator', agencyId: kha.id });
});
t.teardown(() => harness?.close());

async function signIn(page: Page) {
  await page.goto('/sign-in');
  await page.fill('#email', coordinator.email);
  await page.fill('#password', coordinator.password);
  await Promise.all([page.waitForLoadState('load'), page.locator('main form button[type=submit]').click()]);
  await page.waitForSelector('h1');
}

for (const locale of ['vi', 'en'] as const) {
  t.test(`the agency page with its charts (${locale})`, async (t) => {
    const page = await harness.newPage({ locale });
    const csp = watchCsp(page);
    await signIn(page);
    await page.goto(URL);
    t.equal(
      (await page.textContent('h1'))?.trim(),
      locale === 'vi' ? 'Sở Xây dựng' : 'Department of Construction',
      'headed with the agency',
    );
    for (const id of CHARTS) {
      const box = await page.locator(`svg#${id}`).boundingBox();
      t.ok(
        box && box.width > 200 && box.height > 50,
        `${id} is drawn (${box ? `${Math.round(box.width)}×${Math.round(box.height)}` : 'missing'})`,
      );
      t.equal(await page.locator(`svg#${id}`).getAttribute('role'), 'img', `${id} is one image to assistive technology`);
    }
    // Open every folded data table, so that axe checks them as well.
    for (const summary of await page.locator('details.chart-data > summary').all()) await summary.click();
    t.equal(await page.locator('details.chart-data[open]').count(), 4, 'four data tables opened');
    t.ok(await page.locator('#drop-off-v1-table').isVisible(), 'the drop-off table is visible');
    t.ok(await page.locator('#heat-table').isVisible(), 'the heat map table is visible');
    // The overall by each rule (issue 16): the official one marked, the others beside it.
    t.equal(await page.locator('#rules-table tbody tr').count(), 3, 'three rules side by side');
    t.equal(await page.locator('#rules-table tr.official').getAttribute('data-rule'), 'criterion-mean', 'the official rule is marked');
    await expectAccessible(t, page, `agency page (${locale})`);
    t.strictSame(csp, [], 'no Content-Security-Policy violations');
  });
}

t.test('the filters swap the results panel with htmx', async (t) => {
  const page = await harness.newPage({ locale: 'vi' });
  const csp = watchCsp(page);
  await signIn(page);
  await page.goto(URL);
  // A mark on the window survives an htmx swap but not a page load.
  await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
  await page.click('#filter-details > summary');
  await page.selectOption('#filter-channel', 'online');
  await Promise.all([
    page.waitForResponse((r) => r.url().includes('channel=online') && r.request().headers()['hx-request'] === 'true'),
    page.locator('.results-filters button[type=submit]').click(),
  ]);
  await page.waitForURL(/channel=online/);
  await page.waitForFunction(() => document.querySelectorAll('#by-channel tbody tr').length === 1);
  t.ok(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed === true), 'no page load: the panel was swapped');
  t.equal(await page.locator('#results-panel').count(), 1, 'one panel');
  t.equal(await page.locator('h1').count(), 1, 'one heading');
  t.equal((await page.textContent('#by-channel tbody th'))?.trim(), 'Trực tuyến (QR, đường dẫn)', 'only the chosen channel');
  t.equal(await page.locator('#filter-channel').inputValue(), 'online', 'the form keeps the choice');
  await expectAccessible(t, page, 'agency page after an htmx swap');

  // The pushed URL is a page of its own: loaded directly, it shows the same selection.
  await page.reload();
  t.equal(await page.locator('#by-channel tbody tr').count(), 1, 'the bookmarked URL shows the same');
  t.strictSame(csp, [], 'no Content-Security-Policy violations');
});
