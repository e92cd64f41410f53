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
