// The campaign link on a phone (issue 13): the citizen picks where they were served from places
// grouped by the kind of agency (centre, departments, communes), sorted by name, each named once;
// and a campaign running on kiosks only says so instead of "ended or not started".
import t from 'tap';
import { insertAgency } from '../../server/db/queries/agencies.ts';
import { insertCampaign } from '../../server/db/queries/campaigns.ts';
import { ensureBuiltInQuestionnaires, findQuestionnaireVersion } from '../../server/db/queries/questionnaires.ts';
import { insertServicePoint } from '../../server/db/queries/service-points.ts';
import { forgetLookups } from '../../server/db/lookup-cache.ts';
import { buildTestApp } from '../helpers/app.ts';

const { app, database } = await buildTestApp();
t.teardown(() => app.close());
const db = database.db;
await ensureBuiltInQuestionnaires(db);
const version = (await findQuestionnaireVersion(db, 'counter-quick'))!;
const agency = (code: string, parentId: number | null, nameVi: string, kind: 'province' | 'department' | 'commune' | 'centre') =>
  insertAgency(db, { code, parentId, nameVi, nameEn: null, kind, validFrom: null, validTo: null });
const p = await agency('KH', null, 'Tỉnh Khánh Hòa', 'province');
const health = await agency('KH-SYT', p.id, 'Sở Y tế', 'department');
const justice = await agency('KH-STP', p.id, 'Sở Tư pháp', 'department');
const ward = await agency('KH-NT', p.id, 'Phường Nha Trang', 'commune');
const centre = await agency('KH-TTPV', p.id, 'Trung tâm Phục vụ hành chính công', 'centre');
const points: [string, number, string][] = [
  ['SP-SYT', health.id, 'Bộ phận tiếp nhận và trả kết quả — Sở Y tế'],
  ['SP-STP', justice.id, 'Bộ phận một cửa'],
  ['SP-NT', ward.id, 'Bộ phận một cửa'],
  ['SP-TT', centre.id, 'Quầy 1'],
];
// Enough places for the list to be a select (more than ten), as a province-wide campaign has.
for (let i = 2; i <= 9; i++) points.push([`SP-TT${i}`, centre.id, `Quầy ${i}`]);
for (const [code, agencyId, nameVi] of points) await insertServicePoint(db, { code, agencyId, nameVi, nameEn: null });
const campaign = (code: string, channels: ('online' | 'kiosk' | 'paper')[]) =>
  insertCampaign(db, {
    code,
    nameVi: code,
    nameEn: null,
    questionnaireVersionId: version.versionId,
    provinceId: p.id,
    startsOn: '2020-01-01',
    endsOn: null,
    channels,
    agencyIds: [p.id],
  });
await campaign('KH-ONLINE', ['online', 'kiosk']);
await campaign('KH-KIOSK', ['kiosk']);

t.test('the place picker: grouped by kind, sorted, names not doubled', async (t) => {
  const res = await app.inject({ url: '/c/KH-ONLINE' });
  t.equal(res.statusCode, 200);
  const groups = [...res.body.matchAll(/<optgroup label="([^"]+)">/g)].map((m) => m[1]);
  t.same(groups, ['trung tâm phục vụ hành chính công', 'sở, ban, ngành', 'xã, phường, đặc khu'], 'centre, departments, communes');
  t.match(res.body, />Bộ phận tiếp nhận và trả kết quả — Sở Y tế<\/option>/, 'a name that says its agency is not followed by it again');
  t.notMatch(res.body, /Sở Y tế — Sở Y tế/);
  t.match(res.body, />Bộ phận một cửa — Sở Tư pháp<\/option>/, 'a name that does not is');
  const departments = /<optgroup label="sở, ban, ngành">([\s\S]*?)<\/optgroup>/.exec(res.body)![1]!;
  const order = [...departments.matchAll(/value="([^"]+)"/g)].map((m) => m[1]);
  t.same(order, ['SP-STP', 'SP-SYT'], 'sorted by name within the group: "Bộ phận m…" before "Bộ phận t…"');
  const en = await app.inject({ url: '/c/KH-ONLINE', cookies: { lang: 'en' } });
  t.match(en.body, /<optgroup label="department">/);
});

t.test('a campaign running on kiosks only says so on its link', async (t) => {
  const res = await app.inject({ url: '/c/KH-KIOSK' });
  t.equal(res.statusCode, 410);
  t.match(res.body, /chỉ nhận đánh giá tại quầy/);
  t.notMatch(res.body, /đã kết thúc hoặc chưa bắt đầu/);
  const en = await app.inject({ url: '/c/KH-KIOSK', cookies: { lang: 'en' } });
  t.match(en.body, /takes ratings at the counter only/);
  await db.updateTable('campaigns').set({ status: 'closed' }).where('code', '=', 'KH-KIOSK').execute();
  forgetLookups();
  const closed = await app.inject({ url: '/c/KH-KIOSK' });
  t.match(closed.body, /đã kết thúc hoặc chưa bắt đầu/, 'a closed campaign is still told as ended');
});

t.test('the place picker search: server-side without script, diacritics-insensitive, a fragment for htmx', async (t) => {
  const page = await app.inject({ url: '/c/KH-ONLINE' });
  t.match(page.body, /<form class="place-search" method="get" action="\/c\/KH-ONLINE" role="search"/, 'a GET search form');
  t.match(page.body, /\/vendor\/htmx\/htmx\.min\.js/, 'htmx loaded for filtering as one types');

  // Without diacritics, any case: only the ward's counter matches; a short list becomes radios.
  const found = await app.inject({ url: '/c/KH-ONLINE?q=PHUONG%20nha' });
  t.equal(found.statusCode, 200);
  const values = [...found.body.matchAll(/name="place" value="([^"]+)"/g)].map((m) => m[1]);
  t.same(values, ['SP-NT'], 'only the matching place');
  t.match(found.body, /Số nơi khớp với &quot;PHUONG nha&quot;: 1\./, 'the count, the query escaped');
  t.match(found.body, /<input id="q" name="q" type="search" value="PHUONG nha"/, 'the box keeps what was typed');
  t.match(found.body, /<html/, 'a whole page without htmx');

  // Words in any order, with diacritics.
  const health = await app.inject({ url: '/c/KH-ONLINE?q=' + encodeURIComponent('tế sở') });
  t.same(
    [...health.body.matchAll(/name="place" value="([^"]+)"/g)].map((m) => m[1]),
    ['SP-SYT'],
  );

  const none = await app.inject({ url: '/c/KH-ONLINE?q=%3Cscript%3E' });
  t.match(none.body, /Không có nơi nào khớp với &quot;&lt;script&gt;&quot;/, 'nothing found, said and escaped');
  t.notMatch(none.body, /<script>/);

  const fragment = await app.inject({ url: '/c/KH-ONLINE?q=quay', headers: { 'hx-request': 'true' } });
  t.equal(fragment.statusCode, 200);
  t.notMatch(fragment.body, /<html|<form/, 'htmx gets the list alone');
  t.match(fragment.body, /^<div id="place-list"/m);
  t.equal([...fragment.body.matchAll(/name="place" value="SP-TT\d?"/g)].length, 9, 'the nine counters of the centre');
  t.match(String(fragment.headers.vary), /HX-Request/, 'Vary: HX-Request');

  // The chosen place from a filtered list starts the survey like any other.
  const csrfPage = await app.inject({ url: '/c/KH-ONLINE?q=nha%20trang' });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(csrfPage.body)![1]!;
  const cookie = csrfPage.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const start = await app.inject({
    method: 'POST',
    url: '/c/KH-ONLINE',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    payload: new URLSearchParams({ _csrf: csrf, place: 'SP-NT' }).toString(),
  });
  t.equal(start.statusCode, 303, 'started at the place found');
});
