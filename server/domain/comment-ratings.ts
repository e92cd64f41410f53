// The ratings a comment's response gave, for the comments inbox: its overall rating (the overall
// question of a SIPAS questionnaire, the one scale question of a quick rating) and, for SIPAS, each
// element's satisfaction question. The inbox filters by "satisfied / not satisfied" with the overall
// rating or one element's, which each questionnaire version answers with its own codes and scale:
// the filter becomes one (version, question, values) condition per version.
import { questionList, type QuestionItem, type QuestionnaireDefinition } from './questionnaire.ts';

export const RATING_FILTERS = ['satisfied', 'not-satisfied'] as const;
export type RatingFilter = (typeof RATING_FILTERS)[number];

/** The question a rating filter reads: an element's satisfaction question, or the overall one. */
function ratingQuestion(def: QuestionnaireDefinition, element: string | null): QuestionItem | null {
  const list = questionList(def);
  if (element !== null) return list.find((q) => q.kind === 'element-satisfaction' && q.element === element) ?? null;
  return list.find((q) => q.kind === 'overall') ?? list.find((q) => q.kind === 'scale') ?? null;
}

export interface VersionDefinition {
  id: number;
  definition: QuestionnaireDefinition;
}

/**
 * The conditions for a rating filter across versions; null when nothing is filtered. A version
 * without the question asked for has no condition, so its responses do not match.
 */
export function ratingConditions(
  versions: readonly VersionDefinition[],
  rating: RatingFilter | null,
  element: string | null,
): { versionId: number; question: string; values: number[] }[] | null {
  if (rating === null && element === null) return null;
  const out: { versionId: number; question: string; values: number[] }[] = [];
  for (const v of versions) {
    const q = ratingQuestion(v.definition, element);
    if (!q) continue;
    const scale = q.options.map((o) => Number(o.value));
    const values = rating === null ? scale : scale.filter((x) => q.satisfied.includes(x) === (rating === 'satisfied'));
    if (values.length > 0) out.push({ versionId: v.id, question: q.code, values });
  }
  return out;
}

export interface GivenRating {
  code: string;
  /** The element's code, or null for the overall rating. */
  element: string | null;
  value: number;
  label: { vi: string; en: string | null };
  satisfied: boolean;
}

/** The overall and element ratings a response gave, in the questionnaire's order; no-opinion and blanks left out. */
export function ratingsGiven(def: QuestionnaireDefinition, answers: Record<string, unknown>): GivenRating[] {
  const out: GivenRating[] = [];
  const overall = ratingQuestion(def, null);
  const items = questionList(def).filter((q) => q.kind === 'element-satisfaction' || q === overall);
  for (const q of items) {
    const v = answers[q.code];
    const o = q.options.find((x) => x.value === v);
    if (typeof v !== 'number' || !o) continue;
    out.push({ code: q.code, element: q.element, value: v, label: { vi: o.vi, en: o.en ?? null }, satisfied: q.satisfied.includes(v) });
  }
  // The overall rating first: it is the one a reader looks for.
  return out.sort((a, b) => (a.element === null ? -1 : b.element === null ? 1 : 0));
}

/** The elements a rating filter may name: the codes and titles of every SIPAS version's elements. */
export function ratingElements(versions: readonly VersionDefinition[]): { code: string; title: { vi: string; en: string | null } }[] {
  const seen = new Map<string, { vi: string; en: string | null }>();
  for (const v of [...versions].reverse()) {
    const def = v.definition;
    if (!('elements' in def)) continue;
    for (const e of def.elements) if (!seen.has(e.code)) seen.set(e.code, { vi: e.title.vi, en: e.title.en ?? null });
  }
  return [...seen.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([code, title]) => ({ code, title }));
}
