// Paper keying in Chromium: a clerk keys three SIPAS forms with the keyboard only (digits, Tab,
// Enter; Enter on the save button), sees the client check mirror the server's, and every page —
// choosing, keying, with the client's and the server's errors shown, correcting — is WCAG A/AA clean.
import t from 'tap';
import type { Page } from 'playwright-core';
import { expectAccessible, startBrowserApp, watchCsp, type BrowserApp } from '../helpers/browser.ts';
import { paperFixture, type PaperFixture } from '../helpers/paper.ts';
import { createUser, staffTree } from '../helpers/staff.ts';

let harness: BrowserApp;
let fx: PaperFixture;
let clerk: { id: number; email: string; password: string };

t.before(async () => {
  harness = await startBrowserApp();
  const tree = await staffTree(harness.database.db);
  fx = await paperFixture(harness.database.db, tree);
  clerk = await createUser(harness.database.db, { email: 'clerk@p1.gov.vn', role: 'clerk', agencyId: tree.d1.id });
});
t.teardown(() => harness?.close());

async function signInWithForm(page: Page) {
  await page.goto('/sign-in');
  await page.fill('#email', clerk.email);
  await page.fill('#password', clerk.password);
  await Promise.all([page.waitForLoadState('load'), page.locator('main form button[type=submit]').click()]);
  await page.waitForSelector('h1');
}

const focused = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

/** Types each value into the focused box and moves on with `key`; '' leaves the box blank. */
async function key(page: Page, values: string[], move: 'Enter' | 'Tab') {
  for (const v of values) {
    if (v !== '') await page.keyboard.type(v);
    await page.keyboard.press(move);
  }
}

/** Presses `move` until the field with this id has the focus (at most `max` times). */
async function moveTo(page: Page, id: string, move: 'Enter' | 'Tab', max = 40) {
  for (let i = 0; i < max && (await focused(page)) !== id; i++) await page.keyboard.press(move);
  return focused(page);
}

/** Saves with Enter on the save button and waits for the page that names the saved form. */
interface Asserts {
  equal(found: unknown, wanted: unknown, message: string): unknown;
  match(found: unknown, pattern: RegExp, message: string): unknown;
}

async function saveWithEnter(t: Asserts, page: Page, n: number) {
  t.equal(await moveTo(page, 'paper-save', 'Tab', 3), 'paper-save', `form ${n}: Tab reaches the save button`);
  const before = page.url();
  await Promise.all([page.waitForURL((u) => u.searchParams.has('saved') && u.toString() !== before), page.keyboard.press('Enter')]);
  await page.waitForSelector('#paper-notice');
  t.match(await page.textContent('#paper-notice'), new RegExp(`Đã lưu phiếu số ${n} `), `form ${n}: saved with its number`);
  t.match(await page.textContent('#paper-count'), new RegExp(`đã nhập ${n} phiếu`), `form ${n}: the running count`);
  t.equal(await focused(page), 'q-E1.1', `form ${n}: an empty form, the focus in its first box`);
}

t.test('a clerk keys three forms by keyboard only', async (t) => {
  const page = await harness.newPage();
  const csp = watchCsp(page);
  await signInWithForm(page);
  await page.goto('/admin/paper');
  await expectAccessible(t, page, 'choose page');
  // The only campaign is chosen already; pick the commune's counter and start.
  await page.selectOption('#service_point', fx.servicePoint.c1);
  await page.focus('form[action="/admin/paper/key"] button');
  await Promise.all([page.waitForURL(/\/admin\/paper\/key\?/), page.keyboard.press('Enter')]);
  await page.waitForSelector('#paper-form');
  t.match(page.url(), new RegExp(`campaign=${fx.paperCampaign}&service_point=${fx.servicePoint.c1}`), 'a bookmarkable address');
  await expectAccessible(t, page, 'keying page');
  t.equal(await focused(page), 'q-E1.1', 'the first box has the focus');

  // Form 1: every box, Enter between them; Enter in a box never saves.
  await key(page, ['4', '5', '4', '3', '4'], 'Enter'); // E1.1–E1.4, E1.S
  t.match(page.url(), /key\?campaign=[^&]+&service_point=[^&]+$/, 'Enter moved on without saving');
  await key(page, ['5', '4', '0', '4', '4', '4'], 'Enter'); // E2
  await key(page, ['5', '5', '5', '4', '4', '5', '5'], 'Enter'); // E3
  await key(page, ['4', '4', '4', '4'], 'Enter'); // E4
  t.equal(await focused(page), 'q-E5.0');
  await key(page, ['1'], 'Enter');
  t.equal(await focused(page), 'q-E5.1', 'E5.0 = 1 opens the E5 criteria');
  await key(page, ['3', '4', '3', '3', '3', '4'], 'Enter'); // E5.1–E5.S, OVERALL
  t.equal(await focused(page), 'q-B.TYPE');
  await key(page, ['1', '2', '', '1', '', '', '', ''], 'Enter'); // background selects by option number
  t.equal(await focused(page), 'q-X.IMPROVE-1');
  await page.keyboard.press('Space');
  await key(page, ['', ''], 'Enter');
  await page.keyboard.press('Space'); // the third expectation
  t.equal(await moveTo(page, 'comment', 'Enter', 8), 'comment', 'Enter walks through the checkboxes to the comment');
  await page.keyboard.type('Phòng chờ hơi nóng');
  await saveWithEnter(t, page, 1);

  // Form 2 with Tab: E5.0 = 2 takes the E5 criteria out of the way.
  await key(page, ['3', '3', '3', '3', '3', '2', '2', '2', '2', '2', '2', '4', '4', '4', '4', '4', '4', '4', '5', '5', '5', '5'], 'Tab');
  t.equal(await focused(page), 'q-E5.0');
  await key(page, ['2'], 'Tab');
  t.equal(await focused(page), 'q-OVERALL', 'E5.0 = 2: Tab skips E5.1–E5.S');
  await key(page, ['3'], 'Tab');
  t.equal(await moveTo(page, 'comment', 'Tab', 30), 'comment');
  await saveWithEnter(t, page, 2);

  // Form 3: the client check speaks as soon as a wrong digit is typed, and goes when it is fixed.
  await page.keyboard.type('7');
  await page.waitForSelector('[id="q-E1.1-error"]');
  t.match(await page.textContent('[id="q-E1.1-error"]'), /E1.1: Giá trị không hợp lệ; các giá trị được chấp nhận: 1, 2, 3, 4, 5, 0/);
  t.equal(await page.getAttribute('[id="q-E1.1"]', 'aria-invalid'), 'true');
  t.match(await page.getAttribute('[id="q-E1.1"]', 'aria-describedby'), /q-E1\.1-error/);
  await expectAccessible(t, page, 'keying page with a client-side error');
  await page.keyboard.press('Enter');
  t.equal(await focused(page), 'q-E1.2', 'Enter still moves on');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Backspace');
  await page.keyboard.type('2');
  t.equal(await page.locator('[id="q-E1.1-error"]').count(), 0, 'the message goes once the digit is right');
  await page.keyboard.press('Enter');
  t.equal(await moveTo(page, 'q-OVERALL', 'Enter'), 'q-OVERALL', 'blanks are passed with Enter; E5 is skipped while E5.0 is blank');
  await key(page, ['5'], 'Enter');
  t.equal(await moveTo(page, 'comment', 'Enter'), 'comment');
  await saveWithEnter(t, page, 3);
  await expectAccessible(t, page, 'keying page after a save');

  const rows = await harness.database.db
    .selectFrom('responses as r')
    .innerJoin('response_entries as e', 'e.response_id', 'r.id')
    .leftJoin('response_comments as c', 'c.response_id', 'r.id')
    .select(['r.channel', 'r.answers', 'e.entered_by', 'c.body'])
    .orderBy('e.entered_at')
    .execute();
  t.equal(rows.length, 3, 'three forms stored');
  t.ok(
    rows.every((r) => r.channel === 'paper' && r.entered_by === clerk.id),
    'on paper, entered by the clerk',
  );
  t.match(rows[0]!.answers, {
    'E1.1': 4,
    'E2.3': 0,
    'E5.0': 1,
    'E5.2': 4,
    'E5.S': 3,
    OVERALL: 4,
    'B.TYPE': 'individual',
    'B.FIELD': 'environment',
    'B.TRIPS': '1',
    'X.IMPROVE': ['information', 'simplify'],
  });
  t.equal(rows[0]!.body, 'Phòng chờ hơi nóng');
  t.match(rows[1]!.answers, { 'E5.0': 2, OVERALL: 3 });
  t.notOk('E5.1' in rows[1]!.answers, 'no E5 criteria when E5.0 = 2');
  t.same(rows[2]!.answers, { 'E1.1': 2, OVERALL: 5 }, 'blanks stay blank');

  // The last form may be corrected; the page is accessible too.
  await page.click('#paper-correct-link');
  await page.waitForSelector('#paper-form');
  t.equal(await page.inputValue('[id="q-OVERALL"]'), '5', 'the correction form is prefilled');
  await expectAccessible(t, page, 'correction page');

  // Saved with nothing keyed: the server's error summary.
  await page.goto(`/admin/paper/key?campaign=${fx.paperCampaign}&service_point=${fx.servicePoint.c1}`);
  await Promise.all([page.waitForLoadState('load'), page.click('#paper-save')]);
  await page.waitForSelector('.error-summary');
  t.equal(await focused(page), '', 'the error summary takes the focus');
  t.match(await page.textContent('.error-summary'), /Phiếu chưa có câu trả lời nào/);
  await expectAccessible(t, page, 'keying page with the server’s errors');

  // Wrong digits past the client check (form.submit() skips it): the server's messages by each field.
  await page.fill('[id="q-E1.1"]', '8');
  await page.fill('[id="q-E5.0"]', '2');
  await page.fill('[id="q-OVERALL"]', '4');
  await Promise.all([
    page.waitForLoadState('load'),
    page.evaluate(() => (document.getElementById('paper-form') as HTMLFormElement).submit()),
  ]);
  await page.waitForSelector('.error-summary a[href="#q-E1.1"]');
  t.equal(await page.textContent('[id="q-E1.1-error"]'), 'E1.1: Giá trị không hợp lệ; các giá trị được chấp nhận: 1, 2, 3, 4, 5, 0.');
  t.equal(await page.inputValue('[id="q-E1.1"]'), '8', 'what was typed is kept');
  await expectAccessible(t, page, 'keying page with the server’s field errors');
  t.strictSame(csp, [], 'no Content-Security-Policy violations');
});

t.test('without JavaScript the server checks and keeps what was typed', async (t) => {
  const context = await harness.browser.newContext({ baseURL: harness.baseUrl, javaScriptEnabled: false, locale: 'vi-VN' });
  const page = await context.newPage();
  await signInWithForm(page);
  await page.goto(`/admin/paper/key?campaign=${fx.paperCampaign}&service_point=${fx.servicePoint.c1}`);
  await page.fill('[id="q-E1.1"]', '8');
  await page.fill('[id="q-E5.0"]', '2');
  await page.fill('[id="q-E5.2"]', '4');
  await page.fill('[id="q-OVERALL"]', '4');
  await Promise.all([page.waitForLoadState('load'), page.click('#paper-save')]);
  await page.waitForSelector('.error-summary');
  t.strictSame(
    await page.locator('.error-summary a').evaluateAll((as) => as.map((a) => a.getAttribute('href'))),
    ['#q-E1.1', '#q-E5.2'],
    'each problem links to its field',
  );
  t.equal(await page.inputValue('[id="q-E1.1"]'), '8', 'what was typed is kept');
  t.equal(await page.inputValue('[id="q-OVERALL"]'), '4');
  const stored = await harness.database.db.selectFrom('responses').select('id').execute();
  t.equal(stored.length, 3, 'nothing more stored');
  await context.close();
});
