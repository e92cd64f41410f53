// The targets pages in Chromium, in Vietnamese and English, signed in through the real form: the
// list, the add form with and without errors (the summary links to the fields), a target added with
// the keyboard's choices, and its deletion after the confirmation page — each WCAG A/AA clean and
// without CSP violations. A viewer sees the list from the staff home, without the managing links.
import t from 'tap';
import type { Page } from 'playwright-core';
import { ensureBuiltInQuestionnaires } from '../../server/db/queries/questionnaires.ts';
import { insertTargets } from '../../server/db/queries/targets.ts';
import { expectAccessible, startBrowserApp, watchCsp, type BrowserApp } from '../helpers/browser.ts';
import { createUser, staffTree, type StaffTree } from '../helpers/staff.ts';

let harness: BrowserApp;
let tree: StaffTree;
let coordinator: { email: string; password: string };
let viewer: { email: string; password: string };

t.before(async () => {
  harness = await startBrowserApp();
  const db = harness.database.db;
  await ensureBuiltInQuestionnaires(db);
  tree = await staffTree(db);
  coordinator = await createUser(db, { email: 'coordinator@p1.gov.vn', role: 'coordinator', agencyId: tree.p1.id });
  viewer = await createUser(db, { email: 'viewer@p1.gov.vn', role: 'viewer', agencyId: tree.d1.id });
  await insertTargets(db, [
    {
      agencyId: tree.p1.id,
      questionnaireId: null,
      periodFrom: '2026-01-01',
      periodTo: '2026-12-31',
      indexCode: 'overall',
      comparator: '>',
      threshold: 0.8,
    },
    {
      agencyId: tree.d1.id,
      questionnaireId: null,
      periodFrom: '2026-01-01',
      periodTo: '2026-06-30',
      indexCode: 'E3',
      comparator: '>=',
      threshold: 0.85,
    },
  ]);
});
t.teardown(() => harness?.close());

async function signInWithForm(page: Page, email: string, password: string) {
  await page.goto('/sign-in');
  await page.fill('#email', email);
  await page.fill('#password', password);
  await Promise.all([page.waitForLoadState('load'), page.locator('main form button[type=submit]').click()]);
  await page.waitForSelector('h1');
}

async function submit(page: Page, selector = 'main form[novalidate] button[type=submit]') {
  await Promise.all([page.waitForLoadState('load'), page.waitForURL(/./), page.locator(selector).click()]);
  await page.waitForSelector('h1');
}

const WORDS = {
  vi: { title: 'Chỉ tiêu', gte: '≥ 85%', added: 'Đã thêm chỉ tiêu E2', deleted: 'Đã xóa chỉ tiêu.', year: 'Năm 2027' },
  en: { title: 'Targets', gte: '≥ 85%', added: 'Added the E2 target', deleted: 'The target was deleted.', year: 'Year 2027' },
};

for (const locale of ['vi', 'en'] as const) {
  const w = WORDS[locale];
  t.test(`targets for a coordinator (${locale})`, async (t) => {
    const page = await harness.newPage({ locale });
    const csp = watchCsp(page);
    await signInWithForm(page, coordinator.email, coordinator.password);
    await page.goto('/admin/targets');
    t.equal((await page.textContent('h1'))?.trim(), w.title);
    t.match(await page.textContent('table.targets'), w.gte);
    await expectAccessible(t, page, `targets list (${locale})`);

    await page.click('a[href="/admin/targets/new"]');
    await page.waitForSelector('form[action="/admin/targets"]');
    await expectAccessible(t, page, `add form (${locale})`);

    await page.check('#periodKind-custom');
    await page.fill('#periodFrom', '31/02/2027');
    await page.check('#comparator-gte');
    await page.fill('#threshold', '0,8');
    await submit(page);
    await page.waitForSelector('.error-summary');
    t.strictSame(
      await page.locator('.error-summary a').evaluateAll((as) => as.map((a) => a.getAttribute('href'))),
      ['#agencyId', '#periodFrom', '#periodTo', '#threshold'],
      'each problem links to its field, in form order',
    );
    t.equal(await page.inputValue('#periodFrom'), '31/02/2027', 'what was typed is kept');
    t.ok(await page.isChecked('#comparator-gte'), 'and the choices made');
    await expectAccessible(t, page, `add form with errors (${locale})`);
    await page.click('.error-summary a[href="#threshold"]');
    t.equal(await page.evaluate(() => document.activeElement?.id), 'threshold', 'the summary’s link moves to the field');

    await page.selectOption('#agencyId', String(tree.d1.id));
    await page.check('#periodKind');
    await page.fill('#year', '2027');
    await page.fill('#periodFrom', '');
    await page.selectOption('#indexCode', 'E2');
    await page.fill('#threshold', locale === 'vi' ? '82,5' : '82.5');
    await submit(page);
    t.match(page.url(), /\/admin\/targets\?done=added&id=\d+$/);
    t.match(await page.textContent('.notice'), w.added);
    const row = page.locator('tr', { hasText: 'E2' });
    t.match(await row.textContent(), w.year);
    t.match(await row.textContent(), '≥ 82');
    await expectAccessible(t, page, `targets list with a notice (${locale})`);

    await row.locator('a[href$="/delete"]').click();
    await page.waitForSelector('form[action$="/delete"]');
    await expectAccessible(t, page, `delete confirmation (${locale})`);
    await submit(page, 'form[action$="/delete"] button[type=submit]');
    t.match(page.url(), /\/admin\/targets\?done=deleted$/);
    t.match(await page.textContent('.notice'), w.deleted);
    t.equal(await page.locator('tr', { hasText: 'E2' }).count(), 0, 'gone from the list');
    t.strictSame(csp, [], 'no Content-Security-Policy violations');
  });
}

t.test('a viewer reaches the list from the staff home, read-only', async (t) => {
  const page = await harness.newPage({ locale: 'vi' });
  const csp = watchCsp(page);
  await signInWithForm(page, viewer.email, viewer.password);
  // A viewer lands on their results (issue 13); the staff home lists the targets among their screens.
  await page.goto('/admin');
  await Promise.all([page.waitForLoadState('load'), page.click('main a[href="/admin/targets"]')]);
  await page.waitForSelector('h1');
  t.equal((await page.textContent('h1'))?.trim(), 'Chỉ tiêu');
  t.match(await page.textContent('table.targets'), 'E3');
  t.notMatch(await page.textContent('table.targets'), '(P1)', 'the province above is not listed');
  t.equal(await page.locator('a[href="/admin/targets/new"], a[href$="/delete"]').count(), 0, 'nothing to manage');
  await expectAccessible(t, page, 'targets list for a viewer');
  t.strictSame(csp, [], 'no Content-Security-Policy violations');
});
