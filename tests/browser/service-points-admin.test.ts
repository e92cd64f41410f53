// Service points in Chromium (issue 13 pt 3), in Vietnamese at 360 px and in English at 1366 px: a
// coordinator opens the form from the list, sends it empty (the error summary links to the fields),
// adds a point under a department, renames it, closes it and opens it again from the list; each
// change is in the audit log with its before and after. A unit manager, who may not manage places,
// is refused the form. Every page WCAG A/AA clean, no CSP violation, nothing wider than the screen.
import t from 'tap';
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { insertAgency } from '../../server/db/queries/agencies.ts';
import { expectAccessible, startBrowserApp, watchCsp, type BrowserApp } from '../helpers/browser.ts';
import { createUser } from '../helpers/staff.ts';

let harness: BrowserApp;
let coordinator: { email: string; password: string };
let manager: { email: string; password: string };
let departmentId: number;

t.before(async () => {
  harness = await startBrowserApp();
  const db = harness.database.db;
  const agency = (code: string, parentId: number | null, nameVi: string, kind: 'province' | 'department') =>
    insertAgency(db, { code, parentId, nameVi, nameEn: null, kind, validFrom: null, validTo: null });
  const province = await agency('P', null, 'Tỉnh P', 'province');
  departmentId = (await agency('P-TP', province.id, 'Sở Tư pháp', 'department')).id;
  coordinator = await createUser(db, { email: 'coordinator@p.gov.vn', role: 'coordinator', agencyId: province.id });
  manager = await createUser(db, { email: 'manager@p.gov.vn', role: 'manager', agencyId: departmentId });
});
t.teardown(() => harness?.close());

async function submit(page: Page, selector = 'main form[novalidate] button[type=submit]') {
  await Promise.all([page.waitForLoadState('load'), page.waitForURL(/./), page.locator(selector).click()]);
  await page.waitForSelector('h1');
}

async function signIn(page: Page, who: { email: string; password: string }) {
  await page.goto('/sign-in');
  await page.fill('#email', who.email);
  await page.fill('#password', who.password);
  await submit(page, 'main form button[type=submit]');
}

async function fitsWidth(t: { ok(v: unknown, m: string): unknown }, page: Page, width: number, what: string) {
  const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
  t.ok(scroll <= width, `${what}: ${scroll} px wide at ${width} px`);
}

const RUNS = [
  {
    locale: 'vi',
    width: 360,
    code: 'P-TP-Q1',
    summary: 'Có lỗi',
    added: 'Đã thêm',
    saved: 'Đã lưu',
    closed: 'ngừng nhận',
    reopened: 'mở lại',
  },
  {
    locale: 'en',
    width: 1366,
    code: 'P-TP-Q2',
    summary: 'There is a problem',
    added: 'added',
    saved: 'saved',
    closed: 'no longer',
    reopened: 'reopened',
  },
] as const;

for (const run of RUNS) {
  t.test(`add, rename, close and reopen a service point (${run.locale}, ${run.width} px)`, async (t) => {
    const page = await harness.newPage({ locale: run.locale, width: run.width, height: 900 });
    const csp = watchCsp(page);
    await signIn(page, coordinator);

    await page.goto('/admin/service-points');
    await expectAccessible(t, page, `service point list (${run.locale})`);
    await Promise.all([page.waitForLoadState('load'), page.click('main a[href="/admin/service-points/new"]')]);
    await submit(page);
    t.match(await page.textContent('.error-summary'), run.summary, 'an empty form: the error summary');
    t.equal(await page.getAttribute('.error-summary a[href="#code"]', 'href'), '#code', 'linking to the field');
    await expectAccessible(t, page, `add form with errors (${run.locale})`);
    await fitsWidth(t, page, run.width, 'add form');

    await page.selectOption('#agencyId', String(departmentId));
    await page.fill('#code', run.code);
    await page.fill('#nameVi', 'Quầy hộ tịch');
    await submit(page);
    t.match(await page.textContent('.notice'), run.added, 'added: back on the list with a notice');
    t.match(await page.textContent('main table'), run.code, 'the new point is listed');

    await page.goto(`/admin/service-points/${run.code}/edit`);
    await expectAccessible(t, page, `edit form (${run.locale})`);
    await fitsWidth(t, page, run.width, 'edit form');
    await page.fill('#nameVi', 'Quầy hộ tịch số 1');
    await submit(page);
    t.match(await page.textContent('.notice'), run.saved, 'renamed');

    await submit(page, `main form[action="/admin/service-points/${run.code}/close"] button[type=submit]`);
    t.match(await page.textContent('.notice'), run.closed, 'closed');
    await submit(page, `main form[action="/admin/service-points/${run.code}/reopen"] button[type=submit]`);
    t.match(await page.textContent('.notice'), run.reopened, 'reopened');
    await expectAccessible(t, page, `list after the changes (${run.locale})`);
    await fitsWidth(t, page, run.width, 'list');
    t.same(csp, [], 'no CSP violation');

    const point = await harness.database.db
      .selectFrom('service_points')
      .select(['id', 'name_vi', 'active'])
      .where('code', '=', run.code)
      .executeTakeFirstOrThrow();
    t.same([point.name_vi, point.active], ['Quầy hộ tịch số 1', true], 'stored: the new name, open again');
    const actions = await harness.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'like', 'service-point.%')
      .where(sql<boolean>`details::text like ${`%"${run.code}"%`}`)
      .orderBy('id')
      .execute();
    t.same(
      actions.map((a) => a.action),
      ['service-point.add', 'service-point.update', 'service-point.close', 'service-point.reopen'],
      'each change is in the audit log',
    );
  });
}

t.test('a unit manager is refused the service point form', async (t) => {
  const page = await harness.newPage({ locale: 'vi', width: 360, height: 740 });
  await signIn(page, manager);
  const res = await page.goto('/admin/service-points/new');
  t.equal(res?.status(), 403, 'the form answers 403');
  await expectAccessible(t, page, 'refusal page');
});
