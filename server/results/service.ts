// Results as the dashboards, the API and the public page show them: rollup rows
// (server/db/queries/results-read.ts) summed into the engine's counts, histograms and respondents'
// moments, turned into indices by the one engine (server/domain/indices.ts), with the effective
// targets and their verdicts.
import type { Kysely } from 'kysely';
import { listChildren, listSubtree, pathIds } from '../db/queries/agencies.ts';
import {
  loadLatestComments,
  loadRollups,
  type Bucket,
  type CommentRow,
  type CountFilter,
  type RollupRow,
  type BreakdownDimension,
} from '../db/queries/results-read.ts';
import { publishedVersion } from '../db/lookups.ts';
import { getSetting } from '../db/queries/settings.ts';
import { resolveTargets, type StoredTarget } from '../db/queries/targets.ts';
import type { Agency, Database } from '../db/schema.ts';
import {
  computeIndices,
  DEFAULT_MIN_N,
  verdict,
  type AnswerCounts,
  type Index,
  type IndexSet,
  type IndexTarget,
  type Minimums,
  type Verdict,
} from '../domain/indices.ts';
import { treeOrder } from '../domain/agency-tree.ts';
import { monthsOf } from '../domain/period.ts';
import { indexRulesFor, questionList, type QuestionItem } from '../domain/questionnaire.ts';
import { unitsEqual, type SideRule, type UnitsEqual } from '../domain/rules-side-by-side.ts';
import { momentFeatures } from '../domain/respondent-moments.ts';
import { parseRuleSettings, readingRule, ruleSettingKey, type RuleSettings } from '../domain/rule-settings.ts';
import { CountsBuilder, rollupLayout, type RollupLayout } from '../domain/rollup-layout.ts';
import { bucketOf, countFilter, linksFor, selectQuestionnaire, type QuestionnaireSelection, type ResultsFilter } from './selection.ts';

export type { ResultsFilter };

/** Each version's layout, to read its rows (published versions are remembered for good). */
async function layoutsOf(db: Kysely<Database>, q: QuestionnaireSelection): Promise<(versionId: number) => RollupLayout> {
  const byId = new Map<number, RollupLayout>();
  await Promise.all(
    q.versionIds.map(async (id) => {
      const v = await publishedVersion(db, id);
      if (v) byId.set(id, rollupLayout(v.definition, v.indexRule));
    }),
  );
  return (id) => {
    const l = byId.get(id);
    if (!l) throw new Error(`questionnaire version ${id} has no layout`);
    return l;
  };
}

/**
 * The engine's input per group of rows (a bucket, a breakdown key): counts pooled by question code
 * and value, and the respondents' moments under the reading definition's rule.
 */
async function countsBy(
  db: Kysely<Database>,
  q: QuestionnaireSelection,
  rows: RollupRow[],
  group: (r: RollupRow) => string,
): Promise<(g: string) => AnswerCounts> {
  const layoutOf = await layoutsOf(db, q);
  const features = momentFeatures(q.definition, q.rule);
  const builders = new Map<string, CountsBuilder>();
  for (const r of rows) {
    const g = group(r);
    let b = builders.get(g);
    if (!b) builders.set(g, (b = new CountsBuilder(features)));
    b.add(layoutOf(r.versionId), r);
  }
  const results = new Map([...builders].map(([g, b]) => [g, b.result()]));
  // A group without rows has no responses, and zero moments (still known).
  return (g) => results.get(g) ?? new CountsBuilder(features).result();
}

const keyOf = (k: string | null) => (k === null ? '\u0001' : k);

/** The counts of each bucket of a selection. */
async function bucketCounts(db: Kysely<Database>, q: QuestionnaireSelection, buckets: Bucket[], cf: CountFilter) {
  const rows = await loadRollups(db, buckets, cf);
  const byBucket = await countsBy(db, q, rows, (r) => String(r.bucket));
  return (id: number): AnswerCounts => byBucket(String(id));
}

/** The counts of one bucket per breakdown key, with the keys that have responses. */
async function keyedCounts(db: Kysely<Database>, q: QuestionnaireSelection, bucket: Bucket, cf: CountFilter, by: BreakdownDimension) {
  const rows = await loadRollups(db, [bucket], cf, { by });
  const byKey = await countsBy(db, q, rows, (r) => keyOf(r.key));
  const keys = [...new Set(rows.map((r) => r.key))];
  return { keys, of: (k: string | null): AnswerCounts => byKey(keyOf(k)) };
}

/** The index rule settings of the province an agency belongs to (rule-settings.ts). */
async function ruleSettingsOf(db: Kysely<Database>, agency: Pick<Agency, 'path'>): Promise<RuleSettings> {
  const province = pathIds(agency.path)[0];
  return parseRuleSettings(province === undefined ? null : await getSetting(db, ruleSettingKey(province)));
}

/**
 * The questionnaire of a selection read by its province's official rule, with the minimums of
 * each part: what every figure of an agency is computed with.
 */
async function readingSelection(
  db: Kysely<Database>,
  agency: Pick<Agency, 'path'>,
  f: Pick<ResultsFilter, 'questionnaireId' | 'version'>,
): Promise<{ questionnaire: QuestionnaireSelection; minimums: Minimums; settings: RuleSettings }> {
  const [selected, settings] = await Promise.all([selectQuestionnaire(db, f.questionnaireId, f.version), ruleSettingsOf(db, agency)]);
  const questionnaire = { ...selected, rule: readingRule(settings, selected.definition, selected.versionRule) };
  return { questionnaire, minimums: settings.minimums, settings };
}

export interface ScoredIndex extends Index {
  target: IndexTarget | null;
  verdict: Verdict;
}

export interface AgencyResults {
  agency: Agency;
  from: string;
  to: string;
  questionnaire: QuestionnaireSelection;
  responses: number;
  minN: number;
  /** The minimum sample of each part (the province's rule settings). */
  minimums: Minimums;
  overall: ScoredIndex;
  elements: ScoredIndex[];
  criteria: ScoredIndex[];
}

/** The minimum n below which no verdict is given: a setting (results.min_n), 30 by default. */
async function minimumN(db: Kysely<Database>): Promise<number> {
  const v = await getSetting(db, 'results.min_n');
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 ? v : DEFAULT_MIN_N;
}

const asTarget = (t: StoredTarget | undefined): IndexTarget | null =>
  t ? { comparator: t.comparator, threshold: Number(t.threshold) } : null;

function score(index: Index, targets: Map<string, StoredTarget> | undefined, minN: number): ScoredIndex {
  const target = asTarget(targets?.get(index.code));
  return { ...index, target, verdict: verdict(index, target, minN) };
}

function scoreSet(set: IndexSet, targets: Map<string, StoredTarget> | undefined, minN: number) {
  return {
    overall: score(set.overall, targets, minN),
    elements: set.elements.map((i) => score(i, targets, minN)),
    criteria: set.criteria.map((i) => score(i, targets, minN)),
  };
}

/**
 * The engine's input for one agency's selection: counts per question and value, and the
 * respondents' moments under the reading rule (for intervals by respondent, issue 16).
 */
export async function selectionCounts(db: Kysely<Database>, agency: Agency, f: ResultsFilter): Promise<AnswerCounts> {
  const { questionnaire } = await readingSelection(db, agency, f);
  const bucket = bucketOf(agency, await linksFor(db, f));
  return (await bucketCounts(db, questionnaire, [bucket], countFilter(f, questionnaire.versionIds)))(bucket.id);
}

/** One agency's indices for a selection: what the agency page and the results API show. */
export async function agencyResults(db: Kysely<Database>, agency: Agency, f: ResultsFilter): Promise<AgencyResults> {
  const { questionnaire, minimums } = await readingSelection(db, agency, f);
  const bucket = bucketOf(agency, await linksFor(db, f));
  const cf = countFilter(f, questionnaire.versionIds);
  const [counts, targets, minN] = await Promise.all([
    bucketCounts(db, questionnaire, [bucket], cf),
    resolveTargets(db, [agency.id], questionnaire.questionnaireId, f.from, f.to),
    minimumN(db),
  ]);
  const data = counts(bucket.id);
  const set = computeIndices(questionnaire.definition, questionnaire.rule, data, minimums);
  return {
    agency,
    from: f.from,
    to: f.to,
    questionnaire,
    responses: data.responses,
    minN,
    minimums,
    ...scoreSet(set, targets.get(agency.id), minN),
  };
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
  const { questionnaire, minimums } = await readingSelection(db, root, f);
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
  const [now, before, targets, minN] = await Promise.all([
    bucketCounts(db, questionnaire, buckets, cf),
    pf ? bucketCounts(db, questionnaire, buckets, pf) : Promise.resolve(null),
    resolveTargets(
      db,
      agencies.map((a) => a.id),
      questionnaire.questionnaireId,
      f.from,
      f.to,
    ),
    minimumN(db),
  ]);
  const overallOf = (data: AnswerCounts) => computeIndices(questionnaire.definition, questionnaire.rule, data, minimums).overall;
  const rows = agencies.map((agency): OverviewRow => {
    const data = now(agency.id);
    const overall = score(overallOf(data), targets.get(agency.id), minN);
    const previous = before ? overallOf(before(agency.id)) : null;
    const change =
      overall.share !== null &&
      !overall.belowMinimum &&
      previous?.share != null &&
      !previous.belowMinimum &&
      previous.n >= minN &&
      overall.n >= minN
        ? overall.share - previous.share
        : null;
    const responses = data.responses;
    return { agency, responses, overall, change, rank: null, ended: agency.valid_to !== null && agency.valid_to < f.to };
  });
  const [rootRow, ...childRows] = rows;
  const ranked = childRows
    .filter((r) => r.overall.share !== null && r.overall.n >= minN && !r.overall.belowMinimum)
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
  const { questionnaire, minimums } = await readingSelection(db, agency, f);
  const bucket = bucketOf(agency, await linksFor(db, f));
  const cf = countFilter(f, questionnaire.versionIds);
  const byMonth = await keyedCounts(db, questionnaire, bucket, cf, 'month');
  return monthsOf(f.from, f.to).map((month) => {
    const data = byMonth.of(month);
    return {
      month,
      responses: data.responses,
      overall: computeIndices(questionnaire.definition, questionnaire.rule, data, minimums).overall,
    };
  });
}

export type BreakdownBy = 'channel' | 'servicePoint' | 'field' | 'respondentType';

export interface BreakdownRow {
  /** The channel, the service point id or the field value; null: none recorded. */
  key: string | null;
  responses: number;
  overall: Index;
}

/** The overall index split by channel, service point, procedure field or respondent type, largest first. */
export async function breakdown(db: Kysely<Database>, agency: Agency, f: ResultsFilter, by: BreakdownBy): Promise<BreakdownRow[]> {
  const { questionnaire, minimums } = await readingSelection(db, agency, f);
  const bucket = bucketOf(agency, await linksFor(db, f));
  const cf = countFilter(f, questionnaire.versionIds);
  const dimension: BreakdownDimension = by === 'servicePoint' ? 'service_point_id' : by === 'respondentType' ? 'respondent_type' : by;
  const split = await keyedCounts(db, questionnaire, bucket, cf, dimension);
  return split.keys
    .map((key) => {
      const data = split.of(key);
      return {
        key,
        responses: data.responses,
        overall: computeIndices(questionnaire.definition, questionnaire.rule, data, minimums).overall,
      };
    })
    .sort((a, b) => b.responses - a.responses || String(a.key).localeCompare(String(b.key)));
}

export interface HeatCell {
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday: number;
  hour: number;
  responses: number;
}

/** Responses by ISO weekday (1–7) and hour (0–23), Vietnam time. */
export async function heatMap(db: Kysely<Database>, agency: Agency, f: ResultsFilter): Promise<HeatCell[]> {
  const questionnaire = await selectQuestionnaire(db, f.questionnaireId, f.version);
  const bucket = bucketOf(agency, await linksFor(db, f));
  const rows = await loadRollups(db, [bucket], countFilter(f, questionnaire.versionIds), { heat: true });
  const week = new Array<number>(168).fill(0);
  for (const r of rows) r.weekHours!.forEach((n, i) => (week[i]! += n));
  const cells: HeatCell[] = [];
  week.forEach((responses, i) => {
    if (responses !== 0) cells.push({ weekday: Math.floor(i / 24) + 1, hour: i % 24, responses });
  });
  return cells;
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
  const data = (await bucketCounts(db, questionnaire, [bucket], cf))(bucket.id);
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

export interface RuleFigure {
  rule: SideRule;
  /** The province's official rule: the only one with a verdict. */
  official: boolean;
  overall: Index;
  /** For 'units-equal': which units count, which not, and what no unit holds. */
  units?: Omit<UnitsEqual, 'overall'>;
}

/**
 * The agency's overall index by the official rule (from `results`) and next to it by the other
 * documented rules: the version's own rule when the province made another official, the overall
 * question (SIPAS-style questionnaires), and units weighted equally (the overview's rows).
 */
export async function rulesSideBySide(db: Kysely<Database>, results: AgencyResults, f: ResultsFilter): Promise<RuleFigure[]> {
  const { agency, questionnaire, minimums } = results;
  const official: RuleFigure = { rule: questionnaire.rule, official: true, overall: results.overall };
  const others = [questionnaire.versionRule, 'overall-question' as const].filter(
    (r, i, all) => r !== questionnaire.rule && all.indexOf(r) === i && indexRulesFor(questionnaire.definition).includes(r),
  );
  const bucket = bucketOf(agency, await linksFor(db, f));
  const cf = countFilter(f, questionnaire.versionIds);
  const byRule = await Promise.all(
    others.map(async (rule): Promise<RuleFigure> => {
      const data = (await bucketCounts(db, { ...questionnaire, rule }, [bucket], cf))(bucket.id);
      return { rule, official: false, overall: computeIndices(questionnaire.definition, rule, data, minimums).overall };
    }),
  );
  const units = await overview(db, agency, f, null);
  const { overall, ...detail } = unitsEqual(
    units.rows.map((r) => ({ code: r.agency.code, responses: r.responses, overall: r.overall })),
    units.root.responses,
    { score: questionnaire.rule === 'mean-score' },
  );
  return [official, ...byRule, { rule: 'units-equal', official: false, overall, units: detail }];
}
