// What a result is computed over: an agency's subtree (with, on request, the units that ended in a
// reorganisation and whose successors lie in it), a period of Vietnam calendar days, one
// questionnaire (one version, or all of them pooled by question code and read with the latest
// definition), and optional narrowing by campaign, channel, procedure field, service point or
// respondent type.
import type { Kysely } from 'kysely';
import { successorLinks } from '../db/queries/agencies.ts';
import type { Bucket, CountFilter } from '../db/queries/results-read.ts';
import type { Agency, Channel, Database, IndexRule } from '../db/schema.ts';
import type { QuestionnaireDefinition } from '../domain/questionnaire.ts';

export interface ResultsFilter {
  agencyId: number;
  from: string;
  to: string;
  questionnaireId: number;
  /** A version number; undefined pools every version of the questionnaire. */
  version?: number | undefined;
  campaignId?: number | undefined;
  channel?: Channel | undefined;
  field?: string | undefined;
  servicePointId?: number | undefined;
  /** The respondent type (answer to B.TYPE: 'individual', 'organisation'). */
  respondentType?: string | undefined;
  /** Count the units that ended and were succeeded by this agency or one below it. */
  includePredecessors?: boolean | undefined;
}

export interface QuestionnaireSelection {
  questionnaireId: number;
  code: string;
  titleVi: string;
  titleEn: string | null;
  /** The version asked for; null when every version is pooled. */
  version: number | null;
  /** The definition and rule the indices are computed with (the asked or the latest version). */
  definitionVersion: number;
  definition: QuestionnaireDefinition;
  /** The rule the figures are read with: the province's official rule, or the version's own. */
  rule: IndexRule;
  /** The version's own rule (questionnaire_versions.index_rule). */
  versionRule: IndexRule;
  versionIds: number[];
}

class UnknownQuestionnaireError extends Error {
  readonly statusCode = 404;
  readonly code = 'HL_UNKNOWN_QUESTIONNAIRE';
  constructor() {
    super('unknown questionnaire or version');
  }
}

export async function selectQuestionnaire(
  db: Kysely<Database>,
  questionnaireId: number,
  version?: number,
): Promise<QuestionnaireSelection> {
  let q = db
    .selectFrom('questionnaire_versions as v')
    .innerJoin('questionnaires as q', 'q.id', 'v.questionnaire_id')
    .select(['q.id as qid', 'q.code', 'q.title_vi', 'q.title_en', 'v.id', 'v.version', 'v.definition', 'v.index_rule'])
    .where('q.id', '=', questionnaireId)
    .orderBy('v.version', 'desc');
  if (version !== undefined) q = q.where('v.version', '=', version);
  const rows = await q.execute();
  const latest = rows[0];
  if (!latest) throw new UnknownQuestionnaireError();
  return {
    questionnaireId: Number(latest.qid),
    code: latest.code,
    titleVi: latest.title_vi,
    titleEn: latest.title_en,
    version: version ?? null,
    definitionVersion: latest.version,
    definition: latest.definition as QuestionnaireDefinition,
    rule: latest.index_rule,
    versionRule: latest.index_rule,
    versionIds: rows.map((r) => Number(r.id)),
  };
}

export function countFilter(f: ResultsFilter, versionIds: number[], period: { from: string; to: string } = f): CountFilter {
  return {
    versionIds,
    from: period.from,
    to: period.to,
    campaignId: f.campaignId,
    channel: f.channel,
    field: f.field,
    servicePointId: f.servicePointId,
    respondentType: f.respondentType,
  };
}

type Link = { id: number; path: string; reachedPaths: string[] };

/**
 * The bucket of one agency: its subtree, plus (when asked) the subtrees of units whose successor
 * chain reaches into it. Roots nested in another root are dropped, so nothing counts twice.
 */
export function bucketOf(agency: Pick<Agency, 'id' | 'path'>, links: Link[] | null): Bucket {
  const roots = [{ id: agency.id, path: agency.path }];
  if (links) {
    for (const l of links) {
      if (l.reachedPaths.some((p) => p.startsWith(agency.path))) roots.push({ id: l.id, path: l.path });
    }
  }
  const outermost = roots.filter((r) => !roots.some((o) => o !== r && r.path.startsWith(o.path) && o.path !== r.path));
  const unique = [...new Map(outermost.map((r) => [r.path, r])).values()];
  return { id: agency.id, roots: unique };
}

export async function linksFor(db: Kysely<Database>, f: Pick<ResultsFilter, 'includePredecessors'>): Promise<Link[] | null> {
  return f.includePredecessors ? successorLinks(db) : null;
}
