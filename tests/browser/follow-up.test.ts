// From results to action in Chromium (issue 14), at 360 px in Vietnamese and at 1366 px in English:
// a manager goes from the staff home to the comments inbox, searches without diacritics, follows a
// comment up (an error first, then saved), starts an improvement plan from a weak index of the
// agency page and finds it in the plans list; a coordinator reviews flagged responses; a citizen
// reads the public page as cards, orders it, and leaves a contact after a comment. Every screen is
// WCAG A/AA clean (axe), nothing scrolls sideways, and there is no CSP violation.
import t, { type Test } from 'tap';
import type { Page } from 'playwright-core';
import { contactOffer } from '../../server/domain/contact-offer.ts';
import { foldText } from '../../server/domain/fold.ts';
import { createDemo, type DemoResult } from '../../server/demo/create.ts';
import { expectAccessible, startBrowserApp, watchCsp, type BrowserApp } from '../helpers/browser.ts';
import { testConfig } from '../helpers/app.ts';

let harness: BrowserApp;
let demo: DemoResult;
let servicePoint = '';
let commentId = '';

t.before(async () => {
  harness = await startBrowserApp();
  const db = harness.database.db;
  demo = await createDemo(db, { responses: 1500, now: new Date('2026-11-20T03:00:00Z'), seed: 'follow-up' });
  await harness.app.results.flush();
  // A batch of late kiosk ratings waiting for review.
  const late = await db
    .selectFrom('responses')
    .select('id')
    .where('status', '=', 'valid')
    .where('channel', '=', 'kiosk')
    .limit(6)
    .execute();
  await db
    .updateTable('responses')
    .set({ status: 'flagged', status_reason: 'late' })
    .where(
      'id',
      'in',
      late.map((r) => r.id),
    )
    .execute();
  const withComment = await db
    .selectFrom('response_comments as c')
    .innerJoin('responses as r', 'r.id', 'c.response_id')
    .innerJoin('service_points as s', 's.id', 'r.service_point_id')
    .select(['c.response_id', 's.code'])
    .where('r.channel', '=', 'online')
    .executeTakeFirstOrThrow();
  servicePoint = withComment.code;
  commentId = withComment.response_id;
});
t.teardown(() => harness?.close());

const account = (role: string) => demo.accounts.find((a) => a.role === role)!;

const WALKS = [
  { width: 360, height: 740, locale: 'vi' as const },
  { width: 1366, height: 900, locale: 'en' as const },
];

const WORDS = {
  vi: {
    inbox: 'Góp ý của người dân',
    filter: 'Lọc',
    save: 'Lưu',
    saved: 'Đã lưu việc xử lý góp ý.',
    plan: 'Lập kế hoạch',
    makePlan: 'Lập kế hoạch',
    planMade: 'Đã lập kế hoạch khắc phục.',
    plans: 'Kế hoạch khắc phục',
    flags: 'Phiếu bị đánh dấu',
    record: 'Ghi quyết định',
    reviewed: 'Đã ghi quyết định cho 1 phiếu.',
    show: 'Xem',
    send: 'Gửi cách liên hệ',
    received: 'Đã nhận cách liên hệ',
  },
  en: {
    inbox: "Citizens' comments",
    filter: 'Filter',
    save: 'Save',
    saved: 'The follow-up was saved.',
    plan: 'Make a plan',
    makePlan: 'Make the plan',
    planMade: 'The improvement plan was made.',
    plans: 'Improvement plans',
    flags: 'Flagged responses',
    record: 'Record the decision',
    reviewed: 'Recorded the decision for 1 responses.',
    show: 'Show',
    send: 'Send my contact',
    received: 'Contact received',
  },
};

async function signIn(page: Page, role: string) {
  await page.goto('/sign-in');
  await page.fill('#email', account(role).email);
  await page.fill('#password', account(role).password);
  await Promise.all([page.waitForLoadState('load'), page.locator('main form button[type=submit]').click()]);
  await page.waitForSelector('h1');
}

async function fits(t: Test, page: Page, width: number, what: string) {
  const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
  t.ok(scroll <= width, `${what}: ${scroll} px wide at a ${width} px viewport`);
}

async function check(t: Test, page: Page, width: number, what: string) {
  await expectAccessible(t, page, what);
  await fits(t, page, width, what);
}

async function submit(page: Page, button: string) {
  await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: button, exact: true }).click()]);
  await page.waitForSelector('h1');
}

for (const { width, height, locale } of WALKS) {
  const w = WORDS[locale];
  const at = `${width} px, ${locale}`;

  t.test(`a manager follows comments up and plans an improvement (${at})`, async (t) => {
    const page = await harness.newPage({ width, height, locale });
    const csp = watchCsp(page);
    await signIn(page, 'manager');
    await page.goto('/admin');
    t.equal(await page.locator('.home-counts a[href="/admin/comments?status=open"]').count(), 1, 'the home counts the comments');
    await check(t, page, width, `staff home (${at})`);

    await page.locator('.home-counts a[href="/admin/comments?status=open"]').click();
    await page.waitForSelector('#comments-panel');
    t.equal((await page.textContent('h1'))?.trim(), w.inbox);
    await check(t, page, width, `inbox (${at})`);

    // Search without diacritics, sent by htmx into the panel.
    await page.fill('#filter-q', 'cho lau');
    await Promise.all([page.waitForURL(/q=cho\+lau/), page.getByRole('button', { name: w.filter, exact: true }).click()]);
    await page.waitForSelector('#comments-panel');
    const bodies = await page.locator('.comment-body').allTextContents();
    t.ok(
      bodies.length > 0 && bodies.every((b) => foldText(b).includes('cho') && foldText(b).includes('lau')),
      `every comment found has "chờ" and "lâu" (${bodies.length})`,
    );
    await check(t, page, width, `inbox searched (${at})`);

    await page.goto('/admin/comments?status=new');
    await page.locator('.inbox .comment a[href^="/admin/comments/"]').first().click();
    await page.waitForSelector('form[action^="/admin/comments/"]');
    await check(t, page, width, `a comment (${at})`);
    await page.check('#status-answered');
    await submit(page, w.save);
    t.same(
      await page.locator('.error-summary a').evaluateAll((as) => as.map((a) => a.getAttribute('href'))),
      ['#reply'],
      'answered without the reply: the summary links to it',
    );
    await check(t, page, width, `a comment with an error (${at})`);
    await page.fill('#reply', 'Đã bố trí thêm quầy buổi sáng.');
    await page.fill('#dueOn', '30/12/2026');
    await submit(page, w.save);
    t.match(await page.locator('.notice').textContent(), w.saved);
    await check(t, page, width, `a comment saved (${at})`);

    await page.goto('/admin/results/agency/KHA-SXD?period=year&year=2026');
    await page.waitForSelector('#plan-index');
    await page.selectOption('#plan-index', 'E1.2');
    await submit(page, w.plan);
    await page.waitForSelector('form[action="/admin/plans"]');
    await check(t, page, width, `new plan (${at})`);
    await page.fill('#measures', 'Bổ sung ghế chờ và máy tra cứu.');
    await submit(page, w.makePlan);
    t.match(await page.locator('.notice').textContent(), w.planMade);
    await check(t, page, width, `a plan (${at})`);
    await page.goto('/admin/plans');
    t.equal((await page.textContent('h1'))?.trim(), w.plans);
    t.ok((await page.locator('.plans > li').count()) >= 1, 'the plan is listed');
    await check(t, page, width, `plans list (${at})`);
    t.strictSame(csp, [], 'no Content-Security-Policy violations');
  });

  t.test(`a coordinator reviews a flagged response (${at})`, async (t) => {
    const page = await harness.newPage({ width, height, locale });
    const csp = watchCsp(page);
    await signIn(page, 'coordinator');
    await page.goto('/admin/flags?flag=late');
    t.equal((await page.textContent('h1'))?.trim(), w.flags);
    await check(t, page, width, `flags list (${at})`);
    await page.locator('.flag-row input[type=checkbox]').first().check();
    await page.check('#decision');
    await page.fill('#reason', 'Máy mất mạng; phiếu hợp lệ');
    await submit(page, w.record);
    t.match(await page.locator('.notice').textContent(), w.reviewed);
    await check(t, page, width, `flags reviewed (${at})`);
    await page.goto('/admin/flags?state=included');
    await page.locator('.flag-row a[href^="/admin/flags/"]').first().click();
    await page.waitForSelector('form[action^="/admin/flags/"]');
    await check(t, page, width, `one flagged response (${at})`);
    t.strictSame(csp, [], 'no Content-Security-Policy violations');
  });

  t.test(`a citizen reads the public page and leaves a contact (${at})`, async (t) => {
    const page = await harness.newPage({ width, height, locale });
    const csp = watchCsp(page);
    await page.goto('/ket-qua/KHA');
    t.ok((await page.locator('li.result-card').count()) > 5, 'one card per agency');
    t.ok(await page.locator('li[data-agency="KHA"] svg.card-bar').isVisible(), 'the province’s bar is drawn');
    await check(t, page, width, `public page (${at})`);
    await page.selectOption('#thu-tu', 'thap-truoc');
    await Promise.all([page.waitForURL(/thu-tu=thap-truoc/), page.getByRole('button', { name: w.show, exact: true }).click()]);
    await check(t, page, width, `public page, lowest first (${at})`);

    // The thank-you page's offer, as the submit of a comment leaves it in the browser.
    const base = `/s/${servicePoint}`;
    await page
      .context()
      .addCookies([
        { name: 'hl_contact', value: contactOffer(testConfig().sessionSecret, commentId, new Date()), url: `${harness.baseUrl}${base}` },
      ]);
    await page.goto(`${base}/thanks`);
    await page.locator(`a[href="${base}/lien-he"]`).click();
    await page.waitForSelector('#contact');
    await check(t, page, width, `contact form (${at})`);
    await page.fill('#contact', 'gọi tôi');
    await submit(page, w.send);
    t.same(await page.locator('.error-summary a').evaluateAll((as) => as.map((a) => a.getAttribute('href'))), ['#contact']);
    await check(t, page, width, `contact form with an error (${at})`);
    await page.fill('#contact', 'nguoi.dan@example.com');
    await submit(page, w.send);
    t.equal((await page.textContent('h1'))?.trim(), w.received);
    await check(t, page, width, `contact received (${at})`);
    t.strictSame(csp, [], 'no Content-Security-Policy violations');
  });
}
