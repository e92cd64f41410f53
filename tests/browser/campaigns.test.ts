// Issue 13 points 4–5 in Chromium at 360 px, in Vietnamese and English: a coordinator creates a
// campaign (an error first, answers kept), sees the citizen's links and closes it; an admin uploads
// a questionnaire with an error, fixes it, previews it as a citizen sees it, publishes it and
// compares the two versions; a citizen finds their place on a long campaign link by typing, with
// htmx filtering as they type and the GET form without it. WCAG A/AA clean (axe), no CSP violation,
// nothing scrolling sideways.
import { readFileSync } from 'node:fs';
import t from 'tap';
import type { Page } from 'playwright-core';
import { insertAgency } from '../../server/db/queries/agencies.ts';
import { insertCampaign } from '../../server/db/queries/campaigns.ts';
import { ensureBuiltInQuestionnaires, findQuestionnaireVersion } from '../../server/db/queries/questionnaires.ts';
import { insertServicePoint } from '../../server/db/queries/service-points.ts';
import type { Role } from '../../server/db/schema.ts';
import { expectAccessible, startBrowserApp, watchCsp, type BrowserApp } from '../helpers/browser.ts';
import { createUser, staffTree, type StaffTree } from '../helpers/staff.ts';

const WIDTH = 360;
let harness: BrowserApp;
let tree: StaffTree;
const users = {} as Record<'admin' | 'coordinator', { email: string; password: string }>;

t.before(async () => {
  harness = await startBrowserApp();
  const db = harness.database.db;
  await ensureBuiltInQuestionnaires(db);
  tree = await staffTree(db);
  for (const role of ['admin', 'coordinator'] as const)
    users[role] = await createUser(db, { email: `${role}@p1.gov.vn`, role, agencyId: tree.p1.id });
  // A province-wide link with a long list: a ward and twelve counters.
  const ward = await insertAgency(db, {
    code: 'P1-NT',
    parentId: tree.p1.id,
    nameVi: 'Phường Nha Trang',
    nameEn: null,
    kind: 'commune',
    validFrom: null,
    validTo: null,
  });
  await insertServicePoint(db, { code: 'SP-NT', agencyId: ward.id, nameVi: 'Bộ phận một cửa', nameEn: null });
  for (let i = 1; i <= 12; i++)
    await insertServicePoint(db, { code: `SP-Q${i}`, agencyId: tree.d1.id, nameVi: `Quầy ${i}`, nameEn: `Counter ${i}` });
  await insertCampaign(db, {
    code: 'P1-LINK',
    nameVi: 'Khảo sát toàn tỉnh',
    nameEn: null,
    questionnaireVersionId: (await findQuestionnaireVersion(db, 'sipas-2017'))!.versionId,
    provinceId: tree.p1.id,
    startsOn: '2020-01-01',
    endsOn: null,
    channels: ['online'],
    agencyIds: [tree.p1.id],
  });
});
t.teardown(() => harness?.close());

async function signIn(page: Page, role: Role & keyof typeof users) {
  await page.goto('/sign-in');
  await page.fill('#email', users[role].email);
  await page.fill('#password', users[role].password);
  await Promise.all([page.waitForLoadState('load'), page.locator('main form button[type=submit]').click()]);
  await page.waitForSelector('h1');
}
const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);
const submit = (page: Page, selector: string) => Promise.all([page.waitForLoadState('load'), page.locator(selector).click()]);
const errorLinks = (page: Page) => page.locator('.error-summary a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));

for (const locale of ['vi', 'en'] as const) {
  const en = locale === 'en';

  t.test(`campaign: create with an error, links, close (${locale}, ${WIDTH} px)`, async (t) => {
    const page = await harness.newPage({ locale, width: WIDTH, height: 800 });
    const csp = watchCsp(page);
    await signIn(page, 'coordinator');
    if (en) await page.goto('/lang/en?back=/admin');
    await page.waitForSelector('h1');
    await submit(page, 'nav.site-nav a[href="/admin/campaigns"]');
    t.equal((await page.textContent('h1'))?.trim(), en ? 'Survey campaigns' : 'Đợt khảo sát');
    await expectAccessible(t, page, `campaigns list (${locale})`);
    await submit(page, 'main a[href="/admin/campaigns/new"]');
    await page.fill('#code', `P1-${locale}-2027`);
    await page.fill('#nameEn', 'Kept');
    await page.uncheck('#channels');
    await submit(page, 'main form button[type=submit]');
    await page.waitForSelector('.error-summary');
    t.strictSame(await errorLinks(page), ['#nameVi', '#versionId', '#agencyIds', '#channels', '#startsOn']);
    t.equal(await page.inputValue('#nameEn'), 'Kept', 'the answers are kept');
    await expectAccessible(t, page, `campaign form with errors (${locale})`);
    t.ok((await sideways(page)) <= WIDTH, 'no sideways scrolling');

    await page.fill('#nameVi', `Khảo sát Xã Một ${locale}`);
    await page.selectOption('#versionId', { index: 1 });
    await page.check(`input[name=agencyIds][value="${tree.c1.id}"]`);
    await page.check('#channels');
    await page.fill('#startsOn', '01/01/2027');
    await page.fill('#endsOn', '31/12/2027');
    await submit(page, 'main form[action="/admin/campaigns"] button[type=submit]');
    await page.waitForSelector('.notice.success');
    t.match(await page.textContent('.notice.success'), en ? /Campaign P1-en-2027 created/ : /Đã tạo đợt khảo sát P1-vi-2027/);
    t.ok(await page.locator(`a[href$="/c/P1-${locale}-2027"]`).count(), 'the campaign link previewed');
    await expectAccessible(t, page, `campaign page (${locale})`);
    t.ok((await sideways(page)) <= WIDTH, 'no sideways scrolling on the campaign page');

    await submit(page, `form[action$="/close"] button[type=submit]`);
    await page.waitForSelector('.notice.success');
    t.match(await page.textContent('.notice.success'), en ? /is closed/ : /đã kết thúc/);
    t.equal(await page.locator('form[action$="/close"]').count(), 0, 'no close button once closed');
    await expectAccessible(t, page, `closed campaign (${locale})`);
    t.strictSame(csp, [], 'no Content-Security-Policy violations');
    await page.close();
  });

  t.test(`questionnaire: upload with an error, fix, preview, publish, compare (${locale}, ${WIDTH} px)`, async (t) => {
    const page = await harness.newPage({ locale, width: WIDTH, height: 800 });
    const csp = watchCsp(page);
    await signIn(page, 'admin');
    if (en) await page.goto('/lang/en?back=/admin');
    await page.waitForSelector('h1');
    await submit(page, 'nav.site-nav a[href="/admin/questionnaires"]');
    await expectAccessible(t, page, `questionnaires list (${locale})`);
    t.ok((await sideways(page)) <= WIDTH, 'no sideways scrolling on the list');
    await submit(page, 'main a[href="/admin/questionnaires/upload"]');

    const quick = JSON.parse(readFileSync(new URL('../../content/questionnaires/counter-quick.json', import.meta.url), 'utf8'));
    quick.questions[0].vi = `Ông/Bà hài lòng thế nào với buổi phục vụ hôm nay (${locale})?`;
    quick.questions[0].en = `How was the service you had today (${locale})?`;
    const wording = en ? /the service you had today/ : /buổi phục vụ hôm nay/;
    const bad = structuredClone(quick);
    bad.questions[0].scale = 'nope';
    await page.fill('#definition', JSON.stringify(bad, null, 1));
    await submit(page, 'main form:not([enctype]) button[type=submit]');
    await page.waitForSelector('.error-summary');
    t.strictSame(await errorLinks(page), ['#definition']);
    t.match(await page.textContent('table.problems'), /\$\.questions\[0\]\.scale/, 'the error by its JSON path');
    t.match(await page.inputValue('#definition'), /"nope"/, 'the text kept');
    await expectAccessible(t, page, `upload with errors (${locale})`);
    t.ok((await sideways(page)) <= WIDTH, 'no sideways scrolling with the errors');

    await page.fill('#definition', JSON.stringify(quick, null, 1));
    await submit(page, 'main form:not([enctype]) button[type=submit]');
    await page.waitForSelector('a[href$="/preview"]');
    await expectAccessible(t, page, `checked upload with its comparison (${locale})`);
    t.ok((await sideways(page)) <= WIDTH, 'no sideways scrolling on the comparison');

    await submit(page, 'main a[href$="/preview"]');
    await page.waitForSelector('.preview-banner');
    t.match(await page.textContent('h1, legend'), wording, 'the new wording, as the citizen reads it');
    await expectAccessible(t, page, `preview (${locale})`);
    t.ok((await sideways(page)) <= WIDTH, 'no sideways scrolling in the preview');
    await submit(page, 'main form button[type=submit]');
    t.match(page.url(), /preview\?page=2$/, 'the button turns the page');
    await submit(page, '.preview-banner a');

    await submit(page, 'form[action$="/publish"] button[type=submit]');
    await page.waitForSelector('.notice.success');
    const version = en ? 3 : 2;
    t.match(
      await page.textContent('.notice.success'),
      en ? `Published counter-quick version ${version}` : `Đã xuất bản counter-quick phiên bản ${version}`,
    );
    await submit(page, `a[href="/admin/questionnaires/counter-quick/diff?from=${version - 1}&to=${version}"]`);
    await page.waitForSelector('table.diff');
    t.match(await page.textContent('table.diff'), /buổi phục vụ hôm nay/, 'the Vietnamese text beside the English');
    await expectAccessible(t, page, `comparison of two versions (${locale})`);
    t.ok((await sideways(page)) <= WIDTH, 'no sideways scrolling on the comparison page');
    t.strictSame(csp, [], 'no Content-Security-Policy violations');
    await page.close();
  });

  t.test(`the campaign link's place search (${locale}, ${WIDTH} px)`, async (t) => {
    const page = await harness.newPage({ locale, width: WIDTH, height: 800 });
    const csp = watchCsp(page);
    await page.goto(en ? '/lang/en?back=/c/P1-LINK' : '/c/P1-LINK');
    await page.waitForSelector('#q');
    t.ok((await page.locator('#place option').count()) > 13, 'the whole list first, as a select');
    await expectAccessible(t, page, `campaign link with its search (${locale})`);
    t.ok((await sideways(page)) <= WIDTH, 'no sideways scrolling');
    // As one types, htmx swaps the list in place: the page stays, the list shrinks.
    await page.locator('#q').pressSequentially('nha trang', { delay: 30 });
    await page.waitForFunction(() => document.querySelectorAll('#place-list input[name=place]').length === 1);
    t.equal(page.url().includes('?q='), false, 'filtered in place by htmx');
    t.match(await page.textContent('#place-list label'), /Bộ phận một cửa — Phường Nha Trang/);
    await expectAccessible(t, page, `filtered list (${locale})`);
    // The search button is a plain GET form: the same answer with a new page.
    await page.fill('#q', en ? 'counter 1' : 'quay 1');
    await submit(page, 'form.place-search button[type=submit]');
    await page.waitForSelector('#place-list input[value="SP-Q10"]');
    const found = await page.locator('#place-list input[name=place]').evaluateAll((is) => is.map((i) => (i as HTMLInputElement).value));
    t.strictSame(found.sort(), ['SP-Q1', 'SP-Q10', 'SP-Q11', 'SP-Q12'], 'diacritics ignored: "quay 1" finds Quầy 1, 10, 11, 12');
    await page.check('#place-list input[value="SP-Q1"]');
    await submit(page, 'main form[method=post] button.start-button');
    t.match(page.url(), /\/c\/P1-LINK\/p\/1$/, 'the survey starts at the place found');
    t.strictSame(csp, [], 'no Content-Security-Policy violations');
    await page.close();
  });
}
