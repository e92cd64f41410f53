// Campaigns: a questionnaire version used by some agencies (each with its subtree) over a period,
// on some channels.
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { CampaignsTable, Channel, Database } from '../schema.ts';
import { forgetLookups } from '../lookup-cache.ts';

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
