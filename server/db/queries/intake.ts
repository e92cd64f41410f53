// Look-ups that place an incoming response in a campaign: the campaign named, whether it covers the
// agency, or the one inferred. One indexed query each; the place itself is queries/places.ts.
import { sql, type Kysely } from 'kysely';
import type { Channel, Database } from '../schema.ts';

type Db = Kysely<Database>;

export interface CampaignForIntake {
  id: number;
  code: string;
  questionnaireVersionId: number;
  startsOn: string;
  endsOn: string | null;
  channels: Channel[];
  status: 'open' | 'closed';
}

export async function findCampaignForIntake(db: Db, code: string): Promise<CampaignForIntake | undefined> {
  const c = await db
    .selectFrom('campaigns')
    .where('code', '=', code)
    .select(['id', 'code', 'questionnaire_version_id', 'starts_on', 'ends_on', 'channels', 'status'])
    .executeTakeFirst();
  return (
    c && {
      id: c.id,
      code: c.code,
      questionnaireVersionId: c.questionnaire_version_id,
      startsOn: c.starts_on,
      endsOn: c.ends_on,
      channels: c.channels,
      status: c.status,
    }
  );
}

/** Whether the campaign covers the agency: one of its agencies is the agency or an ancestor. */
export async function campaignCovers(db: Db, campaignId: number, agencyPath: string): Promise<boolean> {
  const r = await sql<{ ok: boolean }>`
    select exists (
      select 1 from campaign_agencies ca join agencies a on a.id = ca.agency_id
      where ca.campaign_id = ${campaignId} and ${agencyPath} like a.path || '%'
    ) as ok`.execute(db);
  return r.rows[0]?.ok === true;
}

/**
 * The open campaign a response without one belongs to: same questionnaire version, covering the
 * agency, offering the channel, running on the day. Null when none or several match.
 */
export async function inferCampaign(
  db: Db,
  p: { versionId: number; agencyPath: string; channel: Channel; day: string },
): Promise<CampaignForIntake | null> {
  const rows = await sql<{
    id: number;
    code: string;
    starts_on: string;
    ends_on: string | null;
    channels: Channel[];
    status: 'open' | 'closed';
  }>`
    select c.id, c.code, c.starts_on, c.ends_on, c.channels, c.status
    from campaigns c
    where c.questionnaire_version_id = ${p.versionId}
      and c.status = 'open'
      and ${p.channel} = any (c.channels)
      and c.starts_on <= ${p.day}::date and (c.ends_on is null or c.ends_on >= ${p.day}::date)
      and exists (select 1 from campaign_agencies ca join agencies a on a.id = ca.agency_id
                  where ca.campaign_id = c.id and ${p.agencyPath} like a.path || '%')
    limit 2`.execute(db);
  if (rows.rows.length !== 1) return null;
  const c = rows.rows[0]!;
  return {
    id: c.id,
    code: c.code,
    questionnaireVersionId: p.versionId,
    startsOn: c.starts_on,
    endsOn: c.ends_on,
    channels: c.channels,
    status: c.status,
  };
}
