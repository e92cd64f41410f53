// The reorganisation wizard on the demo province (issue 13 pt 2): two communes merged into a new
// one, walked step by step (POST → 303 → GET, a wrong answer 422 keeping the rest), the preview
// naming what changes, one confirmation writing it all with an audit entry; then the history: the
// old units keep their own responses, the new unit shows them with the predecessors toggle on the
// results page and in GET /api/v1/results, the province's total is unchanged — none lost, none
// counted twice — and the counts equal a recount from the raw responses. Then split, rename and
// attach, and a step refused outside the subtree.
import t from 'tap';
import { createApiToken } from '../../server/db/queries/api-tokens.ts';
import { findAgencyByCode } from '../../server/db/queries/agencies.ts';
import { listAudit } from '../../server/db/queries/audit.ts';
import { findServicePointByCode } from '../../server/db/queries/service-points.ts';
import { buildTestApp } from '../helpers/app.ts';
import { reportable, vnDay } from '../helpers/recount.ts';
import { createUser, signIn, withCookies, csrfFrom, type StaffSession } from '../helpers/staff.ts';

const { app, database } = await buildTestApp({ demo: true });
t.teardown(() => app.close());
const db = database.db;
await app.results.flush();
const kha = (await findAgencyByCode(db, 'KHA'))!;
const u = await createUser(db, { email: 'reorg@snv.kha.gov.vn', role: 'coordinator', agencyId: kha.id });
const s: StaffSession = await signIn(app, u.email, u.password);
const read = (await createApiToken(db, { name: 'reader', agencyId: kha.id, scope: 'read' })).token;
const PERIOD = { from: '2024-01-01', to: '2026-12-31' };

const api = async (agency: string, predecessors = false) => {
  const q = new URLSearchParams({ agency, ...PERIOD, questionnaire: 'sipas-2017', ...(predecessors ? { predecessors: '1' } : {}) });
  const res = await app.inject({ url: `/api/v1/results?${q}`, headers: { authorization: `Bearer ${read}` } });
  if (res.statusCode !== 200) throw new Error(`results of ${agency}: ${res.statusCode} ${res.body}`);
  return res.json() as { responses: number; overall: { n: number; share: number | null } };
};
/** Responses of the agencies at these codes and below, recounted from the raw responses (tests/helpers/recount.ts). */
const recount = async (...codes: string[]) => {
  const paths = await Promise.all(codes.map(async (c) => (await findAgencyByCode(db, c))!.path));
  const agencies = new Map((await db.selectFrom('agencies').select(['id', 'path']).execute()).map((a) => [Number(a.id), a.path]));
  const sipas = new Set(
    (
      await db
        .selectFrom('questionnaire_versions as v')
        .innerJoin('questionnaires as q', 'q.id', 'v.questionnaire_id')
        .select('v.id')
        .where('q.code', '=', 'sipas-2017')
        .execute()
    ).map((v) => Number(v.id)),
  );
  return (await reportable(db)).filter((r) => {
    const day = vnDay(r.submitted_at);
    return (
      sipas.has(r.questionnaire_version_id) &&
      paths.some((p) => agencies.get(r.agency_id)!.startsWith(p)) &&
      day >= PERIOD.from &&
      day <= PERIOD.to
    );
  }).length;
};

/** Posts one step of the wizard with the CSRF token and follows the 303, as a browser does. */
async function step(fields: Record<string, string | string[]>): Promise<{ status: number; location?: string; body: string }> {
  const body = new URLSearchParams({ _csrf: s.csrf });
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
  const res = await app.inject({
    method: 'POST',
    url: '/admin/agencies/reorganise',
    cookies: s.cookies,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: body.toString(),
  });
  s.cookies = withCookies(s.cookies, res);
  if (res.statusCode !== 303) return { status: res.statusCode, body: res.body };
  const location = res.headers.location as string;
  const next = await app.inject({ url: location, cookies: s.cookies });
  return { status: res.statusCode, location, body: next.body };
}
/** The hidden fields of the form on a page: what the next POST carries. */
function carried(html: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    if (m[1] === '_csrf') continue;
    (out[m[1]!] ??= []).push(m[2]!.replace(/&amp;/g, '&'));
  }
  return out;
}

t.test('a merge made in the wizard keeps every response and shows it within the new unit', async (t) => {
  const olds = ['KHA-X-KHANHVINH', 'KHA-X-KHANHSON'];
  const before = Object.fromEntries(await Promise.all(olds.map(async (c) => [c, (await api(c)).responses] as const)));
  const provinceBefore = (await api('KHA')).responses;
  t.ok(before[olds[0]!]! > 0 && before[olds[1]!]! > 0, 'both communes have responses');
  t.equal(before[olds[0]!], await recount(olds[0]!), 'the API equals a recount');

  const start = await app.inject({ url: '/admin/agencies/reorganise', cookies: s.cookies });
  t.equal(start.statusCode, 200);
  t.match(start.body, /name="kind" value="merge"/);
  const noState = await app.inject({ url: '/admin/agencies/reorganise?step=preview', cookies: s.cookies });
  t.equal(noState.statusCode, 200, 'a later step without answers starts again');
  t.match(noState.body, /name="kind" value="merge"/);
  const noKind = await step({ step: 'kind' });
  t.equal(noKind.status, 422, 'no answer: 422');
  t.match(noKind.body, /href="#kind"/);

  let page = await step({ step: 'kind', kind: 'merge' });
  t.match(page.location, /step=units/);
  const one = await step({ ...carried(page.body), sources: [olds[0]!] });
  t.equal(one.status, 422, 'one unit is not a merge');
  t.match(one.body, /href="#sources"/);
  t.match(one.body, /value="KHA-X-KHANHVINH" checked/, 'the answer is kept');
  page = await step({ ...carried(page.body), sources: olds });
  t.match(page.location, /step=into/);
  page = await step({ ...carried(page.body), into: 'new' });
  t.match(page.location, /step=newUnit/);
  t.match(
    page.body,
    /href="\/admin\/agencies\/reorganise\?step=into&amp;kind=merge&amp;into=new&amp;sources=KHA-X-KHANHVINH&amp;sources=KHA-X-KHANHSON"/,
    'back goes one question back, answers kept',
  );
  const badUnit = await step({
    ...carried(page.body),
    parent: 'KHA',
    code: 'xã mới',
    nameVi: 'Xã Khánh Sơn Vĩnh',
    nameEn: '',
    unitKind: 'commune',
  });
  t.equal(badUnit.status, 422);
  t.match(badUnit.body, /href="#code"/);
  t.match(badUnit.body, /value="Xã Khánh Sơn Vĩnh"/);
  page = await step({
    ...carried(page.body),
    parent: 'KHA',
    code: 'KHA-X-KHANHSONVINH',
    nameVi: 'Xã Khánh Sơn Vĩnh',
    nameEn: '',
    unitKind: 'commune',
  });
  t.match(page.location, /step=date/);
  const future = await step({ ...carried(page.body), effectiveOn: '01/01/2099' });
  t.match(future.location, /step=preview/);
  t.match(future.body, /không được sau hôm nay/, 'a future date is refused at the preview');
  page = await step({ ...carried(page.body), effectiveOn: '01/12/2026' });
  t.match(page.location, /step=preview/);
  const preview = page.body;
  t.match(preview, /Kiểm tra trước khi xác nhận/);
  t.match(preview, /KHA-X-KHANHSONVINH/);
  for (const c of olds) t.match(preview, new RegExp(`\\(${c}\\) → KHA-X-KHANHSONVINH`), `${c} closes into the new unit`);
  t.match(preview, new RegExp(`${olds[0]}-MC\\): ${olds[0]} → KHA-X-KHANHSONVINH`), 'its service point moves');
  t.match(preview, /gồm đơn vị tiền thân/, 'and what happens to results');
  t.equal(await findAgencyByCode(db, 'KHA-X-KHANHSONVINH'), undefined, 'the preview writes nothing');

  const noCsrf = await app.inject({
    method: 'POST',
    url: '/admin/agencies/reorganise',
    cookies: s.cookies,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ step: 'confirm' }).toString(),
  });
  t.equal(noCsrf.statusCode, 403, 'no CSRF token, refused');
  const confirmFields = carried(preview);
  t.same(confirmFields['step'], ['confirm']);
  const done = await step(confirmFields);
  t.equal(done.status, 303);
  t.equal(done.location, '/admin/agencies?done=reorganised&code=KHA-X-KHANHSONVINH');
  t.match(done.body, /Đã sắp xếp lại; đơn vị kế thừa: KHA-X-KHANHSONVINH/);

  const heir = (await findAgencyByCode(db, 'KHA-X-KHANHSONVINH'))!;
  t.equal(heir.valid_from, '2026-12-01');
  t.equal(heir.parent_id, kha.id);
  for (const c of olds) {
    const a = (await findAgencyByCode(db, c))!;
    t.equal(a.valid_to, '2026-11-30', `${c} ends the day before`);
    t.equal(a.successor_id, heir.id, `${c} points at the new unit`);
  }
  t.equal((await findServicePointByCode(db, `${olds[0]}-MC`))!.agency_id, heir.id, 'the counter now serves the new unit');
  const entry = (await listAudit(db, { action: 'agency.reorganise', limit: 1 }))[0];
  t.equal(entry?.agency_id, heir.id);
  t.match(entry?.details, { kind: 'merge', effectiveOn: '2026-12-01', after: { created: ['KHA-X-KHANHSONVINH'] } });
  t.equal((entry?.details as { before: { agencies: unknown[] } }).before.agencies.length, 2, 'before: the two communes');

  // History: kept under the old units, shown within the new one with the toggle, none lost.
  for (const c of olds) t.equal((await api(c)).responses, before[c], `${c} keeps its own history`);
  t.equal((await api('KHA-X-KHANHSONVINH')).responses, 0, 'the new unit alone has none yet');
  const pooled = await api('KHA-X-KHANHSONVINH', true);
  t.equal(pooled.responses, before[olds[0]!]! + before[olds[1]!]!, 'with predecessors: both communes, none lost');
  t.equal(pooled.responses, await recount(...olds), 'equal to a recount from raw responses');
  t.equal((await api('KHA')).responses, provinceBefore, 'the province counts each response once');
  const page2 = await app.inject({
    url: '/admin/results/agency/KHA-X-KHANHSONVINH?period=custom&from=2024-01-01&to=2026-12-31&questionnaire=sipas-2017&predecessors=1',
    cookies: s.cookies,
  });
  t.equal(page2.statusCode, 200);
  const shown = /data-value="responses">([^<]+)</.exec(page2.body)?.[1]?.replace(/\D/g, '');
  t.equal(Number(shown), pooled.responses, 'the results page shows the same count');
});

t.test('split, rename and attach', async (t) => {
  const walk = async (answers: Record<string, string | string[]>[]) => {
    let page = await step({ step: 'kind', ...answers[0] });
    for (const a of answers.slice(1)) page = await step({ ...carried(page.body), ...a });
    return page;
  };
  const split = await walk([
    { kind: 'split' },
    { agency: 'KHA-X-VANNINH' },
    {
      parent: 'KHA',
      part1Code: 'KHA-X-VANNINH-B',
      part1NameVi: 'Xã Vạn Ninh Bắc',
      part1NameEn: '',
      part2Code: 'KHA-X-VANNINH-N',
      part2NameVi: 'Xã Vạn Ninh Nam',
      part2NameEn: '',
      part3Code: '',
      part3NameVi: '',
      part3NameEn: '',
    },
    { effectiveOn: '2026-11-01' },
  ]);
  t.match(split.location, /step=preview/);
  t.match(split.body, /KHA-X-VANNINH-N/);
  const done = await step(carried(split.body));
  t.equal(done.status, 303);
  const old = (await findAgencyByCode(db, 'KHA-X-VANNINH'))!;
  const north = (await findAgencyByCode(db, 'KHA-X-VANNINH-B'))!;
  t.equal(old.successor_id, north.id, 'the first part takes over the history');
  t.ok(await findAgencyByCode(db, 'KHA-X-VANNINH-N'));

  const rename = await walk([
    { kind: 'rename' },
    { agency: 'KHA-X-CAMLAM' },
    { nameVi: 'Xã Cam Lâm Mới', nameEn: 'New Cam Lâm' },
    { effectiveOn: '2026-10-01' },
  ]);
  t.match(rename.body, /Xã Cam Lâm Mới/);
  t.equal((await step(carried(rename.body))).status, 303);
  t.equal((await findAgencyByCode(db, 'KHA-X-CAMLAM'))!.name_vi, 'Xã Cam Lâm Mới');
  t.match((await listAudit(db, { action: 'agency.reorganise', limit: 1 }))[0]?.details, {
    kind: 'rename',
    before: { agencies: [{ nameVi: 'Xã Cam Lâm' }] },
  });

  const snv = (await findAgencyByCode(db, 'KHA-SNV'))!;
  const attach = await walk([{ kind: 'attach' }, { agency: 'KHA-X-KHANHSONVINH' }, { parent: 'KHA-SNV' }, { effectiveOn: '2026-12-02' }]);
  t.equal((await step(carried(attach.body))).status, 303);
  t.equal((await findAgencyByCode(db, 'KHA-X-KHANHSONVINH'))!.parent_id, snv.id);
});

t.test('outside the subtree', async (t) => {
  const sxd = (await findAgencyByCode(db, 'KHA-SXD'))!;
  const m = await createUser(db, { email: 'sxd@kha.gov.vn', role: 'coordinator', agencyId: sxd.id });
  const other = await signIn(app, m.email, m.password);
  const form = await app.inject({ url: '/admin/agencies/reorganise?step=units&kind=rename', cookies: other.cookies });
  t.notMatch(form.body, /KHA-X-CAMLAM/, 'a commune beside is not offered');
  const res = await app.inject({
    method: 'POST',
    url: '/admin/agencies/reorganise',
    cookies: other.cookies,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({
      _csrf: csrfFrom(form.body),
      step: 'confirm',
      kind: 'rename',
      agency: 'KHA-X-CAMLAM',
      nameVi: 'Chiếm',
      nameEn: '',
      effectiveOn: '2026-10-01',
    }).toString(),
  });
  t.equal(res.statusCode, 422, 'confirming a change beside the subtree is refused');
  t.equal((await findAgencyByCode(db, 'KHA-X-CAMLAM'))!.name_vi, 'Xã Cam Lâm Mới', 'nothing changed');
});
