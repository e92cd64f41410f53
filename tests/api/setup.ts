// The real app with a small tree, a SIPAS campaign and real API tokens, for /api/v1 tests.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../helpers/app.ts';
import { staffTree, type StaffTree } from '../helpers/staff.ts';
import type { DatabaseHandle } from '../../server/db/connection.ts';
import { createApiToken, revokeApiToken } from '../../server/db/queries/api-tokens.ts';
import { insertCampaign } from '../../server/db/queries/campaigns.ts';
import { ensureBuiltInQuestionnaires, findQuestionnaireVersion } from '../../server/db/queries/questionnaires.ts';
import { insertServicePoint } from '../../server/db/queries/service-points.ts';
import { backdateVersions } from '../helpers/versions.ts';

export interface ApiWorld {
  app: FastifyInstance;
  database: DatabaseHandle;
  tree: StaffTree;
  tokens: { submit: string; read: string; revoked: string; department: string };
  campaignId: number;
}

export async function apiWorld(): Promise<ApiWorld> {
  const { app, database } = await buildTestApp();
  const { db } = database;
  await ensureBuiltInQuestionnaires(db);
  // Responses here are dated back to 2026-01 and the campaign from 2020: versions published long ago.
  await backdateVersions(db);
  const tree = await staffTree(db);
  await insertServicePoint(db, { code: 'SP-XA', agencyId: tree.c1.id, nameVi: 'Bộ phận một cửa Xã Một', nameEn: null });
  await insertServicePoint(db, { code: 'SP-P2', agencyId: tree.d2.id, nameVi: 'Quầy Sở Nội vụ Tỉnh Hai', nameEn: null });
  await insertServicePoint(db, { code: 'SP-OLD', agencyId: tree.c1.id, nameVi: 'Quầy cũ', nameEn: null, active: false });
  const sipas = (await findQuestionnaireVersion(db, 'sipas-2017', 1))!;
  const campaign = await insertCampaign(db, {
    code: 'P1-SIPAS',
    nameVi: 'Khảo sát SIPAS Tỉnh Một',
    nameEn: null,
    questionnaireVersionId: sipas.versionId,
    provinceId: tree.p1.id,
    startsOn: '2020-01-01',
    endsOn: null,
    channels: ['online', 'paper', 'api'],
    agencyIds: [tree.p1.id],
  });
  const token = async (agencyId: number, scope: 'submit' | 'read') =>
    (await createApiToken(db, { name: `test ${scope}`, agencyId, scope })).token;
  const revoked = await createApiToken(db, { name: 'old', agencyId: tree.p1.id, scope: 'submit' });
  await revokeApiToken(db, revoked.row.id);
  return {
    app,
    database,
    tree,
    tokens: {
      submit: await token(tree.p1.id, 'submit'),
      read: await token(tree.p1.id, 'read'),
      revoked: revoked.token,
      department: await token(tree.d1.id, 'submit'),
    },
    campaignId: campaign.id,
  };
}

/** A complete SIPAS response as another system would send it. */
export function sipasResponse(over: Record<string, unknown> = {}): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (const [element, n] of [
    ['E1', 4],
    ['E2', 5],
    ['E3', 6],
    ['E4', 3],
  ] as const) {
    for (let i = 1; i <= n; i++) answers[`${element}.${i}`] = i === 2 ? 0 : 4;
    answers[`${element}.S`] = 4;
  }
  Object.assign(answers, { 'E5.0': 1, 'E5.1': 5, 'E5.2': 4, 'E5.3': 4, 'E5.4': 3, 'E5.S': 4, OVERALL: 4, 'X.IMPROVE': ['time', 'online'] });
  return {
    id: randomUUID(),
    questionnaire: 'sipas-2017',
    version: 1,
    service_point: 'SP-XA',
    channel: 'api',
    submitted_at: new Date(Date.now() - 3600_000).toISOString().replace('Z', '+00:00'),
    locale: 'vi',
    answers,
    comment: 'Cán bộ hướng dẫn tận tình.',
    background: { 'B.TYPE': 'individual', 'B.FIELD': 'land', 'B.CHANNEL': 'counter', 'B.TRIPS': '1', 'B.AGE': '31-45' },
    ...over,
  };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
