// The people-served import page in Chromium, in Vietnamese and English: reached from the staff menu,
// a file with problems (the summary links to the field, the problems listed by line), then a good
// file (the notice and the month recorded), each WCAG A/AA clean and without CSP violations; and at
// 360 px nothing overflows.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import type { Page } from 'playwright-core';
import { insertServicePoint } from '../../server/db/queries/service-points.ts';
import { expectAccessible, startBrowserApp, watchCsp, type BrowserApp } from '../helpers/browser.ts';
import { createUser, staffTree } from '../helpers/staff.ts';

let harness: BrowserApp;
let coordinator: { email: string; password: string };
const dir = mkdtempSync(join(tmpdir(), 'hailong-served-'));
const csv = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

t.before(async () => {
  harness = await startBrowserApp();
  const db = harness.database.db;
  const tree = await staffTree(db);
  await insertServicePoint(db, { code: 'SP-XA', agencyId: tree.c1.id, nameVi: 'Bộ phận một cửa Xã Một', nameEn: null });
  coordinator = await createUser(db, { email: 'coordinator@p1.gov.vn', role: 'coordinator', agencyId: tree.p1.id });
});
t.teardown(() => harness?.close());

async function signIn(page: Page) {
  await page.goto('/sign-in');
  await page.fill('#email', coordinator.email);
  await page.fill('#password', coordinator.password);
  await Promise.all([page.waitForLoadState('load'), page.locator('main form button[type=submit]').click()]);
  await page.waitForSelector('h1');
}

async function upload(page: Page, path: string) {
  await page.setInputFiles('#file', path);
  await Promise.all([page.waitForLoadState('load'), page.waitForURL(/./), page.locator('main form button[type=submit]').click()]);
  await page.waitForSelector('h1');
}

const WORDS = {
  vi: { nav: 'Số lượt phục vụ', title: 'Nhập số lượt phục vụ', line: 'Dòng 3, cột period', done: 'Đã nhập 1 dòng' },
  en: { nav: 'People served', title: 'Import the people served', line: 'Line 3, column period', done: 'Imported 1 rows' },
} as const;

for (const locale of ['vi', 'en'] as const) {
  t.test(`the import page (${locale})`, async (t) => {
    const w = WORDS[locale];
    const page = await harness.newPage({ locale });
    const csp = watchCsp(page);
    await signIn(page);
    await page.goto('/admin');
    await Promise.all([page.waitForLoadState('load'), page.locator('nav').getByRole('link', { name: w.nav }).first().click()]);
    t.equal(await page.locator('h1').textContent(), w.title, 'reached from the menu');
    await expectAccessible(t, page, `import page (${locale})`);

    await upload(page, csv('bad.csv', 'service_point_code,period,served\nSP-XA,2026-10,100\nSP-XA,2026/10,5\n'));
    t.match(await page.locator('.import-errors').textContent(), w.line, 'the problem on its line');
    t.equal(await page.locator('.error-summary a[href="#file"]').count(), 1, 'the summary links to the field');
    await expectAccessible(t, page, `import page with problems (${locale})`);

    await upload(page, csv('good.csv', `service_point_code,period,served\nSP-XA,2026-${locale === 'vi' ? '09' : '08'},1200\n`));
    t.match(await page.locator('[role=status]').textContent(), w.done);
    t.match(await page.locator('table').textContent(), locale === 'vi' ? '2026-09' : '2026-08', 'the month recorded');
    await expectAccessible(t, page, `import page after an import (${locale})`);

    const phone = await harness.newPage({ width: 360, height: 800, locale });
    await signIn(phone);
    await phone.goto('/admin/served');
    const scroll = await phone.evaluate(() => document.documentElement.scrollWidth);
    t.ok(scroll <= 360, `${scroll} px wide at a 360 px viewport`);
    t.same(csp, [], 'no CSP violations');
  });
}
