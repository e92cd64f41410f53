// What the survey templates show: questions in the citizen's language (Vietnamese where a text has no
// English, marked lang="vi" for screen readers), their controls with stable ids for the error
// summary's links, and the messages for each problem.
import type { Locale, Translate } from '../../i18n/index.ts';
import type { AnswerProblem } from '../../domain/answers.ts';
import type { IntakeProblem } from '../../intake/intake.ts';
import type { QuestionItem, AnswerOption, OptionValue } from '../../domain/questionnaire.ts';
import type { ReviewSection, SurveyPage } from '../../domain/survey-pages.ts';

export interface Localised {
  text: string;
  /** Set when the text is not in the page's language (an English page showing Vietnamese). */
  lang: 'vi' | null;
}

export function localised(b: { vi: string; en?: string | undefined }, locale: Locale): Localised {
  if (locale === 'en' && b.en) return { text: b.en, lang: null };
  return { text: b.vi, lang: locale === 'en' ? 'vi' : null };
}

export function nameIn(vi: string, en: string | null, locale: Locale): Localised {
  return localised({ vi, en: en ?? undefined }, locale);
}

export interface PlaceNames {
  servicePointNameVi: string | null;
  servicePointNameEn: string | null;
  agencyNameVi: string;
  agencyNameEn: string | null;
}

export interface PlaceView {
  name: Localised;
  /** The agency the counter belongs to, unless the counter's own name already says it. */
  agency: Localised | null;
}

/** A place as the survey names it: a counter with its agency ("Quầy hộ tịch, Sở Tư pháp"), or the agency. */
export function placeView(p: PlaceNames, locale: Locale): PlaceView {
  const agency = nameIn(p.agencyNameVi, p.agencyNameEn, locale);
  if (!p.servicePointNameVi) return { name: agency, agency: null };
  const name = nameIn(p.servicePointNameVi, p.servicePointNameEn, locale);
  const says = name.text.toLowerCase().includes(agency.text.toLowerCase());
  return { name, agency: says ? null : agency };
}

/** An id usable in URLs and CSS for a question code: E1.1 → q-E1-1. */
function fieldId(code: string): string {
  return `q-${code.replace(/[^A-Za-z0-9]+/g, '-')}`;
}

export interface OptionView {
  id: string;
  value: string;
  label: Localised;
  checked: boolean;
}

export interface QuestionView {
  code: string;
  id: string;
  /** Where the error summary links: the first control of the question. */
  firstInputId: string;
  control: 'radio' | 'checkbox' | 'textarea';
  text: Localised;
  optional: boolean;
  hint: string | null;
  error: string | null;
  options: OptionView[];
  noOpinion: OptionView | null;
  value: string;
  maxLength: number | null;
  /** Short answers in two columns on a phone (a five-point scale): half the height, same targets. */
  grid: boolean;
}

/** Answers no longer than this (about three lines in half a phone's width) may sit two to a row. */
const GRID_LABEL_MAX = 36;

function optionView(id: string, o: AnswerOption, locale: Locale, chosen: string[]): OptionView {
  return { id, value: String(o.value), label: localised(o, locale), checked: chosen.includes(String(o.value)) };
}

/** `chosen` holds the values to show as selected (what was sent, or the draft's answer). */
export function questionView(q: QuestionItem, locale: Locale, t: Translate, chosen: string[], error: string | null): QuestionView {
  const id = fieldId(q.code);
  const control = q.kind === 'text' ? 'textarea' : q.kind === 'multi' ? 'checkbox' : 'radio';
  const options = q.options.map((o, i) => optionView(`${id}-${i + 1}`, o, locale, chosen));
  const noOpinion = q.noOpinion ? optionView(`${id}-no`, q.noOpinion, locale, chosen) : null;
  const all = noOpinion ? [...options, noOpinion] : options;
  const hint =
    q.kind === 'multi' && q.max !== null && q.max < q.options.length
      ? t('survey.multi.hint', { max: q.max })
      : q.kind === 'text' && q.maxLength !== null
        ? t('survey.text.hint', { max: q.maxLength })
        : null;
  return {
    code: q.code,
    id,
    firstInputId: control === 'textarea' ? id : `${id}-1`,
    control,
    text: localised(q.text, locale),
    optional: q.optional,
    hint,
    error,
    options,
    noOpinion,
    value: control === 'textarea' ? (chosen[0] ?? '') : '',
    maxLength: q.maxLength,
    grid: control !== 'textarea' && all.length >= 4 && all.every((o) => o.label.text.length <= GRID_LABEL_MAX),
  };
}

/** The values of an answer as the form sends them. */
export function answerStrings(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v.map(String) : [String(v)];
}

/**
 * A problem with one question, in words a citizen understands: naming the question for the error
 * summary, short next to the question itself.
 */
export function problemMessage(
  q: QuestionItem,
  p: Pick<AnswerProblem, 'code' | 'params'>,
  locale: Locale,
  t: Translate,
  where: 'summary' | 'field' = 'summary',
): string {
  const question = localised(q.text, locale).text;
  const field = where === 'field';
  switch (p.code) {
    case 'required': {
      const kind = q.kind === 'text' ? 'text' : q.kind === 'multi' ? 'multi' : 'choice';
      return t(field ? `survey.field.required.${kind}` : `survey.error.required.${kind}`, { question });
    }
    case 'too-many':
      return t(field ? 'survey.field.tooMany' : 'survey.error.tooMany', { question, max: p.params?.['max'] ?? q.max ?? 0 });
    case 'too-long':
      return t(field ? 'survey.field.tooLong' : 'survey.error.tooLong', { question, max: p.params?.['max'] ?? q.maxLength ?? 0 });
    case 'not-applicable':
      return t(field ? 'survey.field.notApplicable' : 'survey.error.notApplicable', { question });
    default:
      return t(field ? 'survey.field.notAllowed' : 'survey.error.notAllowed', { question });
  }
}

export interface PageHeading {
  /** The page's h1: a section title, or the one question when the page asks only one. */
  title: Localised;
  /** Whether the single question's legend is the h1 (GOV.UK "question pages"). */
  questionIsHeading: boolean;
  /** The section's name shown above a question heading, when there is one. */
  caption: Localised | null;
}

export function sectionTitle(
  s: Pick<SurveyPage, 'section' | 'element'>,
  first: QuestionItem | undefined,
  locale: Locale,
  t: Translate,
): Localised {
  if (s.element) return localised(s.element.title, locale);
  switch (s.section) {
    case 'overall':
      return { text: t('survey.section.overall'), lang: null };
    case 'expectations':
      return { text: t('survey.section.expectations'), lang: null };
    case 'background':
      return { text: t('survey.section.background'), lang: null };
    case 'comment':
      return { text: t('survey.section.comment'), lang: null };
    default:
      return first ? localised(first.text, locale) : { text: '', lang: null };
  }
}

export function pageHeading(page: SurveyPage, shown: QuestionItem[], locale: Locale, t: Translate): PageHeading {
  const section = sectionTitle(page, shown[0], locale, t);
  if (shown.length === 1) {
    const q = localised(shown[0]!.text, locale);
    return { title: q, questionIsHeading: true, caption: q.text === section.text ? null : section };
  }
  return { title: section, questionIsHeading: false, caption: null };
}

export interface ReviewRow {
  id: string;
  question: Localised;
  answer: Localised[];
  blank: boolean;
  /** Free text keeps the citizen's line breaks. */
  multiline: boolean;
  optional: boolean;
  error: string | null;
}

export interface ReviewSectionView {
  title: Localised;
  changeHref: string;
  rows: ReviewRow[];
}

function labelOf(q: QuestionItem, v: OptionValue, locale: Locale): Localised {
  const o = q.options.find((x) => x.value === v) ?? (q.noOpinion && q.noOpinion.value === v ? q.noOpinion : undefined);
  return o ? localised(o, locale) : { text: String(v), lang: null };
}

export function reviewView(
  sections: ReviewSection[],
  answers: Record<string, unknown>,
  comment: string | null,
  base: string,
  locale: Locale,
  t: Translate,
  errors: Map<string, string>,
): ReviewSectionView[] {
  return sections.map((s) => ({
    title: sectionTitle(s, s.questions[0], locale, t),
    changeHref: `${base}/p/${s.changePage}?return=review`,
    rows: s.questions.map((q) => {
      const v = q.kind === 'text' ? comment : answers[q.code];
      const answer: Localised[] =
        v === undefined || v === null
          ? []
          : q.kind === 'text'
            ? [{ text: String(v), lang: null }]
            : (Array.isArray(v) ? v : [v]).map((x) => labelOf(q, x as OptionValue, locale));
      return {
        id: `review-${fieldId(q.code)}`,
        question: localised(q.text, locale),
        answer,
        blank: answer.length === 0,
        multiline: q.kind === 'text',
        optional: q.optional,
        error: errors.get(q.code) ?? null,
      };
    }),
  }));
}

/** Intake's problems on a final submit: answer problems per question, the rest as one message each. */
export function submitProblems(
  problems: IntakeProblem[],
  questions: Map<string, QuestionItem>,
  commentCode: string | null,
  locale: Locale,
  t: Translate,
): { byQuestion: Map<string, string>; summary: { field?: string; message: string }[] } {
  const byQuestion = new Map<string, string>();
  const summary: { field?: string; message: string }[] = [];
  const general = new Set<string>();
  for (const p of problems) {
    const code = p.field === 'comment' ? commentCode : p.field.startsWith('answers.') ? p.field.slice('answers.'.length) : null;
    const q = code ? questions.get(code) : undefined;
    if (q) {
      if (byQuestion.has(q.code)) continue;
      const problem = { code: p.code as AnswerProblem['code'], ...(p.params ? { params: p.params } : {}) };
      byQuestion.set(q.code, problemMessage(q, problem, locale, t, 'field'));
      summary.push({ field: `review-${fieldId(q.code)}`, message: problemMessage(q, problem, locale, t, 'summary') });
      continue;
    }
    const message =
      p.code === 'empty-response'
        ? t('survey.error.empty')
        : ['campaign-closed', 'outside-campaign', 'channel-not-in-campaign', 'in-future'].includes(p.code)
          ? t('survey.error.closed')
          : t('survey.error.place');
    if (!general.has(message)) summary.push({ message });
    general.add(message);
  }
  return { byQuestion, summary };
}
