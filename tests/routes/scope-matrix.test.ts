// Invariant 5, route by route: every staff route (collected from the app itself, so a route added
// later is covered or this test fails) × every role × an agency inside, above and beside the
// user's subtree. Signed out → 303 to sign-in; a role without the permission → 403; a resource
// outside the subtree → 404; inside → success. A refused request changes nothing.
import { randomUUID } from 'node:crypto';
import Fastify, { type InjectOptions } from 'fastify';
import t from 'tap';
import app, { serverOptions } from '../../server/app.ts';
import { closePeriod } from '../../server/db/queries/closed-periods.ts';
import { registerKiosk } from '../../server/db/queries/kiosks.ts';
import { setOfficerPhoto } from '../../server/db/queries/kiosk-photos.ts';
import { insertServicePoint } from '../../server/db/queries/service-points.ts';
import { createApiToken } from '../../server/db/queries/api-tokens.ts';
import { insertTargets } from '../../server/db/queries/targets.ts';
import { insertPlan } from '../../server/db/queries/improvement-plans.ts';
import { insertCampaign } from '../../server/db/queries/campaigns.ts';
import { saveUpload } from '../../server/db/queries/questionnaire-uploads.ts';
import { findQuestionnaireVersion } from '../../server/db/queries/questionnaires.ts';
import { insertResponses } from '../../server/db/queries/responses.ts';
import type { Agency, Role } from '../../server/db/schema.ts';
import { localDay } from '../../server/i18n/format.ts';
import { testConfig } from '../helpers/app.ts';
import { freshDatabase } from '../helpers/database.ts';
import { keyPaperForm, paperFixture } from '../helpers/paper.ts';
import { createUser, signIn, staffTree, type StaffSession } from '../helpers/staff.ts';

const ROLES: Role[] = ['admin', 'coordinator', 'manager', 'clerk', 'viewer'];
type Where = 'inside' | 'above' | 'beside';
const WHERES: Where[] = ['inside', 'above', 'beside'];

const database = await freshDatabase();
const config = testConfig();
const fastify = Fastify({ ...serverOptions(config), logger: false });
const routes: string[] = [];
fastify.addHook('onRoute', (r) => {
  // HEAD is answered by the GET handler, so the GET row covers it.
  const methods = (Array.isArray(r.method) ? r.method : [r.method]).filter((m) => m !== 'HEAD');
  if (r.url === '/admin' || r.url.startsWith('/admin/')) for (const m of methods) routes.push(`${m} ${r.url}`);
});
await fastify.register(app, { config, database, closeDatabase: true });
await fastify.ready();
t.teardown(() => fastify.close());

const db = database.db;
const tree = await staffTree(db);
// Every role's user sits at the department: the commune is inside, the province above, the other
// province's department beside.
const agencyAt: Record<Where, Agency> = { inside: tree.c1, above: tree.p1, beside: tree.d2 };
const sessions = {} as Record<Role, StaffSession>;
for (const role of ROLES) {
  const u = await createUser(db, { email: `${role}@matrix.gov.vn`, role, agencyId: tree.d1.id });
  sessions[role] = await signIn(fastify, u.email, u.password);
}
// One viewer per place, to be disabled and enabled: a viewer is one every user manager may manage.
const targets = {} as Record<Where, number>;
for (const where of WHERES) {
  targets[where] = (await createUser(db, { email: `target-${where}@matrix.gov.vn`, role: 'viewer', agencyId: agencyAt[where].id })).id;
}
// One service point per place, for the poster and QR download routes.
for (const where of WHERES)
  await insertServicePoint(db, { code: `SP-${where}`, agencyId: agencyAt[where].id, nameVi: `Quầy ${where}`, nameEn: null });
// A campaign taking paper forms over both provinces, and a form keyed by the requesting user at each place.
const paper = await paperFixture(db, tree);
const paperAt: Record<Where, string> = { inside: paper.servicePoint.c1, above: paper.servicePoint.p1, beside: paper.servicePoint.d2 };
const keyed = {} as Record<Where, string>;
const keyForm = async (where: Where, role: Role | null) => {
  keyed[where] = await keyPaperForm(db, { email: `${role ?? 'clerk'}@matrix.gov.vn`, servicePointCode: paperAt[where] });
};
// One kiosk per place, at that place's service point; a refused revoke must leave it working.
const kioskPoint = {} as Record<Where, number>;
const kioskAt = {} as Record<Where, number>;
for (const where of WHERES) {
  kioskPoint[where] = (await db.selectFrom('service_points').select('id').where('code', '=', `SP-${where}`).executeTakeFirstOrThrow()).id;
  kioskAt[where] = (await registerKiosk(db, { servicePointId: kioskPoint[where], name: `Màn hình ${where}` })).kioskId;
}
const kioskQuestionnaire = (
  await db.selectFrom('questionnaires').select('id').where('code', '=', 'counter-quick').executeTakeFirstOrThrow()
).id;
const unrevoke = async (where: Where) => {
  await db.updateTable('kiosks').set({ revoked_at: null }).where('id', '=', kioskAt[where]).execute();
};
// A 1×1 PNG, so that the photo routes have something to show or remove.
const withPhoto = async (where: Where) => {
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
  await setOfficerPhoto(db, kioskAt[where], 'image/png', png);
};
async function setDisabled(id: number, disabled: boolean): Promise<void> {
  await db
    .updateTable('users')
    .set({ disabled_at: disabled ? new Date() : null })
    .where('id', '=', id)
    .execute();
}

// One target per place, for the delete routes; a deleted one is set again before the next request.
const targetRowAt = {} as Record<Where, number>;
const setTarget = async (where: Where) => {
  const exists =
    targetRowAt[where] && (await db.selectFrom('targets').select('id').where('id', '=', targetRowAt[where]).executeTakeFirst());
  if (exists) return;
  const [row] = await insertTargets(db, [
    {
      agencyId: agencyAt[where].id,
      questionnaireId: null,
      periodFrom: '2026-01-01',
      periodTo: '2026-12-31',
      indexCode: 'overall',
      comparator: '>',
      threshold: 0.8,
    },
  ]);
  targetRowAt[where] = row!.id;
};
// One flagged response with a comment per place (the comments inbox, the flag review), and one
// improvement plan per place.
const sipas = (await findQuestionnaireVersion(db, 'sipas-2017'))!;
const responseAt = {} as Record<Where, string>;
const planAt = {} as Record<Where, number>;
for (const where of WHERES) {
  const agency = agencyAt[where];
  responseAt[where] = randomUUID();
  await insertResponses(db, [
    {
      id: responseAt[where],
      questionnaireVersionId: sipas.versionId,
      campaignId: null,
      agencyId: agency.id,
      servicePointId: null,
      provinceId: agency.province_id ?? agency.id,
      channel: 'online',
      submittedAt: new Date('2026-03-02T03:00:00Z'),
      locale: 'vi',
      answers: { OVERALL: 2 },
      comment: `Góp ý ${where}`,
      status: 'flagged',
      statusReason: 'too-fast',
    },
  ]);
  planAt[where] = (
    await insertPlan(db, {
      agencyId: agency.id,
      provinceId: agency.province_id ?? agency.id,
      questionnaireId: sipas.questionnaireId,
      questionnaireVersion: null,
      indexCode: 'overall',
      periodFrom: '2026-01-01',
      periodTo: '2026-12-31',
      share: 0.7,
      n: 40,
      intervalLow: 0.55,
      intervalHigh: 0.82,
      targetComparator: null,
      targetThreshold: null,
      weakness: `Hạn chế ${where}`,
      measures: 'Biện pháp',
      responsibleAgencyId: agency.id,
      dueOn: '2026-06-30',
      createdBy: null,
    })
  ).id;
}

// One API token per place, to be revoked; a revoked one is made live again before the next request.
const tokenAt = {} as Record<Where, number>;
for (const where of WHERES)
  tokenAt[where] = (await createApiToken(db, { name: `Cổng ${where}`, agencyId: agencyAt[where].id, scope: 'read' })).row.id;
const unrevokeToken = async (where: Where) => {
  await db.updateTable('api_tokens').set({ revoked_at: null }).where('id', '=', tokenAt[where]).execute();
};

// Issue 13 points 4–5 (campaigns, questionnaires): one campaign per place, covering that agency; a
// closed one is opened again before the next request.
const campaignAt = {} as Record<Where, number>;
for (const where of WHERES) {
  const agency = agencyAt[where];
  campaignAt[where] = (
    await insertCampaign(db, {
      code: `MATRIX-${where}`,
      nameVi: `Đợt ${where}`,
      nameEn: null,
      questionnaireVersionId: sipas.versionId,
      provinceId: agency.province_id ?? agency.id,
      startsOn: '2026-01-01',
      endsOn: null,
      channels: ['online'],
      agencyIds: [agency.id],
    })
  ).id;
}
const reopenCampaign = async (where: Where) => {
  await db.updateTable('campaigns').set({ status: 'open' }).where('id', '=', campaignAt[where]).execute();
};
// A checked questionnaire upload of the admin's (uploads are their uploader's only), the same as
// the published version 1 so that publishing it writes no version; made again after a publish.
const uploadId = '00000000-0000-4000-8000-000000000014';
const adminId = (await db.selectFrom('users').select('id').where('email', '=', 'admin@matrix.gov.vn').executeTakeFirstOrThrow()).id;
const keepUpload = async () => {
  if (!(await db.selectFrom('questionnaire_uploads').select('id').where('id', '=', uploadId).executeTakeFirst()))
    await saveUpload(db, uploadId, sipas.definition, adminId);
};
await keepUpload();
const campaignForm = (where: Where, code: string) => ({
  code,
  nameVi: `Đợt ${where} ${++serial}`,
  nameEn: '',
  versionId: String(sipas.versionId),
  agencyIds: String(agencyAt[where].id),
  channels: 'online',
  startsOn: '01/01/2026',
  endsOn: '',
});

let serial = 0;
let closedYears = 0;
const setPointActive = async (where: Where, active: boolean) => {
  await db.updateTable('service_points').set({ active }).where('code', '=', `SP-${where}`).execute();
};
const form = (url: string, fields: Record<string, string>) => ({
  method: 'POST' as const,
  url,
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  payload: new URLSearchParams(fields).toString(),
});

interface RouteCase {
  /** The roles that may use the route at all (the rest get 403). Written out, not derived from the role table. */
  allowed: Role[];
  /** The status of a successful request. */
  ok: number;
  /** Whether the request names an agency or a resource that can lie outside the subtree. */
  scoped: boolean;
  prepare?: (where: Where, role: Role | null) => Promise<void>;
  request(where: Where): InjectOptions;
  /** The status inside the subtree when it is not `ok`: a province-wide setting has nothing inside a department. */
  insideStatus?: number;
}

const userManagers: Role[] = ['admin', 'coordinator'];
const posterPrinters: Role[] = ['admin', 'coordinator', 'manager', 'viewer'];
const paperKeyers: Role[] = ['admin', 'coordinator', 'clerk'];
const kioskManagers: Role[] = ['admin', 'coordinator'];
const agencyManagers: Role[] = ['admin', 'coordinator'];
const resultReaders: Role[] = ['admin', 'coordinator', 'manager', 'viewer'];
const targetManagers: Role[] = ['admin', 'coordinator'];
const resultExporters: Role[] = ['admin', 'coordinator', 'manager'];
const commentReaders: Role[] = ['admin', 'coordinator', 'manager'];
const planMakers: Role[] = ['admin', 'coordinator', 'manager'];
const flagReviewers: Role[] = ['admin', 'coordinator'];
const tokenManagers: Role[] = ['admin', 'coordinator'];
const servedManagers: Role[] = ['admin', 'coordinator'];
const auditReaders: Role[] = ['admin', 'coordinator'];
const campaignManagers: Role[] = ['admin', 'coordinator'];
// Questionnaires serve every province, so only an admin publishes them (server/domain/roles.ts).
const questionnaireManagers: Role[] = ['admin'];
const CASES: Record<string, RouteCase> = {
  'GET /admin': { allowed: ROLES, ok: 200, scoped: false, request: () => ({ url: '/admin' }) },
  'GET /admin/users': { allowed: userManagers, ok: 200, scoped: false, request: () => ({ url: '/admin/users' }) },
  'GET /admin/users/new': { allowed: userManagers, ok: 200, scoped: false, request: () => ({ url: '/admin/users/new' }) },
  'POST /admin/users': {
    allowed: userManagers,
    ok: 303,
    scoped: true,
    request: (where) =>
      form('/admin/users', { email: `new${++serial}@matrix.gov.vn`, role: 'viewer', agencyId: String(agencyAt[where].id), password: '' }),
  },
  'POST /admin/users/:id/disable': {
    allowed: userManagers,
    ok: 303,
    scoped: true,
    prepare: (where) => setDisabled(targets[where], false),
    request: (where) => form(`/admin/users/${targets[where]}/disable`, {}),
  },
  'POST /admin/users/:id/enable': {
    allowed: userManagers,
    ok: 303,
    scoped: true,
    prepare: (where) => setDisabled(targets[where], true),
    request: (where) => form(`/admin/users/${targets[where]}/enable`, {}),
  },
  'GET /admin/service-points': { allowed: posterPrinters, ok: 200, scoped: false, request: () => ({ url: '/admin/service-points' }) },
  'GET /admin/service-points/:code/poster': {
    allowed: posterPrinters,
    ok: 200,
    scoped: true,
    request: (w) => ({ url: `/admin/service-points/SP-${w}/poster?size=a5` }),
  },
  'GET /admin/service-points/:code/qr.svg': {
    allowed: posterPrinters,
    ok: 200,
    scoped: true,
    request: (w) => ({ url: `/admin/service-points/SP-${w}/qr.svg` }),
  },
  'GET /admin/service-points/:code/qr.png': {
    allowed: posterPrinters,
    ok: 200,
    scoped: true,
    request: (w) => ({ url: `/admin/service-points/SP-${w}/qr.png` }),
  },
  'GET /admin/paper': { allowed: paperKeyers, ok: 200, scoped: false, request: () => ({ url: '/admin/paper' }) },
  'GET /admin/paper/key': {
    allowed: paperKeyers,
    ok: 200,
    scoped: true,
    request: (w) => ({ url: `/admin/paper/key?campaign=${paper.paperCampaign}&service_point=${paperAt[w]}` }),
  },
  'POST /admin/paper/key': {
    allowed: paperKeyers,
    ok: 303,
    scoped: true,
    request: (w) =>
      form('/admin/paper/key', {
        campaign: paper.paperCampaign,
        service_point: paperAt[w],
        id: randomUUID(),
        form_date: localDay(new Date()),
        'q.OVERALL': '4',
      }),
  },
  'GET /admin/paper/correct/:id': {
    allowed: paperKeyers,
    ok: 200,
    scoped: true,
    prepare: keyForm,
    request: (w) => ({ url: `/admin/paper/correct/${keyed[w]}` }),
  },
  'POST /admin/paper/correct/:id': {
    allowed: paperKeyers,
    ok: 303,
    scoped: true,
    prepare: keyForm,
    request: (w) => form(`/admin/paper/correct/${keyed[w]}`, { 'q.OVERALL': '5' }),
  },
  'GET /admin/kiosks': { allowed: kioskManagers, ok: 200, scoped: false, request: () => ({ url: '/admin/kiosks' }) },
  'GET /admin/kiosks/new': { allowed: kioskManagers, ok: 200, scoped: false, request: () => ({ url: '/admin/kiosks/new' }) },
  'POST /admin/kiosks': {
    allowed: kioskManagers,
    ok: 201,
    scoped: true,
    request: (w) => form('/admin/kiosks', { servicePointId: String(kioskPoint[w]), name: '' }),
  },
  'GET /admin/kiosks/:id': { allowed: kioskManagers, ok: 200, scoped: true, request: (w) => ({ url: `/admin/kiosks/${kioskAt[w]}` }) },
  'POST /admin/kiosks/:id': {
    allowed: kioskManagers,
    ok: 303,
    scoped: true,
    request: (w) =>
      form(`/admin/kiosks/${kioskAt[w]}`, {
        name: `Màn hình ${w}`,
        questionnaireId: String(kioskQuestionnaire),
        minIntervalSeconds: '5',
        officerName: '',
      }),
  },
  'POST /admin/kiosks/:id/pair': {
    allowed: kioskManagers,
    ok: 200,
    scoped: true,
    prepare: unrevoke,
    request: (w) => form(`/admin/kiosks/${kioskAt[w]}/pair`, {}),
  },
  'POST /admin/kiosks/:id/revoke': {
    allowed: kioskManagers,
    ok: 303,
    scoped: true,
    prepare: unrevoke,
    request: (w) => form(`/admin/kiosks/${kioskAt[w]}/revoke`, {}),
  },
  // A form without a file gets past permission and scope and is then refused for the missing photo.
  'POST /admin/kiosks/:id/photo': {
    allowed: kioskManagers,
    ok: 422,
    scoped: true,
    request: (w) => form(`/admin/kiosks/${kioskAt[w]}/photo`, {}),
  },
  'POST /admin/kiosks/:id/photo/delete': {
    allowed: kioskManagers,
    ok: 303,
    scoped: true,
    prepare: withPhoto,
    request: (w) => form(`/admin/kiosks/${kioskAt[w]}/photo/delete`, {}),
  },
  'GET /admin/kiosks/:id/photo': {
    allowed: kioskManagers,
    ok: 200,
    scoped: true,
    prepare: withPhoto,
    request: (w) => ({ url: `/admin/kiosks/${kioskAt[w]}/photo` }),
  },
  'GET /admin/results/publication': {
    allowed: agencyManagers,
    ok: 200,
    scoped: false,
    request: () => ({ url: '/admin/results/publication' }),
  },
  // A province is a root: a user at its department has no province in scope, not even their own
  // (404 everywhere); tests/routes/public-results.test.ts shows a user at the province succeeding.
  'POST /admin/results/publication': {
    allowed: agencyManagers,
    ok: 303,
    scoped: true,
    insideStatus: 404,
    request: (w) => form('/admin/results/publication', { province: w === 'beside' ? tree.p2.code : tree.p1.code, published: '1' }),
  },
  'POST /admin/results/publication/identifiers': {
    allowed: agencyManagers,
    ok: 303,
    scoped: true,
    insideStatus: 404,
    request: (w) =>
      form('/admin/results/publication/identifiers', { province: w === 'beside' ? tree.p2.code : tree.p1.code, identifiers: '1' }),
  },
  // The province's index rule: like publishing, only a user at the province has it in scope.
  'GET /admin/results/rule': {
    allowed: agencyManagers,
    ok: 200,
    scoped: false,
    request: () => ({ url: '/admin/results/rule' }),
  },
  'POST /admin/results/rule': {
    allowed: agencyManagers,
    ok: 303,
    scoped: true,
    insideStatus: 404,
    request: (w) =>
      form('/admin/results/rule', {
        province: w === 'beside' ? tree.p2.code : tree.p1.code,
        rule: 'overall-question',
        criterion: '5',
        element: '10',
        overall: '30',
      }),
  },
  'GET /admin/targets': { allowed: resultReaders, ok: 200, scoped: false, request: () => ({ url: '/admin/targets' }) },
  'GET /admin/targets/new': { allowed: targetManagers, ok: 200, scoped: false, request: () => ({ url: '/admin/targets/new' }) },
  // A year of its own per request, so that no success is refused as a second target for the same year.
  'POST /admin/targets': {
    allowed: targetManagers,
    ok: 303,
    scoped: true,
    request: (w) =>
      form('/admin/targets', {
        agencyId: String(agencyAt[w].id),
        questionnaireId: '',
        periodKind: 'year',
        year: String(2000 + ++serial),
        indexCode: 'overall',
        comparator: '>',
        threshold: '80',
      }),
  },
  'GET /admin/targets/:id/delete': {
    allowed: targetManagers,
    ok: 200,
    scoped: true,
    prepare: setTarget,
    request: (w) => ({ url: `/admin/targets/${targetRowAt[w]}/delete` }),
  },
  'POST /admin/targets/:id/delete': {
    allowed: targetManagers,
    ok: 303,
    scoped: true,
    prepare: setTarget,
    request: (w) => form(`/admin/targets/${targetRowAt[w]}/delete`, {}),
  },
  'GET /admin/targets/:id/edit': {
    allowed: targetManagers,
    ok: 200,
    scoped: true,
    prepare: setTarget,
    request: (w) => ({ url: `/admin/targets/${targetRowAt[w]}/edit` }),
  },
  'POST /admin/targets/:id/edit': {
    allowed: targetManagers,
    ok: 303,
    scoped: true,
    prepare: setTarget,
    request: (w) => form(`/admin/targets/${targetRowAt[w]}/edit`, { comparator: '>=', threshold: String(50 + (++serial % 40)) }),
  },
  'GET /admin/targets/import': { allowed: targetManagers, ok: 200, scoped: false, request: () => ({ url: '/admin/targets/import' }) },
  // A form without a file gets past permission and is then refused for the missing file; a file
  // naming an agency outside the subtree is refused line by line (tests/routes/targets-edit.test.ts).
  'POST /admin/targets/import': {
    allowed: targetManagers,
    ok: 422,
    scoped: false,
    request: () => form('/admin/targets/import', {}),
  },
  'GET /admin/served': { allowed: servedManagers, ok: 200, scoped: false, request: () => ({ url: '/admin/served' }) },
  // As the targets import: no file is refused after the permission check; a file naming a service
  // point outside the subtree is refused line by line (tests/routes/served.test.ts).
  'POST /admin/served': { allowed: servedManagers, ok: 422, scoped: false, request: () => form('/admin/served', {}) },
  'GET /admin/results': {
    allowed: resultReaders,
    ok: 200,
    scoped: true,
    request: (w) => ({ url: `/admin/results?agency=${agencyAt[w].code}` }),
  },
  'GET /admin/results/compare': {
    allowed: resultReaders,
    ok: 200,
    scoped: true,
    request: (w) => ({ url: `/admin/results/compare?agency=${agencyAt[w].code}` }),
  },
  'GET /admin/results/agency/:code': {
    allowed: resultReaders,
    ok: 200,
    scoped: true,
    request: (w) => ({ url: `/admin/results/agency/${agencyAt[w].code}` }),
  },
  'GET /admin/results/agency/:code/drop-off': {
    allowed: resultReaders,
    ok: 200,
    scoped: true,
    request: (w) => ({ url: `/admin/results/agency/${agencyAt[w].code}/drop-off` }),
  },
  'GET /admin/closed-periods': { allowed: agencyManagers, ok: 200, scoped: false, request: () => ({ url: '/admin/closed-periods' }) },
  // Closes a year for the user's own agency (nothing to name outside it): a new year each time.
  'POST /admin/closed-periods': {
    allowed: agencyManagers,
    ok: 303,
    scoped: false,
    request: () => form('/admin/closed-periods', { year: String(2000 + ++closedYears) }),
  },
  'POST /admin/closed-periods/reopen': {
    allowed: agencyManagers,
    ok: 303,
    scoped: true,
    prepare: async (w) => {
      await closePeriod(db, agencyAt[w].id, 2024, { label: 'test' });
    },
    request: (w) => form('/admin/closed-periods/reopen', { agency: agencyAt[w].code, year: '2024' }),
  },
  // The CSV stands for the three formats: the route, its scope and its permission are theirs too.
  'GET /admin/exports/:format': {
    allowed: resultExporters,
    ok: 200,
    scoped: true,
    request: (w) => ({ url: `/admin/exports/csv?agency=${agencyAt[w].code}` }),
  },
  'GET /admin/comments': {
    allowed: commentReaders,
    ok: 200,
    scoped: true,
    request: (w) => ({ url: `/admin/comments?agency=${agencyAt[w].code}` }),
  },
  'GET /admin/comments/export.csv': {
    allowed: commentReaders,
    ok: 200,
    scoped: true,
    request: (w) => ({ url: `/admin/comments/export.csv?agency=${agencyAt[w].code}` }),
  },
  'GET /admin/comments/:id': {
    allowed: commentReaders,
    ok: 200,
    scoped: true,
    request: (w) => ({ url: `/admin/comments/${responseAt[w]}` }),
  },
  'POST /admin/comments/:id': {
    allowed: commentReaders,
    ok: 303,
    scoped: true,
    request: (w) =>
      form(`/admin/comments/${responseAt[w]}`, {
        status: `${++serial % 2 ? 'in_progress' : 'new'}`,
        assigneeId: '',
        dueOn: '',
        note: '',
        reply: '',
      }),
  },
  'GET /admin/flags': {
    allowed: flagReviewers,
    ok: 200,
    scoped: true,
    request: (w) => ({ url: `/admin/flags?agency=${agencyAt[w].code}` }),
  },
  'POST /admin/flags/review': {
    allowed: flagReviewers,
    ok: 303,
    scoped: true,
    request: (w) => form('/admin/flags/review', { ids: responseAt[w], scope: 'selected', decision: 'exclude', reason: 'Kiểm tra phạm vi' }),
  },
  'GET /admin/flags/:id': {
    allowed: flagReviewers,
    ok: 200,
    scoped: true,
    request: (w) => ({ url: `/admin/flags/${responseAt[w]}` }),
  },
  'POST /admin/flags/:id': {
    allowed: flagReviewers,
    ok: 303,
    scoped: true,
    request: (w) => form(`/admin/flags/${responseAt[w]}`, { decision: 'include', reason: 'Kiểm tra phạm vi' }),
  },
  'GET /admin/agencies': { allowed: agencyManagers, ok: 200, scoped: false, request: () => ({ url: '/admin/agencies?q=xa' }) },
  // Issue 13 pt 2–3 (helper D): changing agencies, the reorganisation wizard, service points.
  'GET /admin/agencies/new': { allowed: agencyManagers, ok: 200, scoped: false, request: () => ({ url: '/admin/agencies/new' }) },
  'POST /admin/agencies/new': {
    allowed: agencyManagers,
    ok: 303,
    scoped: true,
    request: (w) =>
      form('/admin/agencies/new', {
        parentId: String(agencyAt[w].id),
        code: `M-${++serial}`,
        nameVi: 'Phòng mới',
        nameEn: '',
        kind: 'unit',
        validFrom: '',
      }),
  },
  'GET /admin/agencies/:code/edit': {
    allowed: agencyManagers,
    ok: 200,
    scoped: true,
    request: (w) => ({ url: `/admin/agencies/${agencyAt[w].code}/edit` }),
  },
  // The same names again: the route answers 303 and the tree stays as the other cases expect it.
  'POST /admin/agencies/:code/edit': {
    allowed: agencyManagers,
    ok: 303,
    scoped: true,
    request: (w) => form(`/admin/agencies/${agencyAt[w].code}/edit`, { nameVi: agencyAt[w].name_vi, nameEn: '', kind: agencyAt[w].kind }),
  },
  'GET /admin/agencies/:code/close': {
    allowed: agencyManagers,
    ok: 200,
    scoped: true,
    request: (w) => ({ url: `/admin/agencies/${agencyAt[w].code}/close` }),
  },
  // A last day far ahead: the unit stays open today for the other cases.
  'POST /admin/agencies/:code/close': {
    allowed: agencyManagers,
    ok: 303,
    scoped: true,
    request: (w) => form(`/admin/agencies/${agencyAt[w].code}/close`, { validTo: '31/12/2099', successorId: '' }),
  },
  'GET /admin/agencies/:code/move': {
    allowed: agencyManagers,
    ok: 200,
    scoped: true,
    request: (w) => ({ url: `/admin/agencies/${agencyAt[w].code}/move` }),
  },
  // Under the department where it already is: allowed, and nothing moves.
  'POST /admin/agencies/:code/move': {
    allowed: agencyManagers,
    ok: 303,
    scoped: true,
    request: (w) => form(`/admin/agencies/${agencyAt[w].code}/move`, { parentId: String(tree.d1.id) }),
  },
  'GET /admin/agencies/import': { allowed: agencyManagers, ok: 200, scoped: false, request: () => ({ url: '/admin/agencies/import' }) },
  // A form without a file gets past the permission and is then refused for the missing file.
  'POST /admin/agencies/import': { allowed: agencyManagers, ok: 422, scoped: false, request: () => form('/admin/agencies/import', {}) },
  'GET /admin/agencies/reorganise': {
    allowed: agencyManagers,
    ok: 200,
    scoped: false,
    request: () => ({ url: '/admin/agencies/reorganise' }),
  },
  // The first step writes nothing; the units it names are checked at the later steps and the confirmation.
  'POST /admin/agencies/reorganise': {
    allowed: agencyManagers,
    ok: 303,
    scoped: false,
    request: () => form('/admin/agencies/reorganise', { step: 'kind', kind: 'merge' }),
  },
  'GET /admin/service-points/new': {
    allowed: agencyManagers,
    ok: 200,
    scoped: false,
    request: () => ({ url: '/admin/service-points/new' }),
  },
  'POST /admin/service-points/new': {
    allowed: agencyManagers,
    ok: 303,
    scoped: true,
    request: (w) =>
      form('/admin/service-points/new', { agencyId: String(agencyAt[w].id), code: `SPN-${++serial}`, nameVi: 'Quầy mới', nameEn: '' }),
  },
  'GET /admin/service-points/:code/edit': {
    allowed: agencyManagers,
    ok: 200,
    scoped: true,
    request: (w) => ({ url: `/admin/service-points/SP-${w}/edit` }),
  },
  'POST /admin/service-points/:code/edit': {
    allowed: agencyManagers,
    ok: 303,
    scoped: true,
    request: (w) => form(`/admin/service-points/SP-${w}/edit`, { agencyId: String(agencyAt[w].id), nameVi: `Quầy ${w}`, nameEn: '' }),
  },
  'POST /admin/service-points/:code/close': {
    allowed: agencyManagers,
    ok: 303,
    scoped: true,
    prepare: (w) => setPointActive(w, true),
    request: (w) => form(`/admin/service-points/SP-${w}/close`, {}),
  },
  'POST /admin/service-points/:code/reopen': {
    allowed: agencyManagers,
    ok: 303,
    scoped: true,
    prepare: (w) => setPointActive(w, false),
    request: (w) => form(`/admin/service-points/SP-${w}/reopen`, {}),
  },
  'GET /admin/tokens': { allowed: tokenManagers, ok: 200, scoped: false, request: () => ({ url: '/admin/tokens' }) },
  'POST /admin/tokens': {
    allowed: tokenManagers,
    ok: 303,
    scoped: true,
    request: (w) =>
      form('/admin/tokens', { name: `Hệ thống ${++serial}`, agencyId: String(agencyAt[w].id), scope: 'submit', expiresOn: '' }),
  },
  'POST /admin/tokens/:id/revoke': {
    allowed: tokenManagers,
    ok: 303,
    scoped: true,
    prepare: unrevokeToken,
    request: (w) => form(`/admin/tokens/${tokenAt[w]}/revoke`, {}),
  },
  'GET /admin/audit': {
    allowed: auditReaders,
    ok: 200,
    scoped: true,
    request: (w) => ({ url: `/admin/audit?agency=${agencyAt[w].code}` }),
  },
  // Issue 13 points 4–5 (campaigns, questionnaires).
  'GET /admin/campaigns': { allowed: campaignManagers, ok: 200, scoped: false, request: () => ({ url: '/admin/campaigns' }) },
  'GET /admin/campaigns/new': { allowed: campaignManagers, ok: 200, scoped: false, request: () => ({ url: '/admin/campaigns/new' }) },
  'POST /admin/campaigns': {
    allowed: campaignManagers,
    ok: 303,
    scoped: true,
    request: (w) => form('/admin/campaigns', campaignForm(w, `NEW-${w}-${++serial}`)),
  },
  'GET /admin/campaigns/:id': {
    allowed: campaignManagers,
    ok: 200,
    scoped: true,
    request: (w) => ({ url: `/admin/campaigns/${campaignAt[w]}` }),
  },
  'POST /admin/campaigns/:id': {
    allowed: campaignManagers,
    ok: 303,
    scoped: true,
    request: (w) => form(`/admin/campaigns/${campaignAt[w]}`, campaignForm(w, '')),
  },
  'POST /admin/campaigns/:id/close': {
    allowed: campaignManagers,
    ok: 303,
    scoped: true,
    prepare: reopenCampaign,
    request: (w) => form(`/admin/campaigns/${campaignAt[w]}/close`, {}),
  },
  'GET /admin/questionnaires': {
    allowed: questionnaireManagers,
    ok: 200,
    scoped: false,
    request: () => ({ url: '/admin/questionnaires' }),
  },
  'GET /admin/questionnaires/upload': {
    allowed: questionnaireManagers,
    ok: 200,
    scoped: false,
    request: () => ({ url: '/admin/questionnaires/upload' }),
  },
  // An empty form gets past the permission and is then refused for the missing definition.
  'POST /admin/questionnaires/upload': {
    allowed: questionnaireManagers,
    ok: 422,
    scoped: false,
    request: () => form('/admin/questionnaires/upload', { definition: '' }),
  },
  'GET /admin/questionnaires/uploads/:id': {
    allowed: questionnaireManagers,
    ok: 200,
    scoped: false,
    prepare: keepUpload,
    request: () => ({ url: `/admin/questionnaires/uploads/${uploadId}` }),
  },
  'GET /admin/questionnaires/uploads/:id/preview': {
    allowed: questionnaireManagers,
    ok: 200,
    scoped: false,
    prepare: keepUpload,
    request: () => ({ url: `/admin/questionnaires/uploads/${uploadId}/preview?page=2` }),
  },
  'POST /admin/questionnaires/uploads/:id/publish': {
    allowed: questionnaireManagers,
    ok: 303,
    scoped: false,
    prepare: keepUpload,
    request: () => form(`/admin/questionnaires/uploads/${uploadId}/publish`, {}),
  },
  'GET /admin/questionnaires/:code/:version/preview': {
    allowed: questionnaireManagers,
    ok: 200,
    scoped: false,
    request: () => ({ url: '/admin/questionnaires/sipas-2017/1/preview' }),
  },
  'GET /admin/questionnaires/:code/diff': {
    allowed: questionnaireManagers,
    ok: 200,
    scoped: false,
    request: () => ({ url: '/admin/questionnaires/sipas-2017/diff?from=1&to=1' }),
  },
  'GET /admin/plans': {
    allowed: resultReaders,
    ok: 200,
    scoped: true,
    request: (w) => ({ url: `/admin/plans?agency=${agencyAt[w].code}` }),
  },
  'GET /admin/plans/new': {
    allowed: planMakers,
    ok: 200,
    scoped: true,
    request: (w) => ({ url: `/admin/plans/new?agency=${agencyAt[w].code}&index=overall&period=year&year=2026` }),
  },
  'POST /admin/plans': {
    allowed: planMakers,
    ok: 303,
    scoped: true,
    request: (w) =>
      form('/admin/plans', {
        agency: agencyAt[w].code,
        period: 'year',
        year: '2026',
        index: 'overall',
        weakness: 'Chỉ số chung thấp',
        measures: 'Rà soát quy trình',
        responsibleAgencyId: String(agencyAt[w].id),
        dueOn: '31/12/2026',
      }),
  },
  'GET /admin/plans/:id': {
    allowed: resultReaders,
    ok: 200,
    scoped: true,
    request: (w) => ({ url: `/admin/plans/${planAt[w]}` }),
  },
  'POST /admin/plans/:id': {
    allowed: planMakers,
    ok: 303,
    scoped: true,
    request: (w) =>
      form(`/admin/plans/${planAt[w]}`, {
        status: 'in_progress',
        measures: `Biện pháp ${++serial}`,
        responsibleAgencyId: String(agencyAt[w].id),
        dueOn: '30/06/2026',
        outcome: '',
      }),
  },
};

/** Everything a staff request could change, to prove a refused one changed nothing. */
async function snapshot() {
  const users = await db.selectFrom('users').select(['id', 'email', 'role', 'agency_id', 'disabled_at']).orderBy('id').execute();
  const follow = await db
    .selectFrom('responses as r')
    .leftJoin('response_comments as c', 'c.response_id', 'r.id')
    .select(['r.id', 'r.status', 'c.follow_up_status'])
    .orderBy('r.id')
    .execute();
  const plans = await db.selectFrom('improvement_plans').select(['id', 'status', 'measures']).orderBy('id').execute();
  const tokens = await db.selectFrom('api_tokens').select(['id', 'revoked_at']).orderBy('id').execute();
  const campaigns = await db.selectFrom('campaigns').select(['id', 'name_vi', 'status']).orderBy('id').execute();
  const versions = await db.selectFrom('questionnaire_versions').select('id').orderBy('id').execute();
  const audit = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const agencies = await db
    .selectFrom('agencies')
    .select(['id', 'parent_id', 'path', 'name_vi', 'valid_to', 'successor_id'])
    .orderBy('id')
    .execute();
  const points = await db.selectFrom('service_points').select(['id', 'agency_id', 'name_vi', 'active']).orderBy('id').execute();
  return JSON.stringify({ users, audit: Number(audit.n), follow, plans, tokens, campaigns, versions, agencies, points });
}

function withSession(opts: InjectOptions, s: StaffSession | null): InjectOptions {
  if (!s) return opts;
  const fields = typeof opts.payload === 'string' ? new URLSearchParams(opts.payload) : null;
  if (fields) fields.set('_csrf', s.csrf);
  return { ...opts, cookies: s.cookies, ...(fields ? { payload: fields.toString() } : {}) };
}

t.test('every staff route is classified', async (t) => {
  t.ok(routes.length >= Object.keys(CASES).length, `found ${routes.length} staff routes`);
  for (const r of routes) t.ok(CASES[r], `classified: ${r}`);
  for (const k of Object.keys(CASES)) t.ok(routes.includes(k), `still exists: ${k}`);
});

for (const route of routes) {
  const c = CASES[route];
  if (!c) continue;
  t.test(route, async (t) => {
    for (const where of WHERES) {
      await c.prepare?.(where, null);
      const before = await snapshot();
      const res = await fastify.inject(withSession(c.request(where), null));
      t.equal(res.statusCode, 303, `signed out, ${where}: 303`);
      t.match(res.headers.location, /^\/sign-in(\?|$)/, `signed out, ${where}: to sign-in`);
      t.equal(await snapshot(), before, `signed out, ${where}: nothing changed`);
    }
    for (const role of ROLES) {
      for (const where of WHERES) {
        await c.prepare?.(where, role);
        const before = await snapshot();
        const res = await fastify.inject(withSession(c.request(where), sessions[role]));
        const expected = !c.allowed.includes(role) ? 403 : c.scoped && where !== 'inside' ? 404 : (c.insideStatus ?? c.ok);
        t.equal(res.statusCode, expected, `${role}, ${where}: ${expected}`);
        if (expected >= 400) t.equal(await snapshot(), before, `${role}, ${where}: nothing changed`);
        if (expected === 404) t.notMatch(res.body, /target-|new\d+@|Tỉnh Hai|Tỉnh Một/, `${role}, ${where}: the 404 reveals nothing`);
      }
    }
  });
}
