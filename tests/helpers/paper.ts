// Paper keying fixtures over the staff tree: the built-in questionnaires, one service point per
// agency, a campaign taking paper forms over both provinces and one that does not, and a way to
// put a keyed form on record for a user (through intake, as the page would).
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { SubmissionQueue } from '../../server/db/group-commit.ts';
import { insertCampaign } from '../../server/db/queries/campaigns.ts';
import { ensureBuiltInQuestionnaires, findQuestionnaireVersion } from '../../server/db/queries/questionnaires.ts';
import { insertServicePoint } from '../../server/db/queries/service-points.ts';
import type { Database } from '../../server/db/schema.ts';
import { intake } from '../../server/intake/intake.ts';
import type { StaffTree } from './staff.ts';

export interface PaperFixture {
  /** Service point codes, one per agency of the tree. */
  servicePoint: Record<keyof StaffTree, string>;
  paperCampaign: string;
  kioskCampaign: string;
}

export async function paperFixture(db: Kysely<Database>, tree: StaffTree): Promise<PaperFixture> {
  await ensureBuiltInQuestionnaires(db);
  const sipas = await findQuestionnaireVersion(db, 'sipas-2017');
  if (!sipas) throw new Error('sipas-2017 is not published');
  const servicePoint = {} as Record<keyof StaffTree, string>;
  for (const key of ['p1', 'd1', 'c1', 'p2', 'd2'] as const) {
    const code = `SP-${key.toUpperCase()}`;
    await insertServicePoint(db, { code, agencyId: tree[key].id, nameVi: `Quầy ${key.toUpperCase()}`, nameEn: null });
    servicePoint[key] = code;
  }
  const campaign = (code: string, channels: ('paper' | 'online' | 'kiosk')[]) =>
    insertCampaign(db, {
      code,
      nameVi: `Đợt ${code}`,
      nameEn: null,
      questionnaireVersionId: sipas.versionId,
      provinceId: tree.p1.id,
      startsOn: '2020-01-01',
      endsOn: null,
      channels,
      agencyIds: [tree.p1.id, tree.p2.id],
    });
  await campaign('PAPER-2026', ['online', 'paper']);
  await campaign('ONLINE-2026', ['online', 'kiosk']);
  return { servicePoint, paperCampaign: 'PAPER-2026', kioskCampaign: 'ONLINE-2026' };
}

/** A paper form keyed now by the user with this email, as the keying page stores it; returns its id. */
export async function keyPaperForm(
  db: Kysely<Database>,
  f: { email: string; servicePointCode: string; campaignCode?: string; answers?: Record<string, unknown> },
): Promise<string> {
  const user = await db.selectFrom('users').select('id').where('email', '=', f.email).executeTakeFirstOrThrow();
  const result = await intake(db, new SubmissionQueue(db), {
    id: randomUUID(),
    campaignCode: f.campaignCode ?? 'PAPER-2026',
    servicePointCode: f.servicePointCode,
    channel: 'paper',
    submittedAt: new Date(Date.now() - 3600_000),
    locale: 'vi',
    answers: f.answers ?? { 'E1.1': 4, OVERALL: 4 },
    completeness: 'lenient',
    enteredBy: user.id,
  });
  if (!result.ok || result.outcome !== 'created') throw new Error(`fixture form not stored: ${JSON.stringify(result)}`);
  return result.id;
}
