// Changing agencies in Chromium (issue 13 pt 2), on the demo province, in Vietnamese at 360 px and in
// English at 1366 px: a coordinator adds a unit (an empty form first: the error summary links to
// the fields), renames it, walks the reorganisation wizard to merge two communes into a new one,
// confirms after the preview, and finds the communes' responses on the new unit's results page with
// the predecessors toggle. Every page WCAG A/AA clean, no CSP violation, nothing wider than the screen.
import t from 'tap';
import type { Page } from 'playwright-core';
import { findAgencyByCode } from '../../server/db/queries/agencies.ts';
import { expectAccessible, startBrowserApp, watchCsp, type BrowserApp } from '../helpers/browser.ts';
import { createUser } from '../helpers/staff.ts';

let harness: BrowserApp;
let coordinator: { email: string; password: string };
let khaId: number;

t.before(async () => {
  harness = await startBrowserApp({ demo: true });
  const db = harness.database.db;
  await harness.app.results.flush();
  const kha = (await findAgencyByCode(db, 'KHA'))!;
  khaId = kha.id;
  coordinator = await createUser(db, { email: 'coordinator@snv.kha.gov.vn', role: 'coordinator', agencyId: kha.id });
});
t.teardown(() => harness?.close());

async function submit(page: Page, selector = 'main form[novalidate] button[type=submit]') {
  await Promise.all([page.waitForLoadState('load'), page.waitForURL(/./), page.locator(selector).click()]);
  await page.waitForSelector('h1');
}

async function fitsWidth(t: { ok(v: unknown, m: string): unknown }, page: Page, width: number, what: string) {
  const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
  t.ok(scroll <= width, `${what}: ${scroll} px wide at ${width} px`);
}

const RUNS = [
  { locale: 'vi', width: 360, unit: 'KHA-TT-VI', merged: ['KHA-X-KHANHVINH', 'KHA-X-KHANHSON'], heir: 'KHA-X-SONVINH' },
  { locale: 'en', width: 1366, unit: 'KHA-TT-EN', merged: ['KHA-P-BANGOI', 'KHA-X-CAMLAM'], heir: 'KHA-P-BANGOI-CAMLAM' },
] as const;
const WORDS = {
  vi: {
    added: 'Đã thêm đơn vị',
    saved: 'Đã lưu đơn vị',
    preview: 'Kiểm tra trước khi xác nhận',
    done: 'Đã sắp xếp lại',
    summary: 'Có lỗi',
  },
  en: {
    added: 'added',
    saved: 'saved',
    preview: 'Check before you confirm',
    done: 'Reorganisation recorded',
    summary: 'There is a problem',
  },
};

for (const run of RUNS) {
  const w = WORDS[run.locale];
  t.test(`create, edit, merge, results (${run.locale}, ${run.width} px)`, async (t) => {
    const page = await harness.newPage({ locale: run.locale, width: run.width, height: 900 });
    const csp = watchCsp(page);
    await page.goto('/sign-in');
    await page.fill('#email', coordinator.email);
    await page.fill('#password', coordinator.password);
    await submit(page, 'main form button[type=submit]');

    await page.goto('/admin/agencies');
    await expectAccessible(t, page, `agency tree (${run.locale})`);
    await Promise.all([page.waitForLoadState('load'), page.click('main a[href="/admin/agencies/new"]')]);
    await submit(page);
    t.match(await page.textContent('.error-summary'), w.summary, 'an empty form: the error summary');
    t.equal(await page.getAttribute('.error-summary a[href="#code"]', 'href'), '#code', 'linking to the field');
    await expectAccessible(t, page, `add form with errors (${run.locale})`);
    await fitsWidth(t, page, run.width, 'add form');
    await page.selectOption('#parentId', String(khaId));
    await page.fill('#code', run.unit);
    await page.fill('#nameVi', 'Trung tâm thử nghiệm');
    await page.selectOption('#kind', 'centre');
    await submit(page);
    t.match(await page.textContent('.notice'), w.added);

    await page.goto(`/admin/agencies/${run.unit}/edit`);
    await expectAccessible(t, page, `edit form (${run.locale})`);
    await page.fill('#nameEn', 'Test centre');
    await submit(page);
    t.match(await page.textContent('.notice'), w.saved);

    await page.goto('/admin/agencies/reorganise');
    await expectAccessible(t, page, `wizard: kind (${run.locale})`);
    await page.check('#kind');
    await submit(page);
    for (const code of run.merged) await page.check(`input[name="sources"][value="${code}"]`);
    await expectAccessible(t, page, `wizard: units (${run.locale})`);
    await fitsWidth(t, page, run.width, 'wizard: units');
    await submit(page);
    await page.check('#into');
    await submit(page);
    await page.selectOption('#parent', 'KHA');
    await page.fill('#code', run.heir);
    await page.fill('#nameVi', 'Xã mới sau sáp nhập');
    await page.selectOption('#unitKind', 'commune');
    await expectAccessible(t, page, `wizard: new unit (${run.locale})`);
    await submit(page);
    await page.fill('#effectiveOn', '01/12/2026');
    await submit(page);
    t.equal((await page.textContent('h1'))?.trim(), w.preview);
    for (const code of run.merged) t.match(await page.textContent('main'), `(${code}) → ${run.heir}`, `${code} closes into the new unit`);
    await expectAccessible(t, page, `wizard: preview (${run.locale})`);
    await fitsWidth(t, page, run.width, 'wizard: preview');
    await submit(page);
    t.match(await page.textContent('.notice'), w.done);

    const q = '?period=custom&from=2024-01-01&to=2026-12-31&questionnaire=sipas-2017';
    await page.goto(`/admin/results/agency/${run.heir}${q}&predecessors=1`);
    const pooled = Number((await page.textContent('[data-value="responses"]'))?.replace(/\D/g, ''));
    let separately = 0;
    for (const code of run.merged) {
      await page.goto(`/admin/results/agency/${code}${q}`);
      separately += Number((await page.textContent('[data-value="responses"]'))?.replace(/\D/g, ''));
    }
    t.ok(pooled > 0, 'the new unit shows responses with its predecessors');
    t.equal(pooled, separately, 'exactly the merged communes’ responses');
    await page.goto(`/admin/results/agency/${run.heir}${q}&predecessors=1`);
    await expectAccessible(t, page, `results of the new unit (${run.locale})`);
    t.same(csp, [], 'no CSP violation');
  });
}
