// Everything one agency's results page shows, read through the results service in one go: the
// indices of the selection, the twelve months up to its end, the breakdowns, the heat map, the
// expectations and (for roles that may read them) the latest comments.
import type { Kysely } from 'kysely';
import type { CommentRow } from '../../../db/queries/results-read.ts';
import type { HeatCell } from '../../../results/service.ts';
import { listServicePointsInSubtree } from '../../../db/queries/service-points.ts';
import type { Database, ServicePoint } from '../../../db/schema.ts';
import { trendStart } from '../../../domain/period.ts';
import type { Resolved } from '../../../results/params.ts';
import {
  agencyResults,
  breakdown,
  expectations,
  heatMap,
  latestComments,
  rulesSideBySide,
  trend,
  type AgencyResults,
  type BreakdownRow,
  type ExpectationShare,
  type RuleFigure,
  type TrendPoint,
} from '../../../results/service.ts';

export const COMMENT_LIMIT = 20;

export interface AgencyPageData {
  resolved: Extract<Resolved, { ok: true }>;
  results: AgencyResults;
  /** The overall by the official rule and the others beside it (issue 16). */
  rules: RuleFigure[];
  trend: { from: string; to: string; points: TrendPoint[] };
  byChannel: BreakdownRow[];
  byServicePoint: BreakdownRow[];
  byField: BreakdownRow[];
  byType: BreakdownRow[];
  heat: HeatCell[];
  expectations: { asked: boolean; responses: number; shares: ExpectationShare[] };
  /** Null when the user's role may not read comments. */
  comments: CommentRow[] | null;
  /** The service points the user may see, to name the breakdown's rows. */
  servicePoints: ServicePoint[];
}

export async function loadAgencyPage(
  db: Kysely<Database>,
  resolved: Extract<Resolved, { ok: true }>,
  viewer: { scopePath: string; readsComments: boolean },
): Promise<AgencyPageData> {
  const { agency, filter } = resolved;
  // The trend ends with the period's last month and always spans twelve, whatever the period's length.
  const trendFilter = { ...filter, from: trendStart(filter.to), to: filter.to };
  const [{ results, rules }, points, byChannel, byServicePoint, byField, byType, heat, wants, comments, servicePoints] = await Promise.all([
    agencyResults(db, agency, filter).then(async (results) => ({ results, rules: await rulesSideBySide(db, results, filter) })),
    trend(db, agency, trendFilter),
    breakdown(db, agency, filter, 'channel'),
    breakdown(db, agency, filter, 'servicePoint'),
    breakdown(db, agency, filter, 'field'),
    breakdown(db, agency, filter, 'respondentType'),
    heatMap(db, agency, filter),
    expectations(db, agency, filter),
    viewer.readsComments ? latestComments(db, agency, filter, COMMENT_LIMIT) : Promise.resolve(null),
    listServicePointsInSubtree(db, viewer.scopePath),
  ]);
  return {
    resolved,
    results,
    rules,
    trend: { from: trendFilter.from, to: trendFilter.to, points },
    byChannel,
    byServicePoint,
    byField,
    byType,
    heat,
    expectations: { asked: wants.question !== null, responses: wants.responses, shares: wants.shares },
    comments,
    servicePoints,
  };
}
