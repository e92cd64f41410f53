// The counter kiosk in Chromium, against the real app on a real port: pairing, one-tap ratings,
// the offline queue (50 ratings with the network off and a reload in the middle), a server stopped
// in the middle of a sync and started again on the same port and database, the tap right after the
// thank-you (never refused: counted at the default interval, stored flagged past a long one),
// reasons and the English toggle, the idle reset, refusals, revocation — with axe on every screen
// and every touch target measured. The page's clock is Playwright's fake clock (started an hour
// back, so that ratings are never "in the future"), so thank-you screens, idle timers and retry
// backoffs take no real time.
import t from 'tap';
import type { BrowserContext, Page } from 'playwright-core';
import { revokeKiosk, setKioskMinInterval, updateKioskSettings, defaultKioskQuestionnaireId } from '../../server/db/queries/kiosks.ts';
import { expectAccessible, launchChromium, watchCsp } from '../helpers/browser.ts';
import { freshDatabase } from '../helpers/database.ts';
import { uuidv7 } from '../helpers/kiosk.ts';
import {
  createdTwice,
  indicator,
  kioskPlace,
  pairKiosk,
  rate,
  smallTouchTargets,
  startKioskServer,
  storedRatings,
  waitFor,
  type KioskPlace,
  type KioskServer,
  type RatingReply,
} from '../helpers/kiosk-browser.ts';

type Db = Awaited<ReturnType<typeof freshDatabase>>;

let database: Db;
let server: KioskServer;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let place: KioskPlace;
/** Every rating reply of every server instance of this file. */
const replies: RatingReply[] = [];

/** The paired kiosk that the tests below use one after another, like a real counter's day. */
let kiosk: { context: BrowserContext; page: Page; kioskId: number; csp: string[]; historyLength: number };

t.before(async () => {
  database = await freshDatabase();
  server = await startKioskServer(database);
  browser = await launchChromium();
  place = await kioskPlace(database.db);
});
t.teardown(async () => {
  await browser?.close();
  await server?.close();
  await database?.close();
});

async function newContext(viewport = { width: 1280, height: 800 }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: server.baseUrl, viewport, locale: 'vi-VN', hasTouch: true });
  await context.clock.install({ time: Date.now() - 3600_000 });
  return { context, page: await context.newPage() };
}

const drained = (page: Page, rows: number, tickMs?: number) =>
  waitFor(
    page,
    `${rows} stored ratings and an empty queue`,
    async () => (await storedRatings(database.db)).rows === rows && (await indicator(page)).queued === 0,
    tickMs ? { tickMs, timeoutMs: 60_000 } : { timeoutMs: 60_000 },
  );

/** The staff indicator's queue length once it has settled on `n` (or whatever it shows after 10 s). */
async function queuedSettles(page: Page, n: number): Promise<number> {
  await waitFor(page, `${n} queued`, async () => (await indicator(page)).queued === n, { timeoutMs: 10_000 }).catch(() => {});
  return (await indicator(page)).queued;
}

async function storedIds(): Promise<string[]> {
  const rows = await database.db.selectFrom('responses').select('id').where('channel', '=', 'kiosk').execute();
  return rows.map((r) => r.id).sort();
}

/** Ids the server said it created: each must be a stored row, and every stored row one of them. */
interface Asserts {
  equal(found: unknown, wanted: unknown, message: string): unknown;
  strictSame(found: unknown, wanted: unknown, message: string): unknown;
}

async function expectStoredOnce(tt: Asserts, expected: number) {
  const counts = await storedRatings(database.db);
  tt.equal(counts.rows, expected, `exactly ${expected} ratings stored`);
  tt.equal(counts.distinct, counts.rows, 'no id stored twice');
  tt.strictSame(createdTwice([...replies, ...server.replies]), [], 'no id was ever answered "created" twice');
  const created = new Set([...replies, ...server.replies].filter((r) => r.status === 201).map((r) => r.id));
  tt.strictSame(await storedIds(), [...created].sort(), 'the stored ratings are exactly those the server confirmed as created');
}

t.test('pairing: the unpaired page, a bad code, then a paired kiosk on its rating screen', async (t) => {
  const stranger = await newContext();
  const unpaired = await stranger.page.goto('/kiosk');
  t.equal(unpaired?.status(), 401, 'an unpaired device gets 401 at /kiosk');
  t.match(await stranger.page.textContent('h1'), /Thiết bị chưa được ghép nối/, 'telling staff to pair it');
  await expectAccessible(t, stranger.page, 'unpaired device page');

  const bad = await stranger.page.goto('/kiosk/pair/ZZZZZ-ZZZZZ');
  t.equal(bad?.status(), 404, 'an unknown pairing code is 404');
  t.match(await stranger.page.textContent('h1'), /Mã ghép nối không hợp lệ hoặc đã hết hạn/, 'with the pairing error');
  await expectAccessible(t, stranger.page, 'pairing error page');

  const { context, page } = await newContext();
  const csp = watchCsp(page);
  const { kioskId, code } = await pairKiosk(database.db, page, place);
  t.equal(new URL(page.url()).pathname, '/kiosk', 'pairing lands on /kiosk');
  t.equal(await page.getAttribute('html', 'lang'), 'vi', 'in Vietnamese');
  t.equal((await page.textContent('.k-place-name'))?.trim(), 'Bộ phận Một cửa — Quầy số 1', 'showing the service point');
  t.strictSame(
    await page.locator('.k-face .k-face-word').allTextContents(),
    ['Không hài lòng', 'Bình thường', 'Hài lòng', 'Rất hài lòng'],
    'four faces with the words of the questionnaire scale',
  );
  t.equal(await page.locator('.k-officer').count(), 0, 'no officer line while none is set');
  await expectAccessible(t, page, 'kiosk start screen');
  t.strictSame(await smallTouchTargets(page), [], 'every touch target of the start screen is at least 64 × 64 px');

  const again = await stranger.page.goto(`/kiosk/pair/${code}`);
  t.ok([404, 410].includes(again?.status() ?? 0), 'the pairing code works only once');
  await stranger.context.close();

  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  t.pass('the service worker controls the kiosk page');
  kiosk = { context, page, kioskId, csp, historyLength: await page.evaluate(() => history.length) };
});

t.test('ten ratings are stored, once each', async (t) => {
  const { page } = kiosk;
  // The bulk tests tap as fast as the thank-you screen allows.
  await setKioskMinInterval(database.db, kiosk.kioskId, 0);
  await page.reload();
  await page.locator('.k-start .k-face').first().waitFor();
  kiosk.historyLength = await page.evaluate(() => history.length);

  for (const value of [4, 3, 4, 2, 4, 3, 1, 4, 3, 4]) await rate(page, value);
  await drained(page, 10);
  await expectStoredOnce(t, 10);
  t.equal((await indicator(page)).online, true, 'the indicator shows the device online');
  t.match(await page.textContent('.k-staff'), /Trực tuyến · Chờ gửi: 0/, 'in words staff can read');

  await database.db
    .updateTable('kiosks')
    .set({ last_seen_at: null, app_version: null, queue_length: null })
    .where('id', '=', kiosk.kioskId)
    .execute();
  await page.clock.runFor(60_000);
  await waitFor(page, 'a heartbeat', async () => {
    const row = await database.db.selectFrom('kiosks').select('last_seen_at').where('id', '=', kiosk.kioskId).executeTakeFirstOrThrow();
    return row.last_seen_at !== null;
  });
  const beat = await database.db
    .selectFrom('kiosks')
    .select(['app_version', 'queue_length'])
    .where('id', '=', kiosk.kioskId)
    .executeTakeFirstOrThrow();
  t.strictSame(beat, { app_version: '1.1.0', queue_length: 0 }, 'the heartbeat every 60 s reports the app version and the queue length');
  t.equal(await page.evaluate(() => history.length), kiosk.historyLength, 'no history entries were added');
});

t.test('offline: 50 ratings with a reload in the middle, then back online', async (t) => {
  const { context, page } = kiosk;
  await context.setOffline(true);
  await waitFor(page, 'the offline indicator', async () => !(await indicator(page)).online);

  for (let i = 0; i < 30; i++) await rate(page, (i % 4) + 1);
  t.equal(await queuedSettles(page, 30), 30, '30 ratings wait on the device');

  const reloaded = await page.reload();
  t.ok(reloaded?.fromServiceWorker(), 'the reload offline is answered by the service worker');
  await page.locator('.k-start .k-face').first().waitFor();
  t.pass('the rating screen is back after an offline reload');
  t.equal(await queuedSettles(page, 30), 30, 'the 30 queued ratings survived the reload');

  for (let i = 0; i < 20; i++) await rate(page, (i % 4) + 1);
  t.equal(await queuedSettles(page, 50), 50, '50 ratings wait on the device');
  t.equal((await storedRatings(database.db)).rows, 10, 'none reached the server');

  await context.setOffline(false);
  await drained(page, 60);
  await expectStoredOnce(t, 60);
});

t.test('the server stops in the middle of a sync and comes back: still exactly once', async (t) => {
  const { context, page } = kiosk;
  await context.setOffline(true);
  await waitFor(page, 'the offline indicator', async () => !(await indicator(page)).online);
  for (let i = 0; i < 40; i++) await rate(page, (i % 4) + 1);
  t.equal(await queuedSettles(page, 40), 40, '40 ratings queued');

  // The 15th rating is stored, but the connection dies before its 201 leaves and the server stops.
  const stopped = server.cutAfterCreated(15);
  await context.setOffline(false);
  await stopped;
  replies.push(...server.replies);
  const port = server.port;
  const cutId = server.replies.filter((r) => r.status === 201).at(-1)!.id;
  t.equal((await storedRatings(database.db)).rows, 75, '15 of the 40 reached the database before the stop');
  await waitFor(page, 'the failed send', async () => !(await indicator(page)).online);
  t.equal(await queuedSettles(page, 26), 26, 'the unconfirmed 15th stays queued with the 25 unsent');

  // With the server down for real, a reload can only come from the service worker's cache.
  await page.reload();
  await page.locator('.k-start .k-face').first().waitFor();
  t.pass('a reload with the server down still shows the rating screen');
  t.equal(await queuedSettles(page, 26), 26, 'with the same 26 waiting');

  server = await startKioskServer(database, { port });
  t.equal(server.port, port, 'the server is back on the same port');
  // Nothing but the device's own timers triggers the retry here.
  await drained(page, 100, 2000);
  await expectStoredOnce(t, 100);
  t.ok(
    server.replies.some((r) => r.id === cutId && r.status === 200),
    'the rating whose confirmation was lost was sent again and answered as a replay',
  );
});

/** The latest `n` kiosk ratings, oldest first: stored status and whether they count. */
async function latestRatings(n: number) {
  const rows = await database.db
    .selectFrom('responses as r')
    .innerJoin('kiosk_ratings as k', 'k.response_id', 'r.id')
    .select(['r.answers', 'r.status', 'r.status_reason', 'k.counted', 'r.submitted_at'])
    .where('r.channel', '=', 'kiosk')
    .orderBy('r.submitted_at', 'desc')
    .limit(n)
    .execute();
  return rows.reverse();
}

t.test('a tap right after the reset is never lost: it counts at the default interval, and is stored flagged past a long one', async (t) => {
  const { page } = kiosk;
  // The default 5 s: the thank-you stays until the interval has passed, then the next citizen taps.
  await setKioskMinInterval(database.db, kiosk.kioskId, 5);
  await page.clock.runFor(6000);
  await page.reload();
  await page.locator('.k-start .k-face').first().waitFor();
  const before = (await storedRatings(database.db)).rows;
  const mark = server.replies.length;

  await page.locator('.k-start .k-face[data-value="4"]').click();
  await page.locator('.k-thanks h1').waitFor();
  await page.clock.runFor(4500);
  t.equal(await page.locator('.k-thanks').count(), 1, 'at 4.5 s the thank-you is still there: the interval has not passed');
  await page.clock.runFor(600);
  await page.locator('.k-start .k-face').first().waitFor();
  t.pass('at 5 s the start screen is back');
  await page.locator('.k-start .k-face[data-value="3"]').click();
  t.equal(await page.locator('.k-thanks').count(), 1, 'the tap right after the reset is taken: the citizen is thanked');
  t.equal(await page.locator('.k-wait').count(), 0, 'no "Vui lòng chờ" anywhere');
  await page.clock.runFor(5100);
  await page.locator('.k-start .k-face').first().waitFor();
  await drained(page, before + 2);
  t.equal(server.replies.length - mark, 2, 'both ratings were sent');
  const pair = await latestRatings(2);
  t.strictSame(
    pair.map((r) => [r.answers, r.status, r.counted]),
    [
      [{ 'Q.OVERALL': 4 }, 'valid', true],
      [{ 'Q.OVERALL': 3 }, 'valid', true],
    ],
    'both stored, both counted: the second came exactly as the interval allowed',
  );
  t.ok(pair[1]!.submitted_at.getTime() - pair[0]!.submitted_at.getTime() >= 5000, 'five seconds apart');

  // A long interval (30 s): the thank-you waits at most 10 s; a tap then is stored and flagged, as
  // the settings page says ("vẫn được lưu nhưng bị đánh dấu").
  await setKioskMinInterval(database.db, kiosk.kioskId, 30);
  await page.clock.runFor(31_000);
  await page.reload();
  await page.locator('.k-start .k-face').first().waitFor();
  await page.locator('.k-start .k-face[data-value="4"]').click();
  await page.locator('.k-thanks h1').waitFor();
  await page.clock.runFor(9500);
  t.equal(await page.locator('.k-thanks').count(), 1, 'at 9.5 s the thank-you is still there');
  await page.clock.runFor(600);
  await page.locator('.k-start .k-face').first().waitFor();
  t.pass('at 10 s the next citizen may tap, though the 30 s have not passed');
  await page.locator('.k-start .k-face[data-value="3"]').click();
  t.equal(await page.locator('.k-thanks').count(), 1, 'the early tap is thanked like any other');
  await page.clock.runFor(10_100);
  await page.locator('.k-start .k-face').first().waitFor();
  await drained(page, before + 4);
  const late = await latestRatings(2);
  t.strictSame(
    late.map((r) => [r.answers, r.status, r.status_reason, r.counted]),
    [
      [{ 'Q.OVERALL': 4 }, 'valid', null, true],
      [{ 'Q.OVERALL': 3 }, 'flagged', 'burst', false],
    ],
    'the tap inside the interval is stored, flagged "burst" and left out of the count',
  );
  await expectAccessible(t, page, 'start screen after an early tap');
  await setKioskMinInterval(database.db, kiosk.kioskId, 5);
  await page.clock.runFor(31_000);
});

t.test('a low rating: English, reasons, a comment, thank-you, then Vietnamese again', async (t) => {
  const { page } = kiosk;
  const questionnaireId = await defaultKioskQuestionnaireId(database.db);
  await updateKioskSettings(database.db, kiosk.kioskId, {
    name: 'Kiosk quầy 1',
    questionnaireId,
    minIntervalSeconds: 5,
    officerName: 'Nguyễn Thị Lan',
  });
  await page.clock.runFor(6000);
  await page.reload();
  await page.locator('.k-start .k-face').first().waitFor();
  t.equal((await page.textContent('.k-officer'))?.trim(), 'Cán bộ phục vụ: Nguyễn Thị Lan', 'the officer on duty is shown');
  const before = (await storedRatings(database.db)).rows;
  const historyLength = await page.evaluate(() => history.length);

  await page.locator('.k-lang').click();
  t.equal(await page.getAttribute('html', 'lang'), 'en', 'the toggle switches the page language to English');
  t.equal((await page.textContent('h1'))?.trim(), 'How satisfied are you with the service today?', 'the question in English');
  t.match(await page.textContent('.k-officer'), /Serving officer: Nguyễn Thị Lan/, 'the officer line in English');
  await expectAccessible(t, page, 'start screen in English');

  await page.locator('.k-face[data-value="1"]').click();
  await page.locator('.k-reasons').waitFor();
  t.equal((await page.textContent('h1'))?.trim(), 'What was not good enough?', 'the reasons question');
  t.equal(await page.locator('.k-chip').count(), 7, 'every reason as a chip');
  await page.locator('.k-chip[data-value="waiting"]').click();
  await page.locator('.k-chip[data-value="attitude"]').click();
  await page.locator('.k-chip[data-value="late"]').click();
  await page.locator('.k-chip[data-value="late"]').click();
  t.strictSame(
    await page.locator('.k-chip[aria-pressed="true"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-value'))),
    ['waiting', 'attitude'],
    'chips are multi-select and a second tap unselects',
  );
  await page.fill('#k-comment-text', 'Phải chờ quá lâu ở quầy');
  await expectAccessible(t, page, 'reasons screen (English)');
  t.strictSame(await smallTouchTargets(page), [], 'every touch target of the reasons screen is at least 64 × 64 px');
  await page.locator('.k-lang').click();
  t.equal(await page.getAttribute('html', 'lang'), 'vi', 'the toggle works on the reasons screen too');
  t.equal(await page.inputValue('#k-comment-text'), 'Phải chờ quá lâu ở quầy', 'keeping what the citizen typed');
  t.equal(await page.locator('.k-chip[aria-pressed="true"]').count(), 2, 'and the chips chosen');
  await expectAccessible(t, page, 'reasons screen (Vietnamese)');
  await page.locator('.k-lang').click();

  await page.locator('.k-send').click();
  await page.locator('.k-thanks').waitFor();
  t.equal((await page.textContent('h1'))?.trim(), 'Thank you!', 'thanked in English');
  await expectAccessible(t, page, 'thank-you screen');
  await page.clock.runFor(3000);
  t.equal(await page.locator('.k-thanks').count(), 1, 'the thank-you is still there after 3 s');
  await page.clock.runFor(2100);
  await page.locator('.k-start').waitFor();
  t.pass('and gone after 5 s (the kiosk minimum interval), back at the start');
  t.equal(await page.getAttribute('html', 'lang'), 'vi', 'the next citizen starts in Vietnamese');
  t.equal((await page.textContent('.k-lang'))?.trim(), 'English', 'with the toggle offering English again');
  t.equal(await page.locator('textarea').count(), 0, 'no form of the previous citizen remains');
  t.equal(await page.evaluate(() => history.length), historyLength, 'no history entries');

  await drained(page, before + 1);
  const stored = await database.db
    .selectFrom('responses')
    .leftJoin('response_comments', 'response_comments.response_id', 'responses.id')
    .select(['responses.answers', 'responses.locale', 'response_comments.body'])
    .where('channel', '=', 'kiosk')
    .orderBy('submitted_at', 'desc')
    .executeTakeFirstOrThrow();
  t.strictSame(stored.answers, { 'Q.OVERALL': 1, 'Q.REASON': ['waiting', 'attitude'] }, 'the rating and the reasons are stored');
  t.equal(stored.locale, 'en', 'with the language the citizen used');
  t.equal(stored.body, 'Phải chờ quá lâu ở quầy', 'the comment is stored apart');
  const link = await database.db
    .selectFrom('kiosk_ratings')
    .select(['officer_name'])
    .orderBy('submitted_at', 'desc')
    .executeTakeFirstOrThrow();
  t.equal(link.officer_name, 'Nguyễn Thị Lan', 'the officer is recorded apart from the answers');
});

t.test('idle for 60 s on any step goes back to the start with nothing left', async (t) => {
  const { page } = kiosk;
  await page.clock.runFor(6000);
  const before = (await storedRatings(database.db)).rows;
  const comments = await database.db
    .selectFrom('response_comments')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();

  await page.locator('.k-lang').click();
  await page.clock.runFor(59_000);
  t.equal(await page.getAttribute('html', 'lang'), 'en', 'still in English after 59 s');
  await page.clock.runFor(1_500);
  await waitFor(page, 'the reset to Vietnamese', async () => (await page.getAttribute('html', 'lang')) === 'vi');
  t.pass('idle on the start screen returns to Vietnamese');

  await page.locator('.k-lang').click();
  await page.locator('.k-face[data-value="2"]').click();
  await page.locator('.k-chip[data-value="guidance"]').click();
  await page.fill('#k-comment-text', 'Bỏ đi giữa chừng');
  await page.clock.runFor(30_000);
  await page.locator('.k-chip[data-value="facilities"]').click(); // a touch restarts the countdown
  await page.clock.runFor(45_000);
  t.equal(await page.locator('.k-reasons').count(), 1, 'a touch restarts the idle countdown');
  await page.clock.runFor(16_000);
  await page.locator('.k-start').waitFor();
  t.pass('idle on the reasons step returns to the start');
  t.equal(await page.getAttribute('html', 'lang'), 'vi', 'in Vietnamese');
  t.equal(await page.locator('textarea, .k-chip').count(), 0, 'with no chip and no comment box left');

  await drained(page, before + 1);
  const last = await database.db
    .selectFrom('responses')
    .select(['answers'])
    .where('channel', '=', 'kiosk')
    .orderBy('submitted_at', 'desc')
    .executeTakeFirstOrThrow();
  t.strictSame(
    last.answers,
    { 'Q.OVERALL': 2, 'Q.REASON': ['guidance', 'facilities'] },
    'the face tapped and the chips chosen still count',
  );
  const commentsAfter = await database.db
    .selectFrom('response_comments')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  t.equal(commentsAfter.n, comments.n, 'the comment never sent is not stored');

  await page.clock.runFor(6000);
  await page.locator('.k-face[data-value="1"]').click();
  await page.locator('.k-back').click();
  await page.locator('.k-start').waitFor();
  await page.clock.runFor(1000);
  t.equal((await indicator(page)).queued, 0, '"Quay lại" records nothing');
  t.equal((await storedRatings(database.db)).rows, before + 1, 'and stores nothing');

  const cached = await page.evaluate(async () => {
    const out: { url: string; method: string; body: string }[] = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        const res = await cache.match(request);
        out.push({ url: new URL(request.url).pathname, method: request.method, body: res ? await res.text() : '' });
      }
    }
    return out;
  });
  t.ok(
    cached.some((c) => c.url === '/kiosk') && cached.some((c) => c.url === '/kiosk/api/config'),
    'the shell and the configuration are cached',
  );
  t.ok(
    cached.every((c) => c.method === 'GET' && (c.url === '/kiosk' || c.url === '/kiosk/api/config' || c.url.startsWith('/public/kiosk/'))),
    'nothing else is cached',
  );
  t.notOk(
    cached.some((c) => /Phải chờ|Bỏ đi|Q\.REASON"\s*:\s*\[/.test(c.body)),
    'no cached response holds an answer or a comment',
  );
});

t.test('touch targets stay at least 64 × 64 px on a portrait tablet and a small landscape screen', async (t) => {
  const { page } = kiosk;
  for (const size of [
    { width: 800, height: 1280 },
    { width: 1024, height: 600 },
  ]) {
    await page.setViewportSize(size);
    await page.clock.runFor(6000);
    t.strictSame(await smallTouchTargets(page), [], `start screen at ${size.width} × ${size.height}`);
    await page.locator('.k-face[data-value="2"]').click();
    await page.locator('.k-reasons').waitFor();
    t.strictSame(await smallTouchTargets(page), [], `reasons screen at ${size.width} × ${size.height}`);
    await page.locator('.k-back').click();
    await page.locator('.k-start').waitFor();
  }
  await page.setViewportSize({ width: 1280, height: 800 });
});

t.test('refused ratings (409, 422) leave the queue for the rejected store, counted for staff and reported', async (t) => {
  const { context, page } = kiosk;
  const before = (await storedRatings(database.db)).rows;
  const all = await database.db.selectFrom('responses').select(['id', 'submitted_at', 'answers']).where('channel', '=', 'kiosk').execute();
  const existing = all.find((r) => (r.answers as Record<string, unknown>)['Q.OVERALL'] === 4)!;
  const minuteAgo = Date.now() - 60_000;
  const bad = {
    invalid: {
      id: '01900000-0000-7000-8000-000000000001',
      submitted_at: new Date(Date.now() - 1800_000).toISOString(),
      locale: 'vi',
      answers: { 'Q.OVERALL': 9 },
    },
    conflict: { id: existing.id, submitted_at: new Date(existing.submitted_at).toISOString(), locale: 'vi', answers: { 'Q.OVERALL': 1 } },
    // Half an emoji, as a keyboard that cut one in two leaves it: PostgreSQL cannot store it, and
    // before issue 11 the server answered 500, which the device retried, blocking everything behind.
    brokenText: {
      id: '01900000-0000-7000-8000-000000000002',
      submitted_at: new Date(Date.now() - 1700_000).toISOString(),
      locale: 'vi',
      answers: { 'Q.OVERALL': 2 },
      comment: 'Chờ lâu HALF',
    },
  };
  // A good rating queued behind them: it must not wait for them.
  const good = { id: uuidv7(minuteAgo), submitted_at: new Date(minuteAgo).toISOString(), locale: 'vi', answers: { 'Q.OVERALL': 3 } };
  const mark = server.replies.length;
  await page.evaluate(
    async (records: { id: string; comment?: string }[]) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open('hl-kiosk');
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      const tx = db.transaction('queue', 'readwrite');
      for (const r of records) {
        // The broken text is built here, in the page, as the device would hold it.
        const body = JSON.stringify({ ...r, ...(r.comment ? { comment: r.comment.replace('HALF', '\ud83d') } : {}) });
        tx.objectStore('queue').put({ id: r.id, body, queuedAt: new Date().toISOString(), attempts: 0 });
      }
      await new Promise((resolve) => (tx.oncomplete = resolve));
      db.close();
    },
    [bad.invalid, bad.conflict, bad.brokenText, good],
  );
  // The `online` event is one of the triggers of a sync.
  await context.setOffline(true);
  await context.setOffline(false);
  await waitFor(page, 'three refusals', async () => (await indicator(page)).rejected === 3, { tickMs: 1000 });
  await waitFor(page, 'the good rating stored', async () => (await storedRatings(database.db)).rows === before + 1, { tickMs: 1000 });
  t.equal((await indicator(page)).queued, 0, 'the refused ratings left the queue');
  t.match(await page.textContent('.k-staff'), /Bị từ chối: 3/, 'the staff indicator counts them');
  t.equal((await storedRatings(database.db)).rows, before + 1, 'only the good one was stored: the queue was not blocked');
  const statuses = server.replies
    .slice(mark)
    .filter((r) => r.id === bad.invalid.id || r.id === bad.conflict.id || r.id === bad.brokenText.id)
    .map((r) => r.status)
    .sort();
  t.strictSame(statuses, [409, 422, 422], 'each was sent once and refused once, not retried');

  // The next heartbeat (every 60 s) reports them to the server, where staff see them.
  await page.clock.runFor(61_000);
  await waitFor(
    page,
    'the heartbeat report',
    async () =>
      (await database.db.selectFrom('kiosks').select('rejected_count').where('id', '=', kiosk.kioskId).executeTakeFirstOrThrow())
        .rejected_count === 3,
    { tickMs: 1000 },
  );
  t.pass('the server knows the device keeps three refused ratings');
});

t.test('revoked: the kiosk stops at once and says so', async (t) => {
  const { context, page } = kiosk;
  await revokeKiosk(database.db, kiosk.kioskId);
  // The next heartbeat (every 60 s) learns it.
  await page.clock.runFor(61_000);
  await page.locator('.k-revoked').waitFor();
  t.equal((await page.textContent('h1'))?.trim(), 'Thiết bị đã bị thu hồi', 'the kiosk shows "Thiết bị đã bị thu hồi"');
  t.equal(await page.locator('.k-face').count(), 0, 'no face can be tapped');
  await expectAccessible(t, page, 'revoked screen');
  t.strictSame(await page.evaluate(async () => (await caches.keys()).length), 0, 'the cached shell and configuration are gone');

  const reloaded = await page.reload();
  t.equal(reloaded?.status(), 403, 'reloaded, the server answers 403');
  t.match(await page.textContent('h1'), /Thiết bị đã bị thu hồi/, 'with the revoked page');
  await expectAccessible(t, page, 'revoked page (server)');

  await context.setOffline(true);
  const offline = await page.reload().catch(() => null);
  t.ok(!offline || offline.status() !== 200, 'offline, the revoked kiosk gets no cached shell');
  t.equal(await page.locator('.k-face').count(), 0, 'and no rating screen');
  await context.setOffline(false);
  t.strictSame(kiosk.csp, [], 'no Content-Security-Policy violations on the kiosk page');
});

t.test('a device that loses its pairing shows the unpaired screen', async (t) => {
  const { context, page } = await newContext({ width: 1024, height: 768 });
  const csp = watchCsp(page);
  await pairKiosk(database.db, page, place, 'Kiosk quầy 2');
  await context.clearCookies();
  await page.clock.runFor(61_000);
  await page.locator('.k-unpaired').waitFor();
  t.equal((await page.textContent('h1'))?.trim(), 'Thiết bị chưa được ghép nối', 'the kiosk says it is not paired');
  t.match(await page.textContent('.k-device-en'), /This device is not paired/, 'in English too');
  await expectAccessible(t, page, 'unpaired screen');
  t.strictSame(csp, [], 'no Content-Security-Policy violations');
  await context.close();
});
