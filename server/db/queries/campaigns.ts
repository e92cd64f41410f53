// Campaigns: a questionnaire version used by some agencies (each with its subtree) over a period,
// on some channels.
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { CampaignsTable, Channel, Database } from '../schema.ts';
import { forgetLookups } from '../lookup-cache.ts';
import { escapeLike } from './agencies.ts';

type Db = Kysely<Database> | Transaction<Database>;
export type Campaign = Selectable<CampaignsTable>;

export interface CampaignInput {
  code: string;
  nameVi: string;
  nameEn: string | null;
  questionnaireVersionId: number;
  provinceId: number;
  startsOn: string;
  endsOn: string | null;
  channels: Channel[];
  status?: 'open' | 'closed';
  createdBy?: number | null;
  /** The agencies covered; each covers its whole subtree. */
  agencyIds: number[];
}

export async function insertCampaign(db: Db, c: CampaignInput): Promise<Campaign> {
  const campaign = await db
    .insertInto('campaigns')
    .values({
      code: c.code,
      name_vi: c.nameVi,
      name_en: c.nameEn,
      questionnaire_version_id: c.questionnaireVersionId,
      province_id: c.provinceId,
      starts_on: c.startsOn,
      ends_on: c.endsOn,
      channels: c.channels,
      status: c.status ?? 'open',
      created_by: c.createdBy ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  if (c.agencyIds.length > 0) {
    await db
      .insertInto('campaign_agencies')
      .values(c.agencyIds.map((agencyId) => ({ campaign_id: campaign.id, agency_id: agencyId })))
      .execute();
  }
  forgetLookups();
  return campaign;
}

export async function findCampaignByCode(db: Db, code: string): Promise<Campaign | undefined> {
  return db.selectFrom('campaigns').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function listCampaignsOfProvince(db: Db, provinceId: number): Promise<Campaign[]> {
  return db.selectFrom('campaigns').selectAll().where('province_id', '=', provinceId).orderBy('starts_on').orderBy('code').execute();
}

export async function campaignAgencyIds(db: Db, campaignId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('campaign_agencies')
    .select('agency_id')
    .where('campaign_id', '=', campaignId)
    .orderBy('agency_id')
    .execute();
  return rows.map((r) => r.agency_id);
}

export async function findCampaignById(db: Db, id: number): Promise<Campaign | undefined> {
  return db.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The agencies a campaign covers, with what the scope check and the pages need. */
export async function campaignAgencies(
  db: Db,
  campaignId: number,
): Promise<{ id: number; code: string; path: string; name_vi: string; name_en: string | null }[]> {
  return db
    .selectFrom('campaign_agencies as ca')
    .innerJoin('agencies as a', 'a.id', 'ca.agency_id')
    .select(['a.id', 'a.code', 'a.path', 'a.name_vi', 'a.name_en'])
    .where('ca.campaign_id', '=', campaignId)
    .orderBy('a.path')
    .execute();
}

export interface CampaignListRow extends Campaign {
  questionnaire_code: string;
  questionnaire_title_vi: string;
  questionnaire_title_en: string | null;
  version: number;
  agency_count: number;
}

/**
 * The campaigns an actor oversees: those whose every covered agency lies in the subtree (a
 * campaign covering a unit outside it is someone else's to change, invariant 5). Newest first.
 */
export async function listCampaignsInScope(db: Db, scopePath: string): Promise<CampaignListRow[]> {
  const rows = await db
    .selectFrom('campaigns as c')
    .innerJoin('questionnaire_versions as v', 'v.id', 'c.questionnaire_version_id')
    .innerJoin('questionnaires as q', 'q.id', 'v.questionnaire_id')
    .selectAll('c')
    .select([
      'q.code as questionnaire_code',
      'q.title_vi as questionnaire_title_vi',
      'q.title_en as questionnaire_title_en',
      'v.version',
      sql<number>`(select count(*) from campaign_agencies ca where ca.campaign_id = c.id)`.as('agency_count'),
    ])
    .where(({ exists, not, selectFrom }) =>
      not(
        exists(
          selectFrom('campaign_agencies as ca')
            .innerJoin('agencies as a', 'a.id', 'ca.agency_id')
            .select(sql`1`.as('one'))
            .whereRef('ca.campaign_id', '=', 'c.id')
            .where('a.path', 'not like', `${escapeLike(scopePath)}%`),
        ),
      ),
    )
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('campaign_agencies as ca')
          .select(sql`1`.as('one'))
          .whereRef('ca.campaign_id', '=', 'c.id'),
      ),
    )
    .orderBy('c.starts_on', 'desc')
    .orderBy('c.code')
    .execute();
  return rows.map((r) => ({ ...r, agency_count: Number(r.agency_count) }));
}

export interface CampaignChanges {
  nameVi: string;
  nameEn: string | null;
  questionnaireVersionId: number;
  startsOn: string;
  endsOn: string | null;
  channels: Channel[];
  agencyIds: number[];
}

/** Rewrites a campaign's settings and the agencies it covers. */
export async function updateCampaign(db: Db, id: number, c: CampaignChanges): Promise<void> {
  await db
    .updateTable('campaigns')
    .set({
      name_vi: c.nameVi,
      name_en: c.nameEn,
      questionnaire_version_id: c.questionnaireVersionId,
      starts_on: c.startsOn,
      ends_on: c.endsOn,
      channels: c.channels,
    })
    .where('id', '=', id)
    .execute();
  await db.deleteFrom('campaign_agencies').where('campaign_id', '=', id).execute();
  if (c.agencyIds.length > 0)
    await db
      .insertInto('campaign_agencies')
      .values(c.agencyIds.map((agencyId) => ({ campaign_id: id, agency_id: agencyId })))
      .execute();
  forgetLookups();
}

/** Closes an open campaign; false when it was closed already. */
export async function closeCampaignRow(db: Db, id: number): Promise<boolean> {
  const r = await db
    .updateTable('campaigns')
    .set({ status: 'closed' })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  forgetLookups();
  return Number(r.numUpdatedRows) > 0;
}

/** Whether any response was stored under the campaign: its questionnaire version is then fixed. */
export async function campaignHasResponses(db: Db, id: number): Promise<boolean> {
  const row = await db.selectFrom('responses').select('id').where('campaign_id', '=', id).limit(1).executeTakeFirst();
  return row !== undefined;
}

/** The active service points in the subtrees a campaign covers: the places its `/s/…` links open. */
export async function campaignServicePoints(
  db: Db,
  campaignId: number,
): Promise<{ code: string; name_vi: string; name_en: string | null; agency_name_vi: string; agency_name_en: string | null }[]> {
  return db
    .selectFrom('service_points as sp')
    .innerJoin('agencies as a', 'a.id', 'sp.agency_id')
    .select(['sp.code', 'sp.name_vi', 'sp.name_en', 'a.name_vi as agency_name_vi', 'a.name_en as agency_name_en'])
    .where('sp.active', '=', true)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('campaign_agencies as ca')
          .innerJoin('agencies as c', 'c.id', 'ca.agency_id')
          .select(sql`1`.as('one'))
          .where('ca.campaign_id', '=', campaignId)
          .where(sql<boolean>`a.path like c.path || '%'`),
      ),
    )
    .orderBy('a.path')
    .orderBy('sp.code')
    .execute();
}
