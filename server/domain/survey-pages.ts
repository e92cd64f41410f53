// The online survey as a sequence of pages, planned from the questionnaire definition alone (no I/O):
// one thing per page for a citizen on a small phone, every page working without JavaScript. A
// question that depends on an answer given on the same part (E5.1–E5.S on E5.0, Q.REASON on
// Q.OVERALL) goes on a follow-up page of that part, so that the server knows the answer before it
// decides whether to ask. The progress bar counts pages (every page of the plan, a follow-up one
// too); the review groups answers by part.
import { cleanText } from './text.ts';
import { allowedValues, isApplicable, pruneInapplicable, valueFromForm, type AnswerProblem, type Answers } from './answers.ts';
import {
  isSipas,
  questionList,
  type Bilingual,
  type Condition,
  type OptionValue,
  type QuestionItem,
  type QuestionnaireDefinition,
  type QuestionSection,
} from './questionnaire.ts';

export interface SurveyPage {
  /** 1-based position in the plan: the page's address (/p/3). */
  number: number;
  /** 1-based part: the review's section, and what a change from the review may continue. */
  part: number;
  section: QuestionSection;
  /** The SIPAS element the page belongs to, else null. */
  element: { code: string; title: Bilingual } | null;
  questions: QuestionItem[];
  /** A follow-up page continues its part: it is asked because of an answer on an earlier page of it. */
  followUp: boolean;
}

export interface SurveyPlan {
  pages: SurveyPage[];
  parts: number;
}

interface Group {
  section: QuestionSection;
  element: SurveyPage['element'];
  questions: QuestionItem[];
}

/** Sections in the order the citizen meets them: elements, overall, expectations, background, comment. */
function groups(def: QuestionnaireDefinition): Group[] {
  const items = questionList(def);
  if (isSipas(def)) {
    const out: Group[] = def.elements.map((el) => ({
      section: 'element' as const,
      element: { code: el.code, title: el.title },
      questions: items.filter((q) => q.element === el.code),
    }));
    for (const section of ['overall', 'expectations', 'background', 'comment'] as const) {
      const questions = items.filter((q) => q.section === section);
      if (questions.length > 0) out.push({ section, element: null, questions });
    }
    return out;
  }
  // Flat questionnaires: one question per part, and a conditional question joins the part of the
  // question it depends on (Q.REASON follows Q.OVERALL).
  const out: Group[] = [];
  const groupOf = new Map<string, Group>();
  for (const q of items) {
    const host = q.condition ? groupOf.get(q.condition.question) : undefined;
    const g = host ?? { section: q.section, element: null, questions: [] };
    if (!host) out.push(g);
    g.questions.push(q);
    groupOf.set(q.code, g);
  }
  return out;
}

const sameCondition = (a: Condition, b: Condition) =>
  a.question === b.question && a.in.length === b.in.length && a.in.every((v, i) => v === b.in[i]);

/** The pages of a definition, in order. Pure: the same definition always gives the same plan. */
export function surveyPlan(def: QuestionnaireDefinition): SurveyPlan {
  const pages: SurveyPage[] = [];
  const gs = groups(def);
  gs.forEach((g, i) => {
    const inGroup = new Set(g.questions.map((q) => q.code));
    const main: QuestionItem[] = [];
    const followUps: { condition: Condition; questions: QuestionItem[] }[] = [];
    for (const q of g.questions) {
      if (!q.condition || !inGroup.has(q.condition.question)) {
        main.push(q);
        continue;
      }
      const f = followUps.find((x) => sameCondition(x.condition, q.condition!));
      if (f) f.questions.push(q);
      else followUps.push({ condition: q.condition, questions: [q] });
    }
    const base = { part: i + 1, section: g.section, element: g.element };
    if (main.length > 0) pages.push({ ...base, number: 0, questions: main, followUp: false });
    for (const f of followUps) pages.push({ ...base, number: 0, questions: f.questions, followUp: true });
  });
  pages.forEach((p, i) => (p.number = i + 1));
  return { pages, parts: gs.length };
}

// A published definition is one object per app and database (server/db/lookups.ts), so its plan
// is made once however many pages and figures ask for it.
const plans = new WeakMap<QuestionnaireDefinition, SurveyPlan>();

/** surveyPlan(def), remembered for as long as the definition object lives. */
export function planOf(def: QuestionnaireDefinition): SurveyPlan {
  let plan = plans.get(def);
  if (!plan) plans.set(def, (plan = surveyPlan(def)));
  return plan;
}

/** The questions of a page that are asked, given the answers so far. */
export function shownQuestions(page: SurveyPage, answers: Record<string, unknown>): QuestionItem[] {
  return page.questions.filter((q) => isApplicable(q, answers));
}

export function pageApplies(page: SurveyPage, answers: Record<string, unknown>): boolean {
  return shownQuestions(page, answers).length > 0;
}

export function pageByNumber(plan: SurveyPlan, n: number): SurveyPage | undefined {
  return plan.pages[n - 1];
}

/** The page a question is asked on. */
export function pageOfQuestion(plan: SurveyPlan, code: string): SurveyPage | undefined {
  return plan.pages.find((p) => p.questions.some((q) => q.code === code));
}

/** The next page that applies after page `from` (0 = the intro); null when the review comes next. */
export function nextPage(plan: SurveyPlan, from: number, answers: Record<string, unknown>): SurveyPage | null {
  return plan.pages.slice(from).find((p) => pageApplies(p, answers)) ?? null;
}

/** The page before `from` that applies (from = pages.length + 1 for the review); null for the intro. */
export function previousPage(plan: SurveyPlan, from: number, answers: Record<string, unknown>): SurveyPage | null {
  return (
    plan.pages
      .slice(0, Math.max(0, from - 1))
      .reverse()
      .find((p) => pageApplies(p, answers)) ?? null
  );
}

/** Whether a page still has a required question without an answer. */
export function pageIncomplete(page: SurveyPage, answers: Record<string, unknown>, comment: string | null): boolean {
  return shownQuestions(page, answers).some((q) => !q.optional && (q.kind === 'text' ? comment === null : answers[q.code] === undefined));
}

/** Where the citizen continues a draft: the first page with a required question not answered yet. */
export function resumePage(plan: SurveyPlan, answers: Record<string, unknown>, comment: string | null): SurveyPage | null {
  return plan.pages.find((p) => pageIncomplete(p, answers, comment)) ?? null;
}

/** After saving a page reached from the review: the follow-up of the same part if it now applies. */
export function nextAfterChange(plan: SurveyPlan, page: SurveyPage, answers: Record<string, unknown>): SurveyPage | null {
  const next = nextPage(plan, page.number, answers);
  return next && next.part === page.part ? next : null;
}

export interface ReviewSection {
  part: number;
  section: QuestionSection;
  element: SurveyPage['element'];
  /** Where the change link goes: the first page of the part. */
  changePage: number;
  questions: QuestionItem[];
}

/** The "check your answers" page: one section per part, with every question that is asked. */
export function reviewSections(plan: SurveyPlan, answers: Record<string, unknown>): ReviewSection[] {
  const out: ReviewSection[] = [];
  for (const p of plan.pages) {
    const shown = shownQuestions(p, answers);
    let s = out.find((x) => x.part === p.part);
    if (!s) {
      s = { part: p.part, section: p.section, element: p.element, changePage: p.number, questions: [] };
      out.push(s);
    }
    s.questions.push(...shown);
  }
  return out.filter((s) => s.questions.length > 0);
}

/** A submitted form field: formbody gives a string, or a list when the name repeats. */
export type FormValue = string | string[] | undefined;

export interface PageForm {
  /** The answers given on the page, typed as stored; blanks left out. */
  values: Answers;
  /** The comment when the page asks for it (null = left empty), else undefined. */
  comment: string | null | undefined;
  /** What was sent per question, to show again next to the errors. */
  sent: Record<string, string[]>;
  problems: AnswerProblem[];
}

const asList = (v: FormValue): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/**
 * Reads one page's form: only the questions that page asks, only allowed values, and the required
 * ones answered. Questions of other pages are never read from the form, so a tampered form cannot
 * change answers the citizen is not looking at.
 */
export function readPageForm(page: SurveyPage, form: Record<string, FormValue>, answers: Record<string, unknown>): PageForm {
  const values: Answers = {};
  const sent: Record<string, string[]> = {};
  const problems: AnswerProblem[] = [];
  let comment: string | null | undefined;
  for (const q of shownQuestions(page, answers)) {
    const raw = asList(form[q.code])
      .map((s) => s.trim())
      .filter((s) => s !== '');
    sent[q.code] = raw;
    if (q.kind === 'text') {
      const text = cleanText(asList(form[q.code])[0] ?? '');
      comment = text === '' ? null : text;
      sent[q.code] = [text];
      if (comment === null && !q.optional) problems.push({ question: q.code, code: 'required' });
      else if (comment !== null && q.maxLength !== null && comment.length > q.maxLength) {
        problems.push({ question: q.code, code: 'too-long', params: { max: q.maxLength, length: comment.length } });
      }
      continue;
    }
    if (raw.length === 0) {
      if (!q.optional) problems.push({ question: q.code, code: 'required' });
      continue;
    }
    const typed = raw.map((s) => valueFromForm(q, s));
    if (typed.some((v) => v === undefined) || (q.kind !== 'multi' && raw.length > 1)) {
      problems.push({ question: q.code, code: 'not-allowed', params: { allowed: allowedValues(q).join(', ') } });
      continue;
    }
    if (q.kind !== 'multi') {
      values[q.code] = typed[0]!;
      continue;
    }
    const list = [...new Set(typed as OptionValue[])];
    if (q.max !== null && list.length > q.max) problems.push({ question: q.code, code: 'too-many', params: { max: q.max } });
    else values[q.code] = list;
  }
  return { values, comment, sent, problems };
}

/**
 * The draft's answers after a page is saved: the page's previous answers replaced by the new ones,
 * and answers to questions that no longer apply dropped (E5.0 changed from Có to Không).
 */
export function applyPage(def: QuestionnaireDefinition, page: SurveyPage, answers: Answers, values: Answers): Answers {
  const out: Answers = { ...answers };
  for (const q of page.questions) delete out[q.code];
  return pruneInapplicable(def, { ...out, ...values });
}
