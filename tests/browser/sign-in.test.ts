// The staff sign-in page in Chromium: accessible in both languages, and submitting it empty shows
// an error summary that links to each field, still accessible.
import t from 'tap';
import { translator } from '../../server/i18n/index.ts';
import { expectAccessible, startBrowserApp, watchCsp, type BrowserApp } from '../helpers/browser.ts';

let harness: BrowserApp;

t.before(async () => {
  harness = await startBrowserApp();
});
t.teardown(() => harness?.close());

for (const locale of ['vi', 'en'] as const) {
  t.test(`sign-in page (${locale}), empty submission`, async (t) => {
    const tr = translator(locale);
    const page = await harness.newPage({ locale });
    const csp = watchCsp(page);
    const res = await page.goto('/sign-in');
    t.equal(res?.status(), 200, 'the sign-in page answers 200');
    t.equal(await page.getAttribute('html', 'lang'), locale, `in ${locale}`);
    t.equal((await page.textContent('h1'))?.trim(), tr('signIn.title'), 'titled for signing in');
    t.equal(await page.locator('.error-summary').count(), 0, 'no error summary before submitting');
    await expectAccessible(t, page, `sign-in (${locale})`);

    await Promise.all([page.waitForLoadState('load'), page.locator('main form button[type=submit]').click()]);
    await page.waitForSelector('.error-summary');
    const summary = page.locator('.error-summary');
    t.equal(await summary.count(), 1, 'an error summary is shown');
    const summaryText = (await summary.textContent()) ?? '';
    t.ok(summaryText.includes(tr('error.summary')), 'with its heading');
    t.ok(summaryText.includes(tr('signIn.emailRequired')), 'naming the missing email');
    t.ok(summaryText.includes(tr('signIn.passwordRequired')), 'and the missing password');
    t.strictSame(
      await summary.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href'))),
      ['#email', '#password'],
      'each problem links to its field',
    );
    t.equal(await page.getAttribute('#email', 'aria-invalid'), 'true', 'the email field is marked invalid');
    t.equal(await page.getAttribute('#password', 'aria-invalid'), 'true', 'the password field is marked invalid');
    await expectAccessible(t, page, `sign-in with errors (${locale})`);

    await summary.locator('a[href="#email"]').click();
    t.equal(await page.evaluate(() => document.activeElement?.id), 'email', 'the summary link takes focus to the field');
    t.strictSame(csp, [], 'no Content-Security-Policy violations');
  });
}
