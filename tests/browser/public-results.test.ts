// The public results pages in Chromium over the demo province: reached from the home page, the year
// chosen with a plain GET form (no JavaScript needed), WCAG A/AA clean in Vietnamese and English,
// no CSP violation, nothing scrolling sideways at 320 px; and the staff page that publishes them.
import t from 'tap';
import type { Page } from 'playwright-core';
import { expectAccessible, startBrowserApp, watchCsp, type BrowserApp } from '../helpers/browser.ts';

let harness: BrowserApp;
let coordinator: { email: string; password: string };

t.before(async () => {
  harness = await startBrowserApp({ demo: true });
  await harness.app.results.flush();
  coordinator = harness.demo!.accounts.find((a) => a.role === 'coordinator')!;
});
t.teardown(() => harness?.close());

const shareOf = (page: Page, code: string) => page.locator(`li[data-agency="${code}"] [data-col="share"]`).textContent();

t.test('/ket-qua/KHA in Vietnamese, then English, from the home page', async (t) => {
  const page = await harness.newPage();
  const csp = watchCsp(page);
  await page.goto('/');
  await page.getByRole('link', { name: 'Xem kết quả các tỉnh đã công bố' }).click();
  await page.waitForURL(`${harness.baseUrl}/ket-qua`);
  await expectAccessible(t, page, 'list (vi)');
  await page.getByRole('link', { name: 'Tỉnh Khánh Hòa' }).click();
  await page.waitForURL(`${harness.baseUrl}/ket-qua/KHA`);
  t.equal(await page.textContent('h1'), 'Kết quả khảo sát sự hài lòng — Tỉnh Khánh Hòa');
  const list = page.getByRole('list', { name: /Mức độ hài lòng chung của từng cơ quan, đơn vị, năm 2025/ });
  t.equal(await list.count(), 1, 'the cards are a list named by its heading');
  t.match(await shareOf(page, 'KHA'), /^\d{2},\d{2}%$/, 'vi-VN percentages');
  await expectAccessible(t, page, '/ket-qua/KHA (vi)');

  // The year form is a plain GET: it works without any script.
  await page.selectOption('#nam', '2024');
  await Promise.all([
    page.waitForURL(`${harness.baseUrl}/ket-qua/KHA?nam=2024&thu-tu=co-cau`),
    page.getByRole('button', { name: 'Xem' }).click(),
  ]);
  t.equal(await page.locator('#nam').inputValue(), '2024', 'the chosen year stays selected');
  t.ok(await page.getByRole('list', { name: /năm 2024/ }).count(), 'the list says which year');
  await expectAccessible(t, page, '/ket-qua/KHA?nam=2024 (vi)');

  await page.getByRole('link', { name: 'English' }).click();
  await page.waitForURL(`${harness.baseUrl}/ket-qua/KHA?nam=2024&thu-tu=co-cau`);
  t.equal(await page.getAttribute('html', 'lang'), 'en');
  await page.goto('/ket-qua/KHA');
  t.equal(await page.textContent('h1'), 'Satisfaction survey results — Khánh Hòa Province');
  t.match(await shareOf(page, 'KHA'), /^\d{2}\.\d{2}%$/, 'English percentages');
  await expectAccessible(t, page, '/ket-qua/KHA (en)');
  await page.getByRole('link', { name: 'methodology' }).click();
  await page.waitForURL(`${harness.baseUrl}/phuong-phap`);
  t.strictSame(csp, [], 'no Content-Security-Policy violations');
});

t.test('at 320 px the page does not scroll sideways', async (t) => {
  for (const locale of ['vi', 'en'] as const) {
    const page = await harness.newPage({ width: 320, height: 640, locale });
    for (const path of ['/ket-qua', '/ket-qua/KHA']) {
      await page.goto(path);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      t.ok(width <= 320, `${path} (${locale}) is ${width} px wide at a 320 px viewport`);
    }
  }
});

t.test('the staff page that publishes, signed in as the coordinator', async (t) => {
  const page = await harness.newPage();
  const csp = watchCsp(page);
  await page.goto('/sign-in');
  await page.fill('#email', coordinator.email);
  await page.fill('#password', coordinator.password);
  await Promise.all([page.waitForLoadState('load'), page.locator('main form button[type=submit]').click()]);
  await page.goto('/admin');
  // The staff home lists each screen by its menu name, then what it is for (one table of screens).
  await page.locator('main').getByRole('link', { name: 'Công bố kết quả', exact: true }).click();
  await page.waitForURL(`${harness.baseUrl}/admin/results/publication`);
  await expectAccessible(t, page, 'publication page');

  const box = page.getByLabel('Công bố kết quả của Tỉnh Khánh Hòa');
  t.ok(await box.isChecked(), 'the demo publishes');
  await box.uncheck();
  await Promise.all([page.waitForURL(/done=off/), page.getByRole('button', { name: 'Lưu việc công bố của Tỉnh Khánh Hòa' }).click()]);
  t.match(await page.getByRole('status').textContent(), 'Đã ngừng công bố kết quả của Tỉnh Khánh Hòa.');
  t.notOk(await page.getByLabel('Công bố kết quả của Tỉnh Khánh Hòa').isChecked());
  await expectAccessible(t, page, 'publication page after saving');

  const gone = await page.goto('/ket-qua/KHA');
  t.equal(gone?.status(), 404, 'the public page is gone');
  await page.goto('/admin/results/publication');
  await page.getByLabel('Công bố kết quả của Tỉnh Khánh Hòa').check();
  await Promise.all([page.waitForURL(/done=on/), page.getByRole('button', { name: 'Lưu việc công bố của Tỉnh Khánh Hòa' }).click()]);
  t.equal((await page.goto('/ket-qua/KHA'))?.status(), 200, 'and back');
  t.strictSame(csp, [], 'no Content-Security-Policy violations');
});
