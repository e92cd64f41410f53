// Campaigns (đợt khảo sát): create, change and close, for the campaigns pages and `hailong
// campaign` alike (decision 44). Each checks that every agency covered lies in the actor's subtree
// and in one province, writes and audits in one transaction (before and after, decision 47), and
// returns what happened; the callers only parse their input and word the answer.
import type { Kysely, Transaction } from 'kysely';
import { findAgencyById, pathIds } from '../db/queries/agencies.ts';
import { audit } from '../db/queries/audit.ts';
import {
  campaignAgencies,
  campaignHasResponses,
  closeCampaignRow,
  findCampaignByCode,
  findCampaignById,
  insertCampaign,
  updateCampaign as updateCampaignRow,
  type CampaignChanges,
  type Campaign,
} from '../db/queries/campaigns.ts';
import { findQuestionnaireVersionById } from '../db/queries/questionnaires.ts';
import type { Agency, Channel, Database } from '../db/schema.ts';
import { actorReaches, auditedBy, type Actor } from './actor.ts';

/** What a coordinator sets on a campaign: the very columns the query writes (one shape, not two). */
export type CampaignSettings = CampaignChanges;

export interface NewCampaign extends CampaignSettings {
  code: string;
}

/** Why a campaign was not saved; each is worded by the caller next to the field it concerns. */
export type CampaignProblem =
  'code-taken' | 'agency-not-found' | 'provinces-mixed' | 'version-not-found' | 'version-fixed' | 'ends-before-start';

export type SaveCampaignResult = { ok: true; campaign: Campaign } | { ok: false; problems: CampaignProblem[] };

/** A campaign the actor may see and change: every agency it covers lies in their subtree. */
export async function campaignForActor(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
): Promise<{ campaign: Campaign; agencies: Awaited<ReturnType<typeof campaignAgencies>> } | null> {
  const campaign = await findCampaignById(db, id);
  if (!campaign) return null;
  const agencies = await campaignAgencies(db, id);
  if (agencies.length === 0 && actor.scopePath !== null) return null;
  if (!agencies.every((a) => actorReaches(actor, a.path))) return null;
  return { campaign, agencies };
}

/** The checks shared by create and change; the agencies found and their one province. */
async function check(
  db: Kysely<Database>,
  actor: Actor,
  s: CampaignSettings,
): Promise<{ problems: CampaignProblem[]; agencies: Agency[]; provinceId: number | null }> {
  const problems: CampaignProblem[] = [];
  const agencies: Agency[] = [];
  for (const id of new Set(s.agencyIds)) {
    const a = await findAgencyById(db, id);
    // Outside the subtree looks exactly like an agency that does not exist.
    if (!a || !actorReaches(actor, a.path)) {
      problems.push('agency-not-found');
      break;
    }
    agencies.push(a);
  }
  if (s.agencyIds.length === 0) problems.push('agency-not-found');
  const provinces = new Set(agencies.map((a) => a.province_id ?? a.id));
  if (provinces.size > 1) problems.push('provinces-mixed');
  if (!(await findQuestionnaireVersionById(db, s.questionnaireVersionId))) problems.push('version-not-found');
  if (s.endsOn !== null && s.endsOn < s.startsOn) problems.push('ends-before-start');
  return { problems, agencies, provinceId: provinces.size === 1 ? [...provinces][0]! : null };
}

/** The lowest agency above or at all of these: the campaign's agency in the audit log. */
function commonAgency(paths: string[]): number | null {
  const lists = paths.map(pathIds);
  const first = lists[0];
  if (!first) return null;
  let common: number | null = null;
  for (let i = 0; i < first.length; i++) {
    if (lists.every((l) => l[i] === first[i])) common = first[i]!;
    else break;
  }
  return common;
}

const settingsOf = (c: Campaign, agencyIds: number[]) => ({
  nameVi: c.name_vi,
  nameEn: c.name_en,
  questionnaireVersionId: c.questionnaire_version_id,
  startsOn: c.starts_on,
  endsOn: c.ends_on,
  channels: c.channels,
  agencyIds,
});

export async function createCampaign(db: Kysely<Database>, actor: Actor, input: NewCampaign): Promise<SaveCampaignResult> {
  const checked = await check(db, actor, input);
  const problems = [...checked.problems];
  if (await findCampaignByCode(db, input.code)) problems.unshift('code-taken');
  if (problems.length > 0 || checked.provinceId === null) return { ok: false, problems };
  const provinceId = checked.provinceId;
  const campaign = await db.transaction().execute(async (trx: Transaction<Database>) => {
    const made = await insertCampaign(trx, { ...input, provinceId, createdBy: actor.userId });
    await audit(trx, {
      action: 'campaign.add',
      ...auditedBy(actor),
      agencyId: commonAgency(checked.agencies.map((a) => a.path)),
      details: { campaignId: made.id, code: made.code, after: settingsOf(made, input.agencyIds) },
    });
    return made;
  });
  return { ok: true, campaign };
}

export async function changeCampaign(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
  input: CampaignSettings,
): Promise<SaveCampaignResult | null> {
  const found = await campaignForActor(db, actor, id);
  // Null: no such campaign, or not the actor's (the same answer for both).
  if (!found) return null;
  const { campaign } = found;
  const checked = await check(db, actor, input);
  const problems = [...checked.problems];
  // Answers already stored were given to one version: the campaign keeps it (invariant 3).
  if (input.questionnaireVersionId !== campaign.questionnaire_version_id && (await campaignHasResponses(db, id)))
    problems.push('version-fixed');
  // A campaign stays in its province: its responses carry the province key.
  if (checked.provinceId !== null && checked.provinceId !== campaign.province_id) problems.push('provinces-mixed');
  if (problems.length > 0) return { ok: false, problems };
  const before = settingsOf(
    campaign,
    found.agencies.map((a) => a.id),
  );
  const updated = await db.transaction().execute(async (trx) => {
    await updateCampaignRow(trx, id, input);
    await audit(trx, {
      action: 'campaign.change',
      ...auditedBy(actor),
      agencyId: commonAgency([...found.agencies, ...checked.agencies].map((a) => a.path)),
      details: { campaignId: id, code: campaign.code, before, after: { ...input, agencyIds: [...new Set(input.agencyIds)] } },
    });
    return (await findCampaignById(trx, id))!;
  });
  return { ok: true, campaign: updated };
}

export type CloseCampaignResult = 'closed' | 'already' | 'not-found';

/** Closes a campaign: its links stop taking answers at once. A second close changes nothing. */
export async function closeCampaign(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
): Promise<{ result: CloseCampaignResult; campaign?: Campaign }> {
  const found = await campaignForActor(db, actor, id);
  if (!found) return { result: 'not-found' };
  const closed = await db.transaction().execute(async (trx) => {
    const done = await closeCampaignRow(trx, id);
    if (done)
      await audit(trx, {
        action: 'campaign.close',
        ...auditedBy(actor),
        agencyId: commonAgency(found.agencies.map((a) => a.path)),
        details: { campaignId: id, code: found.campaign.code, before: { status: 'open' }, after: { status: 'closed' } },
      });
    return done;
  });
  return { result: closed ? 'closed' : 'already', campaign: found.campaign };
}
