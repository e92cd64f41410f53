// The public results page: only for a province that publishes, each agency's overall satisfaction
// for a complete year exactly as the results service computes it, formatted for vi-VN or English;
// nothing personal on it; cacheable by shared caches. And the staff page that publishes, scoped
// to the user's province.
import t from 'tap';
import { insertAgency } from '../../server/db/queries/agencies.ts';
import { listAudit } from '../../server/db/queries/audit.ts';
import { findQuestionnaireVersion } from '../../server/db/queries/questionnaires.ts';
import { getSetting, setSetting } from '../../server/db/queries/settings.ts';
import { yearPeriod } from '../../server/domain/period.ts';
import { lastCompleteYear } from '../../server/domain/publication.ts';
import { formatDate, formatNumber, formatPercent } from '../../server/i18n/format.ts';
import type { Locale } from '../../server/i18n/index.ts';
import { overview } from '../../server/results/service.ts';
import { buildTestApp } from '../helpers/app.ts';
import { createUser, postForm, signIn, type StaffSession } from '../helpers/staff.ts';

const { app, database, demo } = await buildTestApp({ demo: true });
t.teardown(() => app.close());
const db = database.db;
await app.results.flush();
const kha = await db.selectFrom('agencies').selectAll().where('code', '=', 'KHA').executeTakeFirstOrThrow();
const other = await insertAgency(db, {
  code: 'DLK',
  parentId: null,
  nameVi: 'Tỉnh Đắk Lắk',
  nameEn: 'Đắk Lắk Province',
  kind: 'province',
  validFrom: null,
  validTo: null,
});
const sipas = (await findQuestionnaireVersion(db, 'sipas-2017'))!;

const account = (role: string) => demo!.accounts.find((a) => a.role === role)!;
const coordinator = await signIn(app, account('coordinator').email, account('coordinator').password);
const manager = await signIn(app, account('manager').email, account('manager').password);
const otherUser = await createUser(db, { email: 'coordinator@dlk.gov.vn', role: 'coordinator', agencyId: other.id });
const otherCoordinator = await signIn(app, otherUser.email, otherUser.password);

const publish = (s: StaffSession, fields: Record<string, string>) =>
  postForm(app, '/admin/results/publication', s.cookies, { _csrf: s.csrf, ...fields });

interface Cell {
  code: string;
  heading: string;
  share: string;
  n: string;
  responses: string;
  interval: string;
  target: string;
}

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/\s+/g, ' ')
    .trim();

/** The cards as the page shows them, one per agency, in the page's order. */
function tableRows(html: string): Cell[] {
  const list = /<ol class="result-cards"[^>]*>([\s\S]*?)<\/ol>/.exec(html)?.[1] ?? '';
  return [...list.matchAll(/<li class="result-card[^"]*" data-agency="([^"]+)">([\s\S]*?)<\/li>/g)].map((m) => {
    const cell = (col: string) => text(new RegExp(`data-col="${col}"[^>]*>([\\s\\S]*?)</(?:dd|strong)>`).exec(m[2]!)?.[1] ?? '');
    return {
      code: m[1]!,
      heading: text(/<h3 class="result-card-name">([\s\S]*?)<\/h3>/.exec(m[2]!)?.[1] ?? ''),
      share: cell('share'),
      n: cell('n'),
      responses: cell('responses'),
      interval: cell('interval'),
      target: cell('target'),
    };
  });
}

/** What the table must say: overview() for the year, written out here independently of the page. */
async function expectedRows(year: number, locale: Locale) {
  const p = yearPeriod(year);
  const result = await overview(db, kha, { agencyId: kha.id, from: p.from, to: p.to, questionnaireId: sipas.questionnaireId }, null, {
    everyLevel: true,
  });
  const existed = (a: typeof kha) => (a.valid_from === null || a.valid_from <= p.to) && (a.valid_to === null || a.valid_to >= p.from);
  const pct = (x: number) => formatPercent(x, locale);
  const rows = [result.root, ...result.rows.filter((r) => existed(r.agency))];
  return {
    minN: result.minN,
    result,
    rows: rows.map((r) => {
      const o = r.overall;
      const shown = o.share !== null && o.n >= result.minN;
      return {
        code: r.agency.code,
        share: shown ? pct(o.share!) : locale === 'vi' ? 'Chưa đủ mẫu' : 'Sample too small',
        n: formatNumber(o.n, locale),
        responses: formatNumber(r.responses, locale),
        interval: shown ? `${pct(o.interval![0])} – ${pct(o.interval![1])}` : '—',
        ended: r.ended ? formatDate(r.agency.valid_to!, locale) : null,
        hasTarget: o.target !== null,
        verdict: o.verdict.status,
      };
    }),
  };
}

t.test('the list links every province that publishes, and only those', async (t) => {
  const res = await app.inject({ url: '/ket-qua' });
  t.equal(res.statusCode, 200);
  t.equal(res.headers['cache-control'], 'public, max-age=300', 'shared caches may keep it five minutes');
  t.notOk(res.headers['set-cookie'], 'and no cookie rides on it');
  t.match(res.body, '<a href="/ket-qua/KHA">Tỉnh Khánh Hòa</a>', 'the demo province publishes');
  t.notMatch(res.body, '/ket-qua/DLK', 'a province that does not publish is not listed');
  t.match(res.body, 'href="/phuong-phap"');

  const home = await app.inject({ url: '/' });
  t.match(home.body, '<a href="/ket-qua">', 'the home page links to the list');
});

t.test('the province page: the last complete year, in tree order, equal to the results service', async (t) => {
  const year = lastCompleteYear(new Date());
  const res = await app.inject({ url: '/ket-qua/KHA' });
  t.equal(res.statusCode, 200);
  t.equal(res.headers['cache-control'], 'public, max-age=300');
  t.notOk(res.headers['set-cookie']);
  t.match(res.body, `<option value="${year}" selected>`, `the last complete year (${year}) by default`);
  t.notMatch(res.body, `<option value="${year + 1}"`, 'the year under way is not offered');
  t.match(res.body, 'sipas-2017', 'says which questionnaire');
  t.match(
    res.body,
    '<ol class="result-cards" id="public-results" aria-labelledby="public-results-caption">',
    'a list named by its heading',
  );
  t.match(res.body, '<dt>n (câu trả lời hợp lệ)</dt>', 'every figure is named on its card');
  t.match(res.body, 'href="/phuong-phap"', 'links to the methodology');

  const expected = await expectedRows(year, 'vi');
  const shown = tableRows(res.body);
  t.same(
    shown.map((r) => r.code),
    expected.rows.map((r) => r.code),
    'the province first, then every unit that existed in the year, in tree order',
  );
  t.equal(shown[0]!.code, 'KHA');
  for (const [i, e] of expected.rows.entries()) {
    const s = shown[i]!;
    t.same(
      { share: s.share, n: s.n, responses: s.responses, interval: s.interval },
      { share: e.share, n: e.n, responses: e.responses, interval: e.interval },
      `${e.code}: the service's figures`,
    );
    if (e.ended) t.match(s.heading, `(đã kết thúc ${e.ended})`, `${e.code}: marked as ended`);
    if (!e.hasTarget) t.equal(s.target, '—', `${e.code}: no target, no verdict`);
  }
});

t.test('2025: the merger year, ended units, targets and the minimum n', async (t) => {
  const res = await app.inject({ url: '/ket-qua/KHA?nam=2025' });
  t.equal(res.statusCode, 200);
  const expected = await expectedRows(2025, 'vi');
  const shown = tableRows(res.body);
  t.same(
    shown.map((r) => [r.code, r.share, r.n, r.responses, r.interval]),
    expected.rows.map((r) => [r.code, r.share, r.n, r.responses, r.interval]),
    'every row equals overview() formatted',
  );
  const root = expected.result.root;
  t.ok(root.overall.n >= expected.minN && root.overall.share !== null, 'the province has enough answers');
  t.equal(shown[0]!.share, formatPercent(root.overall.share!, 'vi'), 'the province’s share, vi-VN formatted');
  t.match(shown[0]!.share, /^\d{2},\d{2}%$/);

  const ended = expected.rows.filter((r) => r.ended);
  t.ok(ended.length > 0, 'the former Ninh Thuận units ended in 2025');
  for (const e of ended) t.match(shown.find((s) => s.code === e.code)!.heading, 'đã kết thúc 30/06/2025');

  const small = expected.rows.filter((r) => r.share === 'Chưa đủ mẫu');
  t.ok(small.length > 0, 'some unit has fewer answers than the minimum');
  for (const s of small) t.equal(shown.find((x) => x.code === s.code)!.interval, '—', `${s.code}: no interval shown for a share not shown`);

  const targeted = expected.rows.filter((r) => r.hasTarget);
  t.ok(targeted.length > 0, 'the demo sets targets for 2025');
  for (const e of targeted) {
    const cell = shown.find((s) => s.code === e.code)!.target;
    const words = {
      met: /Đạt, (rõ ràng|chưa đủ chắc chắn)/,
      'not-met': /Chưa đạt, (rõ ràng|chưa đủ chắc chắn)/,
      insufficient: /Chưa đủ mẫu/,
      'no-target': /—/,
    }[e.verdict];
    t.match(cell, /^(trên|từ) \d+(,\d+)?%/, `${e.code}: the target`);
    t.match(cell, words, `${e.code}: the verdict (${e.verdict})`);
  }

  // Nothing personal and no citizen's words: no email, no comment.
  t.notMatch(res.body, '@', 'no email address');
  const comments = await db.selectFrom('response_comments').select('body').limit(200).execute();
  const plain = comments.map((c) => c.body).filter((c) => c.length >= 12 && !/[&<>"']/.test(c));
  t.ok(plain.length > 0, 'the demo has comments to look for');
  t.notOk(
    plain.some((c) => res.body.includes(c)),
    'no comment appears',
  );
});

t.test('the order a reader chooses: the same cards, by share or by name', async (t) => {
  const tree = tableRows((await app.inject({ url: '/ket-qua/KHA?nam=2025' })).body);
  const byCode = new Map(tree.map((r) => [r.code, r]));
  const expected = await expectedRows(2025, 'vi');
  const shareOf = new Map(
    expected.result.rows
      .concat([expected.result.root])
      .map((r) => [r.agency.code, r.overall.share !== null && r.overall.n >= expected.minN ? r.overall.share : null]),
  );
  for (const [order, sign] of [
    ['cao-truoc', -1],
    ['thap-truoc', 1],
  ] as const) {
    const res = await app.inject({ url: `/ket-qua/KHA?nam=2025&thu-tu=${order}` });
    t.equal(res.statusCode, 200);
    const cards = tableRows(res.body);
    t.same([...cards.map((c) => c.code)].sort(), [...tree.map((c) => c.code)].sort(), `${order}: the same agencies`);
    for (const c of cards) t.same(c, byCode.get(c.code), `${order}: ${c.code} says the same`);
    const shares = cards.map((c) => shareOf.get(c.code) ?? null);
    const shown = shares.filter((x): x is number => x !== null);
    t.same(
      shown,
      [...shown].sort((a, b) => sign * (a - b)),
      `${order}: by share`,
    );
    t.ok(shares.indexOf(null) === -1 || shares.slice(shares.indexOf(null)).every((x) => x === null), `${order}: too few answers last`);
    t.match(res.body, `<option value="${order}" selected>`);
  }
  const byName = tableRows((await app.inject({ url: '/ket-qua/KHA?nam=2025&thu-tu=ten' })).body).map((c) => c.heading);
  t.same(
    byName,
    [...byName].sort((a, b) => a.localeCompare(b, 'vi')),
    'by name, Vietnamese collation',
  );
  const unknown = await app.inject({ url: '/ket-qua/KHA?nam=2025&thu-tu=xyz' });
  t.equal(unknown.statusCode, 200, 'an unknown order is the default order');
  t.same(
    tableRows(unknown.body).map((c) => c.code),
    tree.map((c) => c.code),
  );
  // A control character is refused at the door (issue 11, the input guard), never a 500.
  const junk = await app.inject({ url: '/ket-qua/KHA?nam=2025&thu-tu=%00x' });
  t.equal(junk.statusCode, 400, 'a NUL in the order is refused, in the reader’s language');
  t.match(junk.body, /<html/, 'as a page');
  t.match(
    (await app.inject({ url: '/ket-qua/KHA?nam=2025' })).body,
    /<svg class="card-bar"[^>]*aria-hidden="true"/,
    'bars are drawn, hidden from screen readers',
  );
});

t.test('in English, with English number format', async (t) => {
  const res = await app.inject({ url: '/ket-qua/KHA?nam=2025&lang=en' });
  t.equal(res.statusCode, 200);
  t.match(res.body, '<html lang="en">');
  t.match(res.body, 'Satisfaction survey results — Khánh Hòa Province');
  const expected = await expectedRows(2025, 'en');
  t.same(
    tableRows(res.body).map((r) => [r.code, r.share, r.n, r.interval]),
    expected.rows.map((r) => [r.code, r.share, r.n, r.interval]),
  );
  t.match(tableRows(res.body)[0]!.share, /^\d{2}\.\d{2}%$/);
});

t.test('years: only complete ones with data', async (t) => {
  t.equal((await app.inject({ url: '/ket-qua/KHA?nam=2024' })).statusCode, 200, 'the first year with data (two months of it)');
  for (const nam of [String(lastCompleteYear(new Date()) + 1), '2023', 'abc', '20255', '-1']) {
    const res = await app.inject({ url: `/ket-qua/KHA?nam=${nam}` });
    t.equal(res.statusCode, 400, `nam=${nam}: 400`);
    t.match(res.body, 'Năm phải là một năm đã kết thúc có dữ liệu, từ 2024 đến', `nam=${nam}: says which years`);
  }
});

t.test('a province that does not publish answers exactly like one that does not exist', async (t) => {
  const unpublished = await app.inject({ url: '/ket-qua/DLK' });
  const unknown = await app.inject({ url: '/ket-qua/KHONGCO' });
  t.equal(unpublished.statusCode, 404);
  t.equal(unknown.statusCode, 404);
  const strip = (s: string, code: string) => s.replaceAll(code, 'X');
  t.equal(strip(unpublished.body, 'DLK'), strip(unknown.body, 'KHONGCO'), 'the same page');
  t.notMatch(unpublished.body, 'Đắk Lắk', 'the 404 does not reveal the province');

  // Only a province publishes: the former Ninh Thuận under Khánh Hòa is not one, whatever the setting says.
  await setSetting(db, 'results.public.NTH', true);
  t.equal((await app.inject({ url: '/ket-qua/NTH' })).statusCode, 404);
  // A setting that is not exactly true does not publish.
  await setSetting(db, 'results.public.DLK', 'yes');
  t.equal((await app.inject({ url: '/ket-qua/DLK' })).statusCode, 404);
  t.notMatch((await app.inject({ url: '/ket-qua' })).body, '/ket-qua/DLK');
});

t.test('staff page: a coordinator turns the province’s publication off and on', async (t) => {
  const page = await app.inject({ url: '/admin/results/publication', cookies: coordinator.cookies });
  t.equal(page.statusCode, 200);
  t.match(page.body, '<input type="checkbox" id="published-KHA" name="published" value="1" checked>');
  t.notMatch(page.body, 'Đắk Lắk', 'only the provinces in the user’s scope');

  t.equal(
    (await postForm(app, '/admin/results/publication', coordinator.cookies, { province: 'KHA' })).statusCode,
    403,
    'no CSRF token: refused',
  );
  t.equal(await getSetting(db, 'results.public.KHA'), true, 'still published');

  const bad = await publish(coordinator, { province: 'KHA', published: 'yes' });
  t.equal(bad.statusCode, 422);
  t.match(bad.body, '<a href="#published-KHA">Hãy đánh dấu hoặc bỏ đánh dấu ô công bố.</a>');

  const off = await publish(coordinator, { province: 'KHA' });
  t.equal(off.statusCode, 303);
  t.equal(off.headers.location, '/admin/results/publication?done=off&province=KHA');
  const after = await app.inject({ url: off.headers.location as string, cookies: coordinator.cookies });
  t.match(after.body, 'Đã ngừng công bố kết quả của Tỉnh Khánh Hòa.');
  t.match(after.body, '<input type="checkbox" id="published-KHA" name="published" value="1">');
  t.equal(await getSetting(db, 'results.public.KHA'), false);
  t.equal((await app.inject({ url: '/ket-qua/KHA' })).statusCode, 404, 'the public page is gone');
  t.notMatch((await app.inject({ url: '/ket-qua' })).body, '/ket-qua/KHA', 'and so is the link');
  const coordinatorId = (
    await db.selectFrom('users').select('id').where('email', '=', account('coordinator').email).executeTakeFirstOrThrow()
  ).id;
  t.match((await listAudit(db, { action: 'results.unpublish' }))[0], {
    actor_user_id: coordinatorId,
    agency_id: kha.id,
    details: { province: 'KHA' },
  });

  t.equal((await publish(coordinator, { province: 'KHA' })).statusCode, 303, 'saving the same state again');
  t.equal((await listAudit(db, { action: 'results.unpublish' })).length, 1, 'changes nothing, records nothing');

  const on = await publish(coordinator, { province: 'KHA', published: '1' });
  t.equal(on.headers.location, '/admin/results/publication?done=on&province=KHA');
  t.equal((await app.inject({ url: '/ket-qua/KHA' })).statusCode, 200, 'published again');
  t.equal((await listAudit(db, { action: 'results.publish' })).length, 1);
});

t.test('staff page: a manager may not, a coordinator elsewhere cannot reach Khánh Hòa', async (t) => {
  t.equal((await app.inject({ url: '/admin/results/publication', cookies: manager.cookies })).statusCode, 403);
  t.equal((await publish(manager, { province: 'KHA' })).statusCode, 403, 'manager: 403');

  const page = await app.inject({ url: '/admin/results/publication', cookies: otherCoordinator.cookies });
  t.equal(page.statusCode, 200);
  t.match(page.body, 'id="published-DLK"', 'their own province');
  t.notMatch(page.body, 'Khánh Hòa');
  const res = await publish(otherCoordinator, { province: 'KHA' });
  t.equal(res.statusCode, 404, 'another province: 404, as if it did not exist');
  t.equal((await publish(otherCoordinator, { province: 'KHONGCO' })).statusCode, 404);
  t.equal((await publish(otherCoordinator, { province: 'NTH', published: '1' })).statusCode, 404, 'not a province');
  t.equal(await getSetting(db, 'results.public.KHA'), true, 'Khánh Hòa still publishes');

  t.equal((await publish(otherCoordinator, { province: 'DLK', published: '1' })).statusCode, 303, 'their own province they may publish');
  t.equal((await app.inject({ url: '/ket-qua/DLK' })).statusCode, 200);
  const list = await app.inject({ url: '/ket-qua' });
  t.ok(list.body.indexOf('/ket-qua/DLK') < list.body.indexOf('/ket-qua/KHA'), 'listed by name');
});

t.test('a signed-in visitor’s page is not cached by shared caches', async (t) => {
  const res = await app.inject({ url: '/ket-qua/KHA', cookies: coordinator.cookies });
  t.equal(res.statusCode, 200);
  t.equal(res.headers['cache-control'], 'private, no-store');
});
