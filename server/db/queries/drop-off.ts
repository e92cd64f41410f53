// The drafts of the online survey started in a period, grouped by how far they got, for the
// drop-off figures (server/domain/drop-off.ts). Drafts keep their progress after their answers are
// wiped (migration 0011), so these counts stay valid long after the day they were started.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { DraftProgress } from '../../domain/drop-off.ts';
import { escapeLike } from './agencies.ts';

export interface DropOffFilter {
  /** The agency subtree (a materialised path) the drafts' agencies must lie in. */
  path: string;
  versionIds: number[];
  /** Started from this instant (inclusive) to that one (exclusive). */
  from: Date;
  to: Date;
  campaignId?: number | undefined;
  servicePointId?: number | undefined;
}

export async function draftProgress(db: Kysely<Database>, f: DropOffFilter): Promise<(DraftProgress & { versionId: number })[]> {
  if (f.versionIds.length === 0) return [];
  const r = await sql<{ version_id: number; furthest_page: number; reached_review: boolean; submitted: boolean; drafts: number }>`
    select d.questionnaire_version_id as version_id, d.furthest_page,
           d.reached_review_at is not null as reached_review, d.submitted_at is not null as submitted,
           count(*)::int as drafts
    from survey_drafts d join agencies a on a.id = d.agency_id
    where a.path like ${`${escapeLike(f.path)}%`}
      and d.questionnaire_version_id in (${sql.join(f.versionIds)})
      and d.started_at >= ${f.from} and d.started_at < ${f.to}
      ${f.campaignId === undefined ? sql`` : sql`and d.campaign_id = ${f.campaignId}`}
      ${f.servicePointId === undefined ? sql`` : sql`and d.service_point_id = ${f.servicePointId}`}
    group by 1, 2, 3, 4
    order by 1, 2, 3, 4`.execute(db);
  return r.rows.map((row) => ({
    versionId: Number(row.version_id),
    furthestPage: Number(row.furthest_page),
    reachedReview: row.reached_review,
    submitted: row.submitted,
    drafts: Number(row.drafts),
  }));
}
