// An independent recount from raw responses, written in TypeScript rather than SQL, so that the
// aggregate tables are checked against a second implementation of the reportable rule
// (status 'valid'), the Vietnam calendar and the expansion of multiple choices.
import type { Kysely } from 'kysely';
import type { Database } from '../../server/db/schema.ts';
import type { AnswerCounts } from '../../server/domain/indices.ts';
import type { IndexRule } from '../../server/db/schema.ts';
import type { QuestionnaireDefinition } from '../../server/domain/questionnaire.ts';
import { storedCounts } from '../../server/domain/rollup-codec.ts';
import { addFeatures, emptyMoments, momentFeatures, respondentFeatures } from '../../server/domain/respondent-moments.ts';
import { addHistogram, rollupLayout, type RollupLayout } from '../../server/domain/rollup-layout.ts';

const hourFormat = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', hourCycle: 'h23' });
const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit' });

export interface RawResponse {
  id: string;
  agency_id: number;
  province_id: number;
  questionnaire_version_id: number;
  campaign_id: number | null;
  channel: string;
  service_point_id: number | null;
  submitted_at: Date;
  answers: Record<string, unknown>;
  status: string;
}

export async function reportable(db: Kysely<Database>): Promise<RawResponse[]> {
  const rows = await db
    .selectFrom('responses')
    .select([
      'id',
      'agency_id',
      'province_id',
      'questionnaire_version_id',
      'campaign_id',
      'channel',
      'service_point_id',
      'submitted_at',
      'answers',
      'status',
    ])
    .execute();
  return rows
    .filter((r) => r.status === 'valid')
    .map((r) => ({
      ...r,
      agency_id: Number(r.agency_id),
      province_id: Number(r.province_id),
      questionnaire_version_id: Number(r.questionnaire_version_id),
      campaign_id: r.campaign_id === null ? null : Number(r.campaign_id),
      service_point_id: r.service_point_id === null ? null : Number(r.service_point_id),
    }));
}

export const vnDay = (d: Date) => dayFormat.format(d);
export const vnHour = (d: Date) => Number(hourFormat.format(d));

/** Each (question, value) a response counts under. */
export function answerPairs(answers: Record<string, unknown>): [string, string][] {
  const out: [string, string][] = [];
  for (const [q, v] of Object.entries(answers)) {
    if (v === null || v === undefined) continue;
    for (const x of Array.isArray(v) ? v : [v]) if (x !== null) out.push([q, String(x)]);
  }
  return out;
}

function add(m: Map<string, number>, key: string, n = 1) {
  m.set(key, (m.get(key) ?? 0) + n);
}

const k = (...parts: unknown[]) => parts.map((p) => (p === null || p === undefined ? '∅' : String(p))).join('|');

/** Expected rows of the four aggregate tables, as key → count. */
export function expectedTables(rows: RawResponse[], pathOf: (agencyId: number) => string) {
  const answers = new Map<string, number>();
  const responses = new Map<string, number>();
  const monthAnswers = new Map<string, number>();
  const monthResponses = new Map<string, number>();
  for (const r of rows) {
    const day = vnDay(r.submitted_at);
    const month = `${day.slice(0, 7)}-01`;
    const field = typeof r.answers['B.FIELD'] === 'string' ? (r.answers['B.FIELD'] as string) : null;
    const dims = [r.agency_id, r.province_id, day, r.questionnaire_version_id, r.campaign_id, r.channel, r.service_point_id, field];
    add(responses, k(...dims, vnHour(r.submitted_at)));
    const ancestors = pathOf(r.agency_id).split('/').filter(Boolean);
    for (const a of ancestors) add(monthResponses, k(a, month, r.questionnaire_version_id));
    for (const [q, v] of answerPairs(r.answers)) {
      add(answers, k(...dims, q, v));
      for (const a of ancestors) add(monthAnswers, k(a, month, r.questionnaire_version_id, q, v));
    }
  }
  return { answers, responses, monthAnswers, monthResponses };
}

/**
 * The same four tables as the rollups hold them (migrations/0007_rollups.sql), zero rows left out:
 * the day rows' histograms and hours give the per-day counts (summed over the respondent type, a
 * dimension the old tables lacked), the month rows' 'all' cut the subtree month counts.
 */
export async function storedTables(db: Kysely<Database>) {
  const versions = new Map(
    (await db.selectFrom('questionnaire_versions').select(['id', 'definition', 'index_rule']).execute()).map((v) => [
      Number(v.id),
      rollupLayout(v.definition as QuestionnaireDefinition, v.index_rule),
    ]),
  );
  const day = (d: unknown) => (d instanceof Date ? d.toISOString().slice(0, 10) : String(d));
  const num = (x: unknown) => (x === null ? null : Number(x));
  const answers = new Map<string, number>();
  const responses = new Map<string, number>();
  const monthAnswers = new Map<string, number>();
  const monthResponses = new Map<string, number>();
  const each = (
    layout: RollupLayout,
    histogram: Uint8Array,
    extra: Record<string, number> | null,
    f: (q: string, v: string, n: number) => void,
  ) => {
    const counts: Record<string, Record<string, number>> = {};
    addHistogram(counts, layout, storedCounts(histogram), extra);
    for (const [q, byValue] of Object.entries(counts)) for (const [v, n] of Object.entries(byValue)) if (n !== 0) f(q, v, n);
  };
  for (const x of await db.selectFrom('rollup_days').selectAll().execute()) {
    const dims = [
      num(x.agency_id),
      num(x.province_id),
      day(x.day),
      num(x.questionnaire_version_id),
      num(x.campaign_id),
      x.channel,
      num(x.service_point_id),
      x.field,
    ];
    each(versions.get(Number(x.questionnaire_version_id))!, x.histogram, x.extra, (q, v, n) => add(answers, k(...dims, q, v), n));
    storedCounts(x.hours).forEach((n, hour) => {
      if (Number(n) !== 0) add(responses, k(...dims, hour), Number(n));
    });
  }
  for (const x of await db.selectFrom('rollup_months').selectAll().where('cut', '=', 'all').execute()) {
    const key = [num(x.agency_id), day(x.month), num(x.questionnaire_version_id)];
    each(versions.get(Number(x.questionnaire_version_id))!, x.histogram, x.extra, (q, v, n) => add(monthAnswers, k(...key, q, v), n));
    if (Number(x.responses) !== 0) add(monthResponses, k(...key), Number(x.responses));
  }
  const nz = (m: Map<string, number>) => new Map([...m].filter(([, n]) => n !== 0));
  return { answers: nz(answers), responses: nz(responses), monthAnswers: nz(monthAnswers), monthResponses: nz(monthResponses) };
}

/**
 * Answer counts of a selection straight from raw responses: the engine's input, recomputed. Given
 * the definition and rule the indices are read with, the respondents' moments are recounted too.
 */
export function rawCounts(
  rows: RawResponse[],
  keep: (r: RawResponse) => boolean,
  withMoments?: { definition: QuestionnaireDefinition; rule: IndexRule },
): AnswerCounts {
  const counts: Record<string, Record<string, number>> = {};
  let responses = 0;
  const moments = withMoments ? emptyMoments(momentFeatures(withMoments.definition, withMoments.rule)) : undefined;
  for (const r of rows) {
    if (!keep(r)) continue;
    responses++;
    for (const [q, v] of answerPairs(r.answers)) (counts[q] ??= {})[v] = (counts[q]?.[v] ?? 0) + 1;
    if (moments && withMoments) addFeatures(moments, respondentFeatures(withMoments.definition, withMoments.rule, r.answers));
  }
  return moments ? { responses, counts, moments } : { responses, counts };
}

/**
 * The drop-off figures recounted from the draft rows one by one (no GROUP BY, no domain code): the
 * drafts of a version whose agency lies under `path` and whose start falls on a Viet Nam day from
 * `from` to `to`; then how many reached each page (sent to it or further, or on to the review), the
 * review, and the submit.
 */
export async function recountDropOff(
  db: Kysely<Database>,
  f: { path: string; versionId: number; from: string; to: string; pages: number },
): Promise<number[]> {
  const rows = await db
    .selectFrom('survey_drafts as d')
    .innerJoin('agencies as a', 'a.id', 'd.agency_id')
    .select(['a.path', 'd.questionnaire_version_id', 'd.started_at', 'd.furthest_page', 'd.reached_review_at', 'd.submitted_at'])
    .execute();
  const mine = rows.filter(
    (r) =>
      r.path.startsWith(f.path) &&
      Number(r.questionnaire_version_id) === f.versionId &&
      vnDay(new Date(r.started_at)) >= f.from &&
      vnDay(new Date(r.started_at)) <= f.to,
  );
  const review = (r: (typeof mine)[number]) => r.reached_review_at !== null || r.submitted_at !== null;
  const counts = [mine.length];
  for (let page = 1; page <= f.pages; page++) counts.push(mine.filter((r) => r.furthest_page >= page || review(r)).length);
  counts.push(mine.filter(review).length, mine.filter((r) => r.submitted_at !== null).length);
  return counts;
}
