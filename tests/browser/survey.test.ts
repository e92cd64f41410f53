// The online survey in Chromium on a phone-size screen (360 × 740): the whole SIPAS questionnaire in
// Vietnamese and in English, E5 both ways, the start button in the first screen, a progress bar on
// every page, an error shown and fixed, a double submit that stores one response, a returning
// citizen continuing or starting again, axe (WCAG 2.2 A/AA) on every page of the flow in both
// languages including the error states, the pages' heights and taps, and nothing wider than a
// 320 px screen.
import t from 'tap';
import type { Page } from 'playwright-core';
import { expectAccessible, startBrowserApp, watchCsp, type BrowserApp } from '../helpers/browser.ts';
import { surveyWorld } from '../helpers/survey.ts';
import { walkSurvey } from '../helpers/survey-walk.ts';
import { draftIdHash } from '../../server/routes/survey/draft-cookie.ts';

let harness: BrowserApp;

t.before(async () => {
  harness = await startBrowserApp();
  await surveyWorld(harness.database.db);
});
t.teardown(() => harness?.close());

const PHONE = { width: 360, height: 740 };

async function submitForm(page: Page): Promise<void> {
  await Promise.all([page.waitForNavigation(), page.locator('main form button[type=submit]').click()]);
}

/** Answers every question on the current page by tapping labels; E5.0 as told. */
async function answerPage(page: Page, e5: 'yes' | 'no'): Promise<void> {
  const sets = page.locator('fieldset.question');
  const n = await sets.count();
  for (let i = 0; i < n; i++) {
    const set = sets.nth(i);
    const inputs = set.locator('input');
    const name = await inputs.first().getAttribute('name');
    const type = await inputs.first().getAttribute('type');
    const labels = set.locator('label');
    if (name === 'E5.0') await labels.nth(e5 === 'yes' ? 0 : 1).click();
    else if (type === 'checkbox') {
      await labels.nth(0).click();
      await labels.nth(2).click();
    } else await labels.nth(Math.min(3, (await labels.count()) - 1)).click();
  }
  const text = page.locator('textarea');
  if ((await text.count()) > 0) await text.fill(e5 === 'yes' ? 'Cán bộ rất nhiệt tình.' : 'Friendly staff.');
}

type T = { equal(a: unknown, b: unknown, msg: string): unknown; ok(v: unknown, msg: string): unknown };

/** The start button (or the resume choice) is on the first screen: no scrolling needed to begin. */
async function inFirstScreen(t: T, page: Page, selector: string, what: string): Promise<void> {
  const box = await page.locator(selector).boundingBox();
  t.ok(
    box !== null && box.y >= 0 && box.y + box.height <= PHONE.height,
    `${what} within the first ${PHONE.height} px (bottom at ${box ? Math.round(box.y + box.height) : '?'} px)`,
  );
}

/** The progress bar of a question page: visible, its value the page number, named by its words. */
async function progressShown(t: T, page: Page, n: number, lang: 'vi' | 'en'): Promise<void> {
  const bar = page.locator('main progress');
  t.ok(await bar.isVisible(), `page ${n}: a progress bar`);
  t.equal(Number(await bar.getAttribute('value')), n, `page ${n}: its value is the page number`);
  t.equal(Number(await bar.getAttribute('max')), 10, `page ${n}: out of 10 pages`);
  const label = await page.evaluate(() => {
    const el = document.querySelector('main progress');
    const id = el?.getAttribute('aria-labelledby');
    return id ? document.getElementById(id)?.textContent : null;
  });
  t.equal(label, lang === 'vi' ? `Trang ${n}/10` : `Page ${n} of 10`, `page ${n}: named in words`);
}

async function walk(t: T, page: Page, lang: 'vi' | 'en', e5: 'yes' | 'no'): Promise<string[]> {
  const pages: string[] = [];
  for (let i = 0; i < 15; i++) {
    const path = new URL(page.url()).pathname;
    if (path.endsWith('/review')) break;
    pages.push(path);
    t.equal(await page.getAttribute('html', 'lang'), lang, `${path} is in ${lang}`);
    await progressShown(t, page, Number(path.split('/').at(-1)), lang);
    await expectAccessible(t, page, `${path} (${lang})`);
    await answerPage(page, e5);
    await submitForm(page);
  }
  return pages;
}

const count = async (id: string) =>
  Number(
    (
      await harness.database.db
        .selectFrom('responses')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).n,
  );

t.test('SIPAS in Vietnamese on a phone: E5 = Có, an error fixed, a double submit stored once', async (t) => {
  const page = await harness.newPage(PHONE);
  const csp = watchCsp(page);
  await page.goto('/s/SP-D');
  t.equal(await page.getAttribute('html', 'lang'), 'vi');
  t.match(await page.textContent('main'), /ẩn danh/);
  await inFirstScreen(t, page, 'main form button[type=submit]', 'the start button');
  t.match(await page.textContent('main'), /Khoảng 6 phút, gồm 10 trang câu hỏi/);
  t.notOk(await page.locator('details.privacy ul').isVisible(), 'the privacy notice folded');
  await page.locator('details.privacy summary').click();
  t.ok(await page.locator('details.privacy ul').isVisible(), 'and open on a tap');
  t.match(await page.textContent('details.privacy'), /lưu giữ 5 năm/);
  await expectAccessible(t, page, 'intro with the privacy notice open (vi)');
  await page.locator('details.privacy summary').click();
  await expectAccessible(t, page, 'intro (vi)');
  await submitForm(page);
  t.equal(new URL(page.url()).pathname, '/s/SP-D/p/1');

  // Continue without answering: the errors are listed, linked, and fixed.
  await expectAccessible(t, page, 'page 1 (vi)');
  await page.locator('fieldset.question').first().locator('label').nth(4).click();
  await submitForm(page);
  t.equal(new URL(page.url()).pathname, '/s/SP-D/p/1', 'the same page again');
  t.match(await page.title(), /^Lỗi: /);
  const summary = page.locator('.error-summary');
  t.ok(await summary.isVisible(), 'an error summary');
  t.equal(await summary.locator('a').count(), 4, 'one link per unanswered question');
  t.ok(await page.locator('#q-E1-1-5').isChecked(), 'the answer given is kept');
  await expectAccessible(t, page, 'page 1 with errors (vi)');
  await summary.locator('a').first().click();
  t.equal(new URL(page.url()).hash, '#q-E1-2-1', 'the link goes to the question');
  const pages = await walk(t, page, 'vi', 'yes');
  t.same(
    pages.map((p) => p.replace('/s/SP-D/p/', '')),
    ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'],
    'Có: the E5 criteria are asked',
  );

  t.match(await page.textContent('h1'), /Kiểm tra câu trả lời/);
  t.match(await page.textContent('main'), /Cơ quan có bố trí hình thức tiếp nhận/);
  await expectAccessible(t, page, 'review (vi)');
  const responseId = await page.locator('input[name=response_id]').getAttribute('value');
  // A second tab on the same review, sent after the first: both see the thank-you page.
  const tab = await page.context().newPage();
  await tab.goto('/s/SP-D/review');
  let posts = 0;
  page.context().on('request', (r) => {
    if (r.method() === 'POST' && r.url().endsWith('/s/SP-D/review')) posts++;
  });
  // Two clicks in a row: the browser may cancel the first navigation, the server must not care.
  await page.locator('main form button[type=submit]').dblclick();
  await page.locator('h1', { hasText: 'Cảm ơn' }).waitFor();
  await page.waitForLoadState('load');
  t.equal(new URL(page.url()).pathname, '/s/SP-D/thanks');
  t.match(await page.textContent('h1'), /Cảm ơn Ông\/Bà đã đánh giá/);
  await expectAccessible(t, page, 'thank-you page (vi)');
  await submitForm(tab);
  t.equal(new URL(tab.url()).pathname, '/s/SP-D/thanks', 'the second tab gets the thank-you page too');
  await tab.close();
  await page.goBack();
  await page.waitForLoadState('load');
  t.notMatch(page.url(), /\/review$/, 'back after sending does not offer the review again');
  t.ok(posts >= 2, `the form was sent ${posts} times`);
  t.equal(await count(responseId!), 1, 'and one response is stored');
  const row = await harness.database.db
    .selectFrom('responses')
    .select(['answers', 'locale'])
    .where('id', '=', responseId!)
    .executeTakeFirstOrThrow();
  const answers = (typeof row.answers === 'string' ? JSON.parse(row.answers) : row.answers) as Record<string, unknown>;
  t.equal(answers['E5.0'], 1);
  t.equal(answers['E5.S'], 4);
  t.equal(row.locale, 'vi');
  t.strictSame(csp, [], 'no Content-Security-Policy violations');
});

t.test('SIPAS in English on a phone through the toggle: E5 = Không, errors in English', async (t) => {
  const page = await harness.newPage(PHONE);
  await page.goto('/s/SP-D');
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'English' }).click()]);
  t.equal(new URL(page.url()).pathname, '/s/SP-D', 'the toggle keeps the citizen on the survey');
  t.equal(await page.getAttribute('html', 'lang'), 'en');
  await inFirstScreen(t, page, 'main form button[type=submit]', 'the start button (en)');
  await expectAccessible(t, page, 'intro (en)');
  await submitForm(page);

  await submitForm(page);
  t.match(await page.title(), /^Error: /);
  t.equal(await page.locator('.error-summary a').count(), 5);
  await expectAccessible(t, page, 'page 1 with errors (en)');
  const pages = await walk(t, page, 'en', 'no');
  t.notOk(pages.includes('/s/SP-D/p/6'), 'Không: the E5 criteria are skipped');

  // Mid-review toggle keeps the page and the answers.
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Tiếng Việt' }).click()]);
  t.equal(new URL(page.url()).pathname, '/s/SP-D/review');
  t.equal(await page.getAttribute('html', 'lang'), 'vi');
  t.match(await page.textContent('main'), /Friendly staff\./);
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'English' }).click()]);
  t.match(await page.textContent('h1'), /Check your answers/);
  t.notMatch(await page.textContent('main'), /The agency provides a way to give comments/);
  await expectAccessible(t, page, 'review (en)');

  // A change with an error: four expectations where at most three are allowed, then fixed.
  await Promise.all([page.waitForNavigation(), page.locator('a[href="/s/SP-D/p/8?return=review"]').click()]);
  const options = page.locator('fieldset.question label');
  await options.nth(1).click();
  await options.nth(3).click();
  await submitForm(page);
  t.match(await page.title(), /^Error: /, 'too many expectations');
  t.match(await page.textContent('.error-summary'), /Choose at most 3/);
  await expectAccessible(t, page, 'expectations with an error (en)');
  await options.nth(3).click();
  await submitForm(page);
  t.equal(new URL(page.url()).pathname, '/s/SP-D/review', 'fixed, and back to the review');

  const responseId = await page.locator('input[name=response_id]').getAttribute('value');
  await submitForm(page);
  t.match(await page.textContent('h1'), /Thank you for your feedback/);
  await expectAccessible(t, page, 'thank-you page (en)');
  const row = await harness.database.db
    .selectFrom('responses')
    .select(['answers', 'locale'])
    .where('id', '=', responseId!)
    .executeTakeFirstOrThrow();
  const answers = (typeof row.answers === 'string' ? JSON.parse(row.answers) : row.answers) as Record<string, unknown>;
  t.equal(row.locale, 'en');
  t.same(
    Object.keys(answers).filter((k) => k.startsWith('E5.')),
    ['E5.0'],
    'no E5 criteria stored',
  );
});

t.test('a returning citizen at 360 × 740: told so, continues, or starts again with nothing kept', async (t) => {
  for (const lang of ['vi', 'en'] as const) {
    const page = await harness.newPage({ ...PHONE, locale: lang });
    await page.goto('/s/SP-D');
    await submitForm(page);
    await answerPage(page, 'yes');
    await submitForm(page);
    t.equal(new URL(page.url()).pathname, '/s/SP-D/p/2');

    // Later, from the QR code again.
    await page.goto('/s/SP-D');
    const panel = page.locator('section.resume');
    t.ok(await panel.isVisible(), `the intro says the survey is under way (${lang})`);
    t.match(await panel.textContent(), lang === 'vi' ? /Ông\/Bà đang trả lời dở phiếu này/ : /You have started this survey/);
    const cont = panel.getByRole('link', { name: lang === 'vi' ? 'Tiếp tục' : 'Continue' });
    const restart = panel.getByRole('button', { name: lang === 'vi' ? 'Bắt đầu lại' : 'Start again' });
    await inFirstScreen(t, page, 'section.resume a.button', `Tiếp tục (${lang})`);
    await inFirstScreen(t, page, 'section.resume button', `Bắt đầu lại (${lang})`);
    t.equal(await page.locator('main form[action="/s/SP-D"]').count(), 0, 'no plain start button beside them');
    await expectAccessible(t, page, `intro of a returning citizen (${lang})`);

    await Promise.all([page.waitForNavigation(), cont.click()]);
    t.equal(new URL(page.url()).pathname, '/s/SP-D/p/2', 'Tiếp tục: where the citizen stopped');
    await page.goto('/s/SP-D/p/1');
    t.equal(await page.locator('input:checked').count(), 5, 'with the answers given');

    await page.goto('/s/SP-D');
    const cookie = (await page.context().cookies()).find((c) => c.name === 'hl_survey')!.value;
    await Promise.all([page.waitForNavigation(), page.locator('section.resume button').click()]);
    t.equal(new URL(page.url()).pathname, '/s/SP-D/p/1', 'Bắt đầu lại: page 1');
    t.equal(await page.locator('input:checked').count(), 0, 'with nothing of the old answers');
    await progressShown(t, page, 1, lang);
    const newCookie = (await page.context().cookies()).find((c) => c.name === 'hl_survey')!.value;
    t.not(newCookie, cookie, 'a new draft');
    const old = await harness.database.db
      .selectFrom('survey_drafts')
      .select('id_hash')
      .where('id_hash', '=', draftIdHash(cookie))
      .executeTakeFirst();
    t.equal(old, undefined, 'the old draft is discarded');
  }
});

t.test('at 360 × 740 the walk is shorter: page heights and taps', async (t) => {
  const page = await harness.newPage(PHONE);
  const f = await walkSurvey(page, '/s/SP-D');
  const heights = Object.fromEntries(f.screens.map((s) => [s.path.replace('/s/SP-D', '') || 'intro', s.height]));
  t.comment(`heights at 360 px: ${JSON.stringify(heights)}; taps: ${f.taps}; start button bottom: ${Math.round(f.startButtonBottom)} px`);
  t.equal(f.screens.length, 13, 'intro, ten pages, review, thank-you');
  t.ok(f.startButtonBottom <= PHONE.height, 'the start button needs no scrolling');
  t.ok(heights['/p/1']! <= 1800, `page 1 is ${heights['/p/1']} px (2,891 before the two-column scales)`);
  const pages = f.screens.filter((s) => /\/p\/\d+$/.test(s.path));
  const total = pages.reduce((a, s) => a + s.height, 0);
  t.ok(total <= 16_000, `the ten pages are ${total} px together (21,506 before)`);
  t.equal(f.taps, 52, 'one tap per answer, per page and to start and send: none added');
  await page.goto('/s/SP-D');
  await submitForm(page);
  const sizes = await page.locator('.choice label').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height));
  t.ok(
    sizes.length === 30 && sizes.every((h) => h >= 44),
    `every answer is a target of at least 44 px (smallest ${Math.min(...sizes)} px)`,
  );
  const widths = await page.locator('.choices-grid .choice label').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().width));
  t.ok(
    widths.length > 0 && widths.every((w) => w >= 44),
    `and at least 44 px wide in two columns (narrowest ${Math.round(Math.min(...widths))} px)`,
  );
});

t.test('a review with a submit error, and the other survey pages, pass axe in both languages', async (t) => {
  for (const locale of ['vi', 'en'] as const) {
    const page = await harness.newPage({ ...PHONE, locale });
    await page.goto('/s/SP-D');
    await submitForm(page);
    await page.goto('/s/SP-D/review');
    await submitForm(page);
    t.match(await page.title(), locale === 'vi' ? /^Lỗi: / : /^Error: /, `review with errors (${locale})`);
    t.ok(await page.locator('.error-summary').isVisible());
    await expectAccessible(t, page, `review with errors (${locale})`);

    await page.goto('/c/P-QUICK');
    await expectAccessible(t, page, `campaign intro with a choice of places (${locale})`);
    await submitForm(page);
    await expectAccessible(t, page, `campaign intro with an error (${locale})`);
    await page.goto('/s/SP-D/rated');
    await expectAccessible(t, page, `already rated (${locale})`);
    await page.goto('/s/SP-D?d=broken.token');
    await expectAccessible(t, page, `bad link (${locale})`);
  }
});

t.test('at 320 px nothing scrolls sideways and answers are large tap targets', async (t) => {
  const page = await harness.newPage({ width: 320, height: 640 });
  const wide = async (what: string) => {
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    t.ok(width <= 320, `${what} is ${width} px wide at 320 px`);
  };
  await page.goto('/s/SP-D');
  await wide('intro');
  await submitForm(page);
  await wide('page 1');
  const sizes = await page.locator('.choice label').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height));
  t.ok(sizes.length > 0 && sizes.every((h) => h >= 44), `answer rows are at least 44 px high (smallest ${Math.min(...sizes)} px)`);
  await submitForm(page);
  await wide('page 1 with errors');
  for (const n of [6, 8, 9, 10]) {
    await page.goto(`/s/SP-D/p/${n}`);
    await wide(`page ${n}`);
  }
  await page.goto('/s/SP-D/review');
  await wide('review');
  await page
    .locator('.choice')
    .first()
    .isVisible()
    .catch(() => false);
  await page.goto('/s/SP-D/p/1');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  const focus = await page.evaluate(() => {
    const el = document.activeElement as HTMLElement;
    const row = el.closest('.choice') ?? el;
    const s = getComputedStyle(row);
    return { tag: el.tagName, outline: s.outlineStyle, width: parseFloat(s.outlineWidth), shadow: s.boxShadow };
  });
  t.equal(focus.tag, 'INPUT', 'Tab reaches the answers');
  t.ok(
    (focus.outline !== 'none' && focus.width >= 2) || focus.shadow !== 'none',
    `the focused answer row shows it (${focus.outline} ${focus.width}px)`,
  );
});
