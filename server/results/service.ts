// Results as the dashboards, the API and the public page show them: counts from the aggregate
// tables (server/db/queries/results.ts) turned into indices by the one engine
// (server/domain/indices.ts), with the effective targets and their verdicts.
import type { Kysely } from 'kysely';
import { listChildren, listSubtree } from '../db/queries/agencies.ts';
import {
  loadAnswerBreakdown,
  loadAnswerCounts,
  loadHeatMap,
  loadLatestComments,
  loadResponseBreakdown,
  loadResponseTotals,
  type AnswerRow,
  type Bucket,
  type CommentRow,
  type HeatCell,
  type ResponseRow,
} from '../db/queries/results.ts';
import { getSetting } from '../db/queries/settings.ts';
import { resolveTargets, type Target as TargetRow } from '../db/queries/targets.ts';
import type { Agency, Database } from '../db/schema.ts';
import {
  computeIndices,
  DEFAULT_MIN_N,
  verdict,
  type AnswerCounts,
  type Index,
  type IndexSet,
  type Target,
  type Verdict,
} from '../domain/indices.ts';
import { treeOrder } from '../domain/agency-tree.ts';
import { monthsOf } from '../domain/period.ts';
import { questionList, type QuestionItem } from '../domain/questionnaire.ts';
import { bucketOf, countFilter, linksFor, selectQuestionnaire, type QuestionnaireSelection, type ResultsFilter } from './selection.ts';

export type { ResultsFilter };

export interface ScoredIndex extends Index {
  target: Target | null;
  verdict: Verdict;
}

export interface AgencyResults {
  agency: Agency;
  from: string;
  to: string;
  questionnaire: QuestionnaireSelection;
  responses: number;
  minN: number;
  overall: ScoredIndex;
  elements: ScoredIndex[];
  criteria: ScoredIndex[];
}

/** The minimum n below which no verdict is given: a setting (results.min_n), 30 by default. */
export async function minimumN(db: Kysely<Database>): Promise<number> {
  const v = await getSetting(db, 'results.min_n');
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 ? v : DEFAULT_MIN_N;
}

function toCounts(bucketId: number, answers: AnswerRow[], totals: ResponseRow[]): AnswerCounts {
  const counts: Record<string, Record<string, number>> = {};
  for (const r of answers) {
    if (r.bucket !== bucketId) continue;
    (counts[r.question] ??= {})[r.value] = r.responses;
  }
  return { responses: totals.find((t) => t.bucket === bucketId)?.responses ?? 0, counts };
}

const asTarget = (t: TargetRow | undefined): Target | null => (t ? { comparator: t.comparator, threshold: Number(t.threshold) } : null);

function score(index: Index, targets: Map<string, TargetRow> | undefined, minN: number): ScoredIndex {
  const target = asTarget(targets?.get(index.code));
  return { ...index, target, verdict: verdict(index, target, minN) };
}

function scoreSet(set: IndexSet, targets: Map<string, TargetRow> | undefined, minN: number) {
  return {
    overall: score(set.overall, targets, minN),
    elements: set.elements.map((i) => score(i, targets, minN)),
    criteria: set.criteria.map((i) => score(i, targets, minN)),
  };
}

/** One agency's indices for a selection: what the agency page and the results API show. */
export async function agencyResults(db: Kysely<Database>, agency: Agency, f: ResultsFilter): Promise<AgencyResults> {
  const questionnaire = await selectQuestionnaire(db, f.questionnaireId, f.version);
  const bucket = bucketOf(agency, await linksFor(db, f));
  const cf = countFilter(f, questionnaire.versionIds);
  const [answers, totals, targets, minN] = await Promise.all([
    loadAnswerCounts(db, [bucket], cf),
    loadResponseTotals(db, [bucket], cf),
    resolveTargets(db, [agency.id], questionnaire.questionnaireId, f.from, f.to),
    minimumN(db),
  ]);
  const data = toCounts(bucket.id, answers, totals);
  const set = computeIndices(questionnaire.definition, questionnaire.rule, data);
  return { agency, from: f.from, to: f.to, questionnaire, responses: data.responses, minN, ...scoreSet(set, targets.get(agency.id), minN) };
}

export interface OverviewRow {
  agency: Agency;
  responses: number;
  overall: ScoredIndex;
  /** The overall share minus the previous period's, when both exist. */
  change: number | null;
  /** 1 = best overall share among the rows with at least the minimum n. */
  rank: number | null;
  /** The unit ended in a reorganisation; its results are shown as it was. */
  ended: boolean;
}

export interface Overview {
  root: OverviewRow;
  rows: OverviewRow[];
  questionnaire: QuestionnaireSelection;
  minN: number;
  previous: { from: string; to: string } | null;
}

/**
 * An agency and each agency directly under it, each pooling its own subtree: n, overall index,
 * target, verdict, change from the previous period and rank among the rows. With predecessors
 * included, units that ended and whose successors lie in this view are shown inside those
 * successors instead of on rows of their own.
 */
export async function overview(
  db: Kysely<Database>,
  root: Agency,
  f: ResultsFilter,
  previous: { from: string; to: string } | null,
  opts: { everyLevel?: boolean } = {},
): Promise<Overview> {
  const questionnaire = await selectQuestionnaire(db, f.questionnaireId, f.version);
  const links = await linksFor(db, f);
  // everyLevel: every agency of the subtree in tree order (the public page), not just the children.
  let children = opts.everyLevel
    ? treeOrder((await listSubtree(db, root.path)).filter((a) => a.id !== root.id)).map((x) => x.agency)
    : await listChildren(db, root.id);
  if (links) {
    // A unit whose successor lies in this view (a row, or the agency itself) is shown inside it.
    const absorbed = new Set(links.filter((l) => l.reachedPaths.some((p) => p.startsWith(root.path))).map((l) => l.id));
    children = children.filter((c) => !absorbed.has(c.id));
  }
  const agencies = [root, ...children];
  const buckets = agencies.map((a) => bucketOf(a, links));
  const cf = countFilter(f, questionnaire.versionIds);
  const pf = previous ? countFilter(f, questionnaire.versionIds, previous) : null;
  const [answers, totals, prevAnswers, prevTotals, targets, minN] = await Promise.all([
    loadAnswerCounts(db, buckets, cf),
    loadResponseTotals(db, buckets, cf),
    pf ? loadAnswerCounts(db, buckets, pf) : Promise.resolve([]),
    pf ? loadResponseTotals(db, buckets, pf) : Promise.resolve([]),
    resolveTargets(
      db,
      agencies.map((a) => a.id),
      questionnaire.questionnaireId,
      f.from,
      f.to,
    ),
    minimumN(db),
  ]);
  const overallOf = (id: number, a: AnswerRow[], t: ResponseRow[]) =>
    computeIndices(questionnaire.definition, questionnaire.rule, toCounts(id, a, t)).overall;
  const rows = agencies.map((agency): OverviewRow => {
    const overall = score(overallOf(agency.id, answers, totals), targets.get(agency.id), minN);
    const before = pf ? overallOf(agency.id, prevAnswers, prevTotals) : null;
    const change =
      overall.share !== null && before?.share != null && before.n >= minN && overall.n >= minN ? overall.share - before.share : null;
    const responses = totals.find((t) => t.bucket === agency.id)?.responses ?? 0;
    return { agency, responses, overall, change, rank: null, ended: agency.valid_to !== null && agency.valid_to < f.to };
  });
  const [rootRow, ...childRows] = rows;
  const ranked = childRows
    .filter((r) => r.overall.share !== null && r.overall.n >= minN)
    .sort((a, b) => b.overall.share! - a.overall.share!);
  // Equal shares share a rank (1, 2, 2, 4).
  ranked.forEach((r, i) => {
    const prev = ranked[i - 1];
    r.rank = prev && prev.overall.share === r.overall.share ? prev.rank : i + 1;
  });
  return { root: rootRow!, rows: childRows, questionnaire, minN, previous };
}

export interface TrendPoint {
  month: string;
  responses: number;
  overall: Index;
}

/** The overall index month by month over the period. */
export async function trend(db: Kysely<Database>, agency: Agency, f: ResultsFilter): Promise<TrendPoint[]> {
  const questionnaire = await selectQuestionnaire(db, f.questionnaireId, f.version);
  const bucket = bucketOf(agency, await linksFor(db, f));
  const cf = countFilter(f, questionnaire.versionIds);
  const [answers, totals] = await Promise.all([
    loadAnswerBreakdown(db, bucket, cf, 'month'),
    loadResponseBreakdown(db, bucket, cf, 'month'),
  ]);
  return monthsOf(f.from, f.to).map((month) => {
    const data = countsOfKey(month, answers, totals);
    return { month, responses: data.responses, overall: computeIndices(questionnaire.definition, questionnaire.rule, data).overall };
  });
}

function countsOfKey(
  key: string | null,
  answers: { key: string | null; question: string; value: string; responses: number }[],
  totals: { key: string | null; responses: number }[],
): AnswerCounts {
  const counts: Record<string, Record<string, number>> = {};
  for (const r of answers) if (r.key === key) (counts[r.question] ??= {})[r.value] = (counts[r.question]?.[r.value] ?? 0) + r.responses;
  const responses = totals.filter((t) => t.key === key).reduce((s, t) => s + t.responses, 0);
  return { responses, counts };
}

export type BreakdownBy = 'channel' | 'servicePoint' | 'field';

export interface BreakdownRow {
  /** The channel, the service point id or the field value; null: none recorded. */
  key: string | null;
  responses: number;
  overall: Index;
}

/** The overall index split by channel, service point or procedure field, largest first. */
export async function breakdown(db: Kysely<Database>, agency: Agency, f: ResultsFilter, by: BreakdownBy): Promise<BreakdownRow[]> {
  const questionnaire = await selectQuestionnaire(db, f.questionnaireId, f.version);
  const bucket = bucketOf(agency, await linksFor(db, f));
  const cf = countFilter(f, questionnaire.versionIds);
  const dimension = by === 'servicePoint' ? 'service_point_id' : by;
  const [answers, totals] = await Promise.all([
    loadAnswerBreakdown(db, bucket, cf, dimension),
    loadResponseBreakdown(db, bucket, cf, dimension),
  ]);
  const keys = [...new Set(totals.filter((t) => t.responses !== 0).map((t) => t.key))];
  return keys
    .map((key) => {
      const data = countsOfKey(key, answers, totals);
      return { key, responses: data.responses, overall: computeIndices(questionnaire.definition, questionnaire.rule, data).overall };
    })
    .sort((a, b) => b.responses - a.responses || String(a.key).localeCompare(String(b.key)));
}

/** Responses by ISO weekday (1–7) and hour (0–23), Vietnam time. */
export async function heatMap(db: Kysely<Database>, agency: Agency, f: ResultsFilter): Promise<HeatCell[]> {
  const questionnaire = await selectQuestionnaire(db, f.questionnaireId, f.version);
  const bucket = bucketOf(agency, await linksFor(db, f));
  return loadHeatMap(db, bucket, countFilter(f, questionnaire.versionIds));
}

export interface ExpectationShare {
  value: string;
  label: { vi: string; en: string | null };
  responses: number;
  /** Of every reportable response in the selection, the share that chose this option. */
  share: number | null;
}

/** What citizens want improved (the multiple-choice expectations question), most chosen first. */
export async function expectations(
  db: Kysely<Database>,
  agency: Agency,
  f: ResultsFilter,
): Promise<{ question: QuestionItem | null; responses: number; shares: ExpectationShare[] }> {
  const questionnaire = await selectQuestionnaire(db, f.questionnaireId, f.version);
  const question = questionList(questionnaire.definition).find((q) => q.section === 'expectations' && q.kind === 'multi') ?? null;
  if (!question) return { question: null, responses: 0, shares: [] };
  const bucket = bucketOf(agency, await linksFor(db, f));
  const cf = countFilter(f, questionnaire.versionIds);
  const [answers, totals] = await Promise.all([loadAnswerCounts(db, [bucket], cf), loadResponseTotals(db, [bucket], cf)]);
  const data = toCounts(bucket.id, answers, totals);
  const byValue = data.counts[question.code] ?? {};
  const shares = question.options
    .map((o) => {
      const n = byValue[String(o.value)] ?? 0;
      return {
        value: String(o.value),
        label: { vi: o.vi, en: o.en ?? null },
        responses: n,
        share: data.responses > 0 ? n / data.responses : null,
      };
    })
    .sort((a, b) => b.responses - a.responses);
  return { question, responses: data.responses, shares };
}

/** The latest citizens' comments of the selection, flagged and excluded ones included and marked. */
export async function latestComments(db: Kysely<Database>, agency: Agency, f: ResultsFilter, limit = 20): Promise<CommentRow[]> {
  const questionnaire = await selectQuestionnaire(db, f.questionnaireId, f.version);
  const bucket: Bucket = bucketOf(agency, await linksFor(db, f));
  return loadLatestComments(db, bucket, countFilter(f, questionnaire.versionIds), limit);
}
