// The public pages in Chromium: accessible (axe, WCAG 2.2 A/AA) in both languages, the language
// toggle persists, nothing scrolls sideways at 320 px, and the skip link shows its focus.
import t from 'tap';
import { axeViolations, expectAccessible, formatViolations, startBrowserApp, watchCsp, type BrowserApp } from '../helpers/browser.ts';

let harness: BrowserApp;

t.before(async () => {
  harness = await startBrowserApp();
});
t.teardown(() => harness?.close());

t.test('home page in Vietnamese, then English through the toggle, and the choice persists', async (t) => {
  const page = await harness.newPage();
  const csp = watchCsp(page);

  const home = await page.goto('/');
  t.equal(home?.status(), 200, 'home page answers 200');
  t.equal(await page.getAttribute('html', 'lang'), 'vi', 'Vietnamese by default');
  t.match(await page.textContent('h1'), /Hài Lòng/, 'says what the product is');
  await expectAccessible(t, page, 'home (vi)');

  await page.getByRole('link', { name: 'English' }).click();
  await page.waitForURL(`${harness.baseUrl}/`);
  t.equal(await page.getAttribute('html', 'lang'), 'en', 'the toggle switches to English');
  t.match(await page.textContent('main'), /citizen satisfaction/i, 'the content is in English');
  await expectAccessible(t, page, 'home (en)');

  await page
    .getByRole('link', { name: /sign in/i })
    .first()
    .click();
  await page.waitForLoadState('load');
  t.equal(await page.getAttribute('html', 'lang'), 'en', 'English persists on the next page');
  await page.goto('/');
  t.equal(await page.getAttribute('html', 'lang'), 'en', 'and when coming back later');

  await page.getByRole('link', { name: 'Tiếng Việt' }).click();
  await page.waitForURL(`${harness.baseUrl}/`);
  t.equal(await page.getAttribute('html', 'lang'), 'vi', 'the toggle switches back to Vietnamese');

  t.strictSame(csp, [], 'no Content-Security-Policy violations');
});

t.test('methodology page in both languages, reached from the home page, with the engine’s example', async (t) => {
  const page = await harness.newPage();
  const csp = watchCsp(page);
  await page.goto('/');
  await page.getByRole('link', { name: 'Đọc phương pháp tính, có ví dụ' }).click();
  await page.waitForURL(`${harness.baseUrl}/phuong-phap`);
  t.equal(await page.textContent('h1'), 'Phương pháp tính', 'the home page links to it');
  const table = page.getByRole('table', { name: /yếu tố E1/ });
  t.equal(
    await table.locator('tr[data-code="element"] [data-value="index"]').textContent(),
    '79,17%',
    'the worked example, vi-VN formatted',
  );
  await expectAccessible(t, page, 'methodology (vi)');

  await page.getByRole('link', { name: 'English' }).click();
  await page.waitForURL(`${harness.baseUrl}/phuong-phap`);
  t.equal(await page.getAttribute('html', 'lang'), 'en');
  t.equal(await page.textContent('h1'), 'Methodology');
  t.equal(await page.locator('tr[data-code="pooled"] [data-value="index"]').textContent(), '78.57%', 'English number format');
  await expectAccessible(t, page, 'methodology (en)');

  await page.goto('/sign-in');
  await page.getByRole('contentinfo').getByRole('link', { name: 'How the indices are computed' }).click();
  await page.waitForURL(`${harness.baseUrl}/phuong-phap`);
  t.equal(await page.textContent('h1'), 'Methodology', 'the footer of other pages links to it too');
  t.strictSame(csp, [], 'no Content-Security-Policy violations');
});

t.test('the accessibility check does catch a violation', async (t) => {
  const page = await harness.newPage();
  await page.goto('/');
  await page.evaluate(() => {
    const img = document.createElement('img');
    img.src = '/public/none.png';
    document.querySelector('main')!.append(img);
  });
  const violations = await axeViolations(page);
  t.ok(
    violations.some((v) => v.id === 'image-alt'),
    'an image without alt text is reported',
    { found: violations.map((v) => v.id) },
  );
  t.match(formatViolations(violations), /image-alt .*\n.*https:\/\/dequeuniversity/, 'readably, with a link to the rule');
});

t.test('404 page in both languages', async (t) => {
  const page = await harness.newPage();
  const vi = await page.goto('/khong-co-trang-nay');
  t.equal(vi?.status(), 404, 'unknown address → 404');
  t.equal(await page.getAttribute('html', 'lang'), 'vi');
  t.match(await page.textContent('h1'), /Không tìm thấy trang/, 'Vietnamese heading');
  await expectAccessible(t, page, '404 (vi)');

  await page.getByRole('link', { name: 'English' }).click();
  await page.waitForLoadState('load');
  t.equal(page.url(), `${harness.baseUrl}/khong-co-trang-nay`, 'the toggle returns to the same address');
  t.equal(await page.getAttribute('html', 'lang'), 'en');
  t.match(await page.textContent('h1'), /Page not found/, 'English heading');
  await expectAccessible(t, page, '404 (en)');
});

t.test('at 320 px nothing scrolls sideways', async (t) => {
  for (const locale of ['vi', 'en'] as const) {
    const page = await harness.newPage({ width: 320, height: 640, locale });
    for (const path of ['/', '/khong-co', '/sign-in', '/phuong-phap']) {
      await page.goto(path);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      t.ok(width <= 320, `${path} (${locale}) is ${width} px wide at a 320 px viewport`);
    }
  }
});

t.test('the skip link is the first stop and its focus is visible', async (t) => {
  const page = await harness.newPage();
  await page.goto('/');
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el) return null;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return {
      className: el.className,
      href: el.getAttribute('href'),
      text: el.textContent?.trim(),
      outlineStyle: style.outlineStyle,
      outlineWidth: parseFloat(style.outlineWidth),
      boxShadow: style.boxShadow,
      inViewport: box.width > 0 && box.height > 0 && box.left >= 0 && box.top >= 0 && box.right <= window.innerWidth,
    };
  });
  t.ok(focused, 'something has focus');
  t.equal(focused?.className, 'skip-link', 'Tab lands on the skip link first');
  t.equal(focused?.href, '#main', 'it points at the main content');
  t.equal(focused?.text, 'Bỏ qua, đến nội dung chính', 'with a Vietnamese label');
  t.ok(focused?.inViewport, 'the focused skip link is on screen');
  t.ok(
    (focused?.outlineStyle !== 'none' && (focused?.outlineWidth ?? 0) >= 2) || (focused?.boxShadow ?? 'none') !== 'none',
    `the focus is visible (outline ${focused?.outlineStyle} ${focused?.outlineWidth}px, shadow ${focused?.boxShadow})`,
  );

  await page.keyboard.press('Enter');
  const target = await page.evaluate(() => document.activeElement?.id);
  t.equal(target, 'main', 'Enter moves focus to the main content');
});
