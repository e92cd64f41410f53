// The QR poster in Chromium: printed to PDF it is exactly one A4 or one A5 page without the site's
// header and footer, its code read from a screenshot leads to the survey URL, and the list and the
// poster pages have no WCAG A/AA violation and no CSP violation.
import t from 'tap';
import type { Page } from 'playwright-core';
import { insertServicePoint } from '../../server/db/queries/service-points.ts';
import { testConfig } from '../helpers/app.ts';
import { expectAccessible, startBrowserApp, watchCsp, type BrowserApp } from '../helpers/browser.ts';
import { decodePng, pdfPageCount } from '../helpers/qr.ts';
import { createUser, staffTree } from '../helpers/staff.ts';

let harness: BrowserApp;
let manager: { email: string; password: string };
const CODE = 'P1-SNV-MOTCUA-01';
const SURVEY_URL = `${testConfig().publicUrl}/s/${CODE}`;

t.before(async () => {
  harness = await startBrowserApp();
  const db = harness.database.db;
  const tree = await staffTree(db);
  // A long agency name: the poster must still fit its page.
  await db
    .updateTable('agencies')
    .set({ name_vi: 'Trung tâm Phục vụ hành chính công và Bộ phận Một cửa Sở Nội vụ Tỉnh Một' })
    .where('id', '=', tree.d1.id)
    .execute();
  await insertServicePoint(db, { code: CODE, agencyId: tree.d1.id, nameVi: 'Quầy tiếp nhận và trả kết quả số 1', nameEn: 'Counter 1' });
  await insertServicePoint(db, { code: 'P1-XA-Q1', agencyId: tree.c1.id, nameVi: 'Bộ phận một cửa xã', nameEn: null, active: false });
  manager = await createUser(db, { email: 'manager@snv.p1.gov.vn', role: 'manager', agencyId: tree.d1.id });
});
t.teardown(() => harness?.close());

async function signInWithForm(page: Page) {
  await page.goto('/sign-in');
  await page.fill('#email', manager.email);
  await page.fill('#password', manager.password);
  await Promise.all([page.waitForLoadState('load'), page.locator('main form button[type=submit]').click()]);
  await page.waitForSelector('h1');
}

/** What a phone sees: the rendered code, screenshotted and decoded. */
async function decodeOnScreen(page: Page): Promise<string | null> {
  return decodePng(await page.locator('svg.poster-qr-code').screenshot());
}

for (const locale of ['vi', 'en'] as const) {
  t.test(`service points list and poster (${locale})`, async (t) => {
    const page = await harness.newPage({ locale });
    const csp = watchCsp(page);
    await signInWithForm(page);
    await page.goto('/admin/service-points');
    t.equal((await page.textContent('h1'))?.trim(), locale === 'vi' ? 'Điểm tiếp nhận và mã QR' : 'Service points and QR codes');
    await expectAccessible(t, page, `service points list (${locale})`);

    await Promise.all([page.waitForLoadState('load'), page.locator(`a[href="/admin/service-points/${CODE}/poster?size=a4"]`).click()]);
    await page.waitForSelector('svg.poster-qr-code');
    await expectAccessible(t, page, `poster page (${locale})`);
    t.equal(await decodeOnScreen(page), SURVEY_URL, 'the code on screen decodes to the survey URL');
    t.equal(
      await page.locator('.poster-headline').textContent(),
      'Ý kiến của Ông/Bà giúp chúng tôi phục vụ tốt hơn',
      'the poster is Vietnamese',
    );

    await page.goto('/admin/service-points/P1-XA-Q1/poster?size=a5');
    await expectAccessible(t, page, `A5 poster of an inactive point (${locale})`);
    t.strictSame(csp, [], 'no Content-Security-Policy violations');
  });
}

for (const size of ['a4', 'a5'] as const) {
  t.test(`printed on ${size.toUpperCase()}`, async (t) => {
    const page = await harness.newPage();
    const csp = watchCsp(page);
    await signInWithForm(page);
    await page.goto(`/admin/service-points/${CODE}/poster?size=${size}`);
    await page.waitForSelector('svg.poster-qr-code');

    const format = size === 'a4' ? 'A4' : 'A5';
    const pdf = await page.pdf({ format, printBackground: true });
    t.equal(await pdfPageCount(pdf), 1, `exactly one ${format} page`);
    // The CSS's own paper size, as a browser's print dialog would take it.
    const own = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    t.equal(await pdfPageCount(own), 1, `one page at the stylesheet's ${format} size`);
    const mediaBox = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(own.toString('latin1'));
    const [w, h] = size === 'a4' ? [595, 842] : [420, 595];
    t.ok(
      mediaBox && Math.abs(Number(mediaBox[1]) - w) < 2 && Math.abs(Number(mediaBox[2]) - h) < 2,
      `the page is ${format} (${mediaBox?.[1]} × ${mediaBox?.[2]} pt)`,
    );

    await page.emulateMedia({ media: 'print' });
    for (const chrome of ['.site-header', '.site-footer', '.poster-tools']) {
      t.equal(await page.locator(chrome).evaluate((el) => getComputedStyle(el).display), 'none', `${chrome} is not printed`);
    }
    t.equal(await decodeOnScreen(page), SURVEY_URL, 'the printed code decodes to the survey URL');
    const poster = await page.locator('.poster').boundingBox();
    const qr = await page.locator('svg.poster-qr-code').boundingBox();
    // 96 px per inch: the code is 124 mm wide on A4 and 1/√2 of that on A5.
    const mm = (px: number) => (px * 25.4) / 96;
    t.ok(qr && Math.abs(mm(qr.width) - (size === 'a4' ? 124 : 87.7)) < 1, `a big code (${qr ? mm(qr.width).toFixed(1) : '?'} mm)`);
    const english = await page.locator('.poster-english').boundingBox();
    t.ok(poster && english && english.y + english.height <= poster.y + poster.height, 'nothing is cut off at the bottom');
    t.strictSame(csp, [], 'no Content-Security-Policy violations');
  });
}
