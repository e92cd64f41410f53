// Targets (chỉ tiêu): which target applies to an agency's index, and how people write thresholds.
//
// The resolution rule (docs/methodology.md, "Chỉ tiêu" and "Targets"): for an agency, a questionnaire,
// an index code and a period [from, to], the effective target is
//   1. among the agency's own targets for that index code whose period overlaps [from, to] and whose
//      questionnaire is the one asked about or none (null = any questionnaire):
//      a questionnaire-specific target before one for any questionnaire, then the latest period_from,
//      then the highest id (the one set last);
//   2. if the agency has none, the same choice among its parent's targets, then the grandparent's, up
//      the materialised path ('/1/7/42/' → 42, 7, 1): a target set for a province is inherited by its
//      whole subtree, and any unit below overrides it for itself and its own subtree;
//   3. else there is no target.
// Nearest wins over specific: an agency's own target for any questionnaire beats its parent's target
// for this questionnaire, because whoever set the agency's own target knew about the parent's.
import type { QuestionnaireDefinition } from './questionnaire.ts';
import { isSipas } from './questionnaire.ts';
import type { Comparator } from './indices.ts';

export type { Comparator };
/** The fields of a stored target that the rule looks at. */
export interface TargetCandidate {
  id: number;
  agency_id: number;
  questionnaire_id: number | null;
  period_from: string;
  period_to: string;
  index_code: string;
}

export interface TargetQuery {
  /** Null: only targets that hold for any questionnaire apply. */
  questionnaireId: number | null;
  /** The period asked about, YYYY-MM-DD, both days included. */
  from: string;
  to: string;
}

/** Whether a target holds for the questionnaire and some day of the period (index code aside). */
export function applies(t: TargetCandidate, q: TargetQuery): boolean {
  return t.period_from <= q.to && t.period_to >= q.from && (t.questionnaire_id === null || t.questionnaire_id === q.questionnaireId);
}

/** Of two applicable targets of the same agency, the one that wins: negative when `a` does. */
function precedence(a: TargetCandidate, b: TargetCandidate): number {
  const specific = Number(b.questionnaire_id !== null) - Number(a.questionnaire_id !== null);
  if (specific !== 0) return specific;
  if (a.period_from !== b.period_from) return a.period_from > b.period_from ? -1 : 1;
  return b.id - a.id;
}

/** The agency's own id, then its parent's, up to the root: '/1/7/42/' → [42, 7, 1]. */
export function nearestFirst(path: string): number[] {
  return path
    .split('/')
    .filter((s) => s !== '')
    .map(Number)
    .reverse();
}

/**
 * The effective targets of one agency, per index code. `agencyAndAncestors` is the agency's id and
 * then its ancestors' ids, nearest first (see nearestFirst); `candidates` may hold targets of other
 * agencies, periods or questionnaires: only those the rule allows are considered.
 */
export function effectiveTargets<T extends TargetCandidate>(
  candidates: readonly T[],
  agencyAndAncestors: readonly number[],
  q: TargetQuery,
): Map<string, T> {
  const level = new Map(agencyAndAncestors.map((id, i) => [id, i]));
  const best = new Map<string, { target: T; level: number }>();
  for (const t of candidates) {
    const l = level.get(t.agency_id);
    if (l === undefined || !applies(t, q)) continue;
    const held = best.get(t.index_code);
    if (!held || l < held.level || (l === held.level && precedence(t, held.target) < 0)) best.set(t.index_code, { target: t, level: l });
  }
  return new Map([...best].map(([code, b]) => [code, b.target]));
}

/** The effective target of one agency for one index code, or null. */
export function effectiveTarget<T extends TargetCandidate>(
  candidates: readonly T[],
  agencyAndAncestors: readonly number[],
  q: TargetQuery & { indexCode: string },
): T | null {
  return (
    effectiveTargets(
      candidates.filter((t) => t.index_code === q.indexCode),
      agencyAndAncestors,
      q,
    ).get(q.indexCode) ?? null
  );
}

// Thresholds are typed as percentages, the way targets are written ("trên 80%", "≥ 82,5%"), with a
// decimal comma or point and at most three decimals (numeric(6,5) keeps a fraction to 0.001%).
// A value strictly between 0 and 1 is refused rather than read as 0.8%: it is almost surely a
// fraction ("0.8" for 80%), and nobody sets a target below one per cent.
export type ThresholdResult = { ok: true; share: number } | { ok: false; reason: 'format' | 'range' | 'fraction' };

const PERCENT = /^(\d{1,3})(?:[.,](\d{1,3}))?\s*%?$/;

/** "80" → 0.8, "82,5" → 0.825, "85 %" → 0.85, "100" → 1; "0,8", "101", "80,1234", "abc" are refused. */
export function parseThreshold(input: string): ThresholdResult {
  const m = PERCENT.exec(input.trim());
  if (!m) return { ok: false, reason: 'format' };
  // Thousandths of a per cent as an integer, so that the stored fraction is exactly what was typed.
  const milli = Number(m[1]) * 1000 + Number((m[2] ?? '').padEnd(3, '0'));
  if (milli > 100_000) return { ok: false, reason: 'range' };
  if (milli > 0 && milli < 1000) return { ok: false, reason: 'fraction' };
  return { ok: true, share: milli / 100_000 };
}

/** Decimals needed to show a stored threshold as a percentage exactly: 0.8 → 0, 0.825 → 1. */
export function thresholdDigits(share: number): number {
  const milli = Math.round(share * 100_000);
  if (milli % 1000 === 0) return 0;
  if (milli % 100 === 0) return 1;
  if (milli % 10 === 0) return 2;
  return 3;
}

/** The calendar year as a period. */
export function yearPeriod(year: number): { from: string; to: string } {
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}

/** The year a period covers exactly, if it is one whole calendar year. */
export function wholeYear(from: string, to: string): number | null {
  const y = Number(from.slice(0, 4));
  return from === `${y}-01-01` && to === `${y}-12-31` ? y : null;
}

export const OVERALL = 'overall';

export interface IndexCodeOption {
  code: string;
  kind: 'overall' | 'element' | 'criterion';
  /** The element's title or the criterion's wording; none for overall. */
  vi: string | null;
  en: string | null;
}

/** The index codes a questionnaire computes, in reading order: overall, then each element and its criteria. */
export function indexCodesOf(def: QuestionnaireDefinition): IndexCodeOption[] {
  const out: IndexCodeOption[] = [{ code: OVERALL, kind: 'overall', vi: null, en: null }];
  if (!isSipas(def)) return out;
  for (const el of def.elements) {
    out.push({ code: el.code, kind: 'element', vi: el.title.vi, en: el.title.en ?? null });
    for (const c of el.criteria) out.push({ code: c.code, kind: 'criterion', vi: c.vi, en: c.en ?? null });
  }
  return out;
}
