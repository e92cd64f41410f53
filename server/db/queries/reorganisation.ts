// What a reorganisation of agencies touches besides the tree itself (issue 13): the service points
// that move to the unit that takes over, the open campaigns that name a closed unit directly, and
// the history (responses, users) that stays with the closed units. Read for the preview, written in
// the reorganisation's transaction.
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { CampaignsTable, Database, ServicePoint } from '../schema.ts';
import { forgetLookups } from '../lookup-cache.ts';

type Campaign = Selectable<CampaignsTable>;
type Db = Kysely<Database> | Transaction<Database>;

/** The active service points of these agencies (not of their sub-units), by code. */
export async function activeServicePointsOf(db: Db, agencyIds: readonly number[]): Promise<ServicePoint[]> {
  if (agencyIds.length === 0) return [];
  return db
    .selectFrom('service_points')
    .selectAll()
    .where('agency_id', 'in', [...agencyIds])
    .where('active', '=', true)
    .orderBy('code')
    .execute();
}

/** Moves service points to another agency, with its province key. */
export async function moveServicePoints(db: Db, pointIds: readonly number[], agencyId: number): Promise<void> {
  if (pointIds.length === 0) return;
  await sql`
    update service_points sp set agency_id = a.id, province_id = coalesce(a.province_id, a.id)
    from agencies a where a.id = ${agencyId}::bigint and sp.id = any(${[...pointIds]}::bigint[])`.execute(db);
  forgetLookups();
}

/** Open campaigns that name one of these agencies directly (a campaign over an ancestor covers the new unit by itself). */
export async function openCampaignsNaming(db: Db, agencyIds: readonly number[]): Promise<(Campaign & { agency_id: number })[]> {
  if (agencyIds.length === 0) return [];
  return db
    .selectFrom('campaigns')
    .innerJoin('campaign_agencies', 'campaign_agencies.campaign_id', 'campaigns.id')
    .selectAll('campaigns')
    .select('campaign_agencies.agency_id')
    .where('campaign_agencies.agency_id', 'in', [...agencyIds])
    .where('campaigns.status', '=', 'open')
    .orderBy('campaigns.code')
    .execute();
}

/** Adds agencies to a campaign's coverage; one already covered stays as it is. */
export async function addCampaignAgencies(db: Db, campaignId: number, agencyIds: readonly number[]): Promise<void> {
  if (agencyIds.length === 0) return;
  await db
    .insertInto('campaign_agencies')
    .values(agencyIds.map((agency_id) => ({ campaign_id: campaignId, agency_id })))
    .onConflict((oc) => oc.doNothing())
    .execute();
  forgetLookups();
}

/** Responses and staff users attached to each agency itself: the history and the people a closing leaves in place. */
export async function historyOf(db: Db, agencyIds: readonly number[]): Promise<Map<number, { responses: number; users: number }>> {
  const out = new Map<number, { responses: number; users: number }>(agencyIds.map((id) => [id, { responses: 0, users: 0 }]));
  if (agencyIds.length === 0) return out;
  const ids = [...agencyIds];
  const r = await sql<{ agency_id: number; n: number }>`
    select agency_id, count(*)::int as n from responses where agency_id = any(${ids}::bigint[]) group by agency_id`.execute(db);
  for (const row of r.rows) out.get(Number(row.agency_id))!.responses = Number(row.n);
  const u = await sql<{ agency_id: number; n: number }>`
    select agency_id, count(*)::int as n from users where agency_id = any(${ids}::bigint[]) and disabled_at is null
    group by agency_id`.execute(db);
  for (const row of u.rows) out.get(Number(row.agency_id))!.users = Number(row.n);
  return out;
}

/** Sets an agency's end of validity and successor at once (closing it). */
export async function closeAgencyRow(db: Db, id: number, validTo: string, successorId: number | null): Promise<void> {
  await db
    .updateTable('agencies')
    .set({ valid_to: validTo, successor_id: successorId, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
  forgetLookups();
}
