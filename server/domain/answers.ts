// Answers checked against the questionnaire version they answer, with a zod schema built from its
// definition. Every channel (online pages, paper keying, the API, kiosks) goes through here, so a
// stored response always holds only known questions, allowed values and applicable conditions.
//
// Storage shape: answers keyed by question code; a scale answer is its integer value (0 is
// "Không ý kiến" where the scale offers it), a single choice its option value, a multi choice an
// array of option values; an absent key is a blank. The free-text question is not an answer: it is
// the response's comment, stored apart (invariant 6).
import { z } from 'zod';
import { questionList, type QuestionItem, type QuestionnaireDefinition, type OptionValue } from './questionnaire.ts';
import { cleanText } from './text.ts';

export type Answers = Record<string, OptionValue | OptionValue[]>;

export type ProblemCode =
  | 'unknown-question'
  | 'not-allowed'
  | 'not-a-list'
  | 'duplicate-choice'
  | 'too-many'
  | 'empty-choice'
  | 'not-applicable'
  | 'required'
  | 'empty-response'
  | 'too-long'
  | 'comment-not-asked';

export interface AnswerProblem {
  /** The question code, or 'comment'. */
  question: string;
  code: ProblemCode;
  params?: Record<string, string | number>;
}

export type Completeness =
  /** Blanks are allowed (an absent key is a blank); at least one answer is needed. */
  | 'lenient'
  /** Every applicable question that is not optional must be answered. */
  | 'complete';

/** The free-text question of a definition: its answer is the comment. */
export function commentQuestion(def: QuestionnaireDefinition): QuestionItem | null {
  return questionList(def).find((q) => q.kind === 'text') ?? null;
}

/** The questions whose answers are stored in `answers` (everything but the comment). */
export function answerQuestions(def: QuestionnaireDefinition): QuestionItem[] {
  return questionList(def).filter((q) => q.kind !== 'text');
}

/** Values a question accepts, "no opinion" included. */
export function allowedValues(q: QuestionItem): OptionValue[] {
  const values = q.options.map((o) => o.value);
  if (q.noOpinion) values.push(q.noOpinion.value);
  return values;
}

/** Whether a question is asked, given the answers so far. */
export function isApplicable(q: QuestionItem, answers: Record<string, unknown>): boolean {
  if (!q.condition) return true;
  const given = answers[q.condition.question];
  return given !== undefined && q.condition.in.some((v) => v === given);
}

/** Drops answers to questions that no longer apply (a citizen changed E5.0 from Có to Không). */
export function pruneInapplicable(def: QuestionnaireDefinition, answers: Answers): Answers {
  const out: Answers = {};
  for (const q of answerQuestions(def)) {
    const v = answers[q.code];
    if (v !== undefined && isApplicable(q, answers)) out[q.code] = v;
  }
  return out;
}

const MESSAGE = (code: ProblemCode, params?: Record<string, string | number>) => JSON.stringify({ code, params });

function valueSchema(q: QuestionItem): z.ZodType<OptionValue | OptionValue[]> {
  const allowed = allowedValues(q);
  const one = z.custom<OptionValue>((v) => allowed.some((a) => a === v), {
    error: MESSAGE('not-allowed', { allowed: allowed.join(', ') }),
  });
  if (q.kind !== 'multi') return one;
  const max = q.max ?? q.options.length;
  return z
    .array(z.unknown(), { error: MESSAGE('not-a-list') })
    .min(1, { error: MESSAGE('empty-choice') })
    .superRefine((list, ctx) => {
      list.forEach((v, i) => {
        if (!allowed.some((a) => a === v))
          ctx.addIssue({ code: 'custom', path: [i], message: MESSAGE('not-allowed', { allowed: allowed.join(', ') }) });
      });
      if (new Set(list).size !== list.length) ctx.addIssue({ code: 'custom', message: MESSAGE('duplicate-choice') });
      if (list.length > max) ctx.addIssue({ code: 'custom', message: MESSAGE('too-many', { max }) });
    }) as z.ZodType<OptionValue[]>;
}

const schemaCache = new WeakMap<QuestionnaireDefinition, z.ZodType<Answers>>();

/**
 * The zod schema of a definition's answers: every key a known question, every value allowed. It is
 * built once per definition. What depends on several answers (conditions, required questions) is
 * checked by `answerRules`, so that a wrong value never hides a missing answer or the reverse.
 */
export function answersSchema(def: QuestionnaireDefinition): z.ZodType<Answers> {
  const cached = schemaCache.get(def);
  if (cached) return cached;
  const shape: Record<string, z.ZodType> = {};
  for (const q of answerQuestions(def)) shape[q.code] = valueSchema(q).optional();
  const schema = z.strictObject(shape) as unknown as z.ZodType<Answers>;
  schemaCache.set(def, schema);
  return schema;
}

interface Shape {
  questions: QuestionItem[];
  known: Map<string, { allowed: readonly OptionValue[]; multi: boolean; max: number }>;
  comment: QuestionItem | null;
}
const shapes = new WeakMap<QuestionnaireDefinition, Shape>();

function shapeOf(def: QuestionnaireDefinition): Shape {
  let shape = shapes.get(def);
  if (!shape) {
    const questions = answerQuestions(def);
    const known = new Map(
      questions.map((q) => [q.code, { allowed: allowedValues(q), multi: q.kind === 'multi', max: q.max ?? q.options.length }]),
    );
    shape = { questions, known, comment: commentQuestion(def) };
    shapes.set(def, shape);
  }
  return shape;
}

/**
 * The answers as the schema would return them when every key is a known question and every value
 * allowed — the common case, checked without zod (it is most of a submission's CPU); undefined
 * otherwise, and the schema then says what is wrong. Same rules as answersSchema.
 */
export function wellFormedAnswers(def: QuestionnaireDefinition, raw: Record<string, unknown>): Answers | undefined {
  const { known, questions } = shapeOf(def);
  for (const key in raw) {
    if (!Object.hasOwn(raw, key)) continue;
    const q = known.get(key);
    const v = raw[key];
    if (!q) return undefined;
    if (v === undefined) continue;
    if (!q.multi) {
      if (!q.allowed.includes(v as OptionValue)) return undefined;
    } else {
      if (!Array.isArray(v) || v.length === 0 || v.length > q.max || new Set(v).size !== v.length) return undefined;
      if (!v.every((x) => q.allowed.includes(x as OptionValue))) return undefined;
    }
  }
  const out: Answers = {};
  for (const q of questions) {
    const v = raw[q.code];
    if (v !== undefined) out[q.code] = Array.isArray(v) ? [...(v as OptionValue[])] : (v as OptionValue);
  }
  return out;
}

/** Conditions and required questions, over whatever answers were given. */
function answerRules(def: QuestionnaireDefinition, answers: Record<string, unknown>, completeness: Completeness): AnswerProblem[] {
  const problems: AnswerProblem[] = [];
  let any = false;
  for (const q of answerQuestions(def)) {
    const given = answers[q.code] !== undefined;
    any ||= given;
    const applies = isApplicable(q, answers);
    if (given && !applies) problems.push({ question: q.code, code: 'not-applicable', params: { question: q.condition!.question } });
    else if (!given && applies && !q.optional && completeness === 'complete') problems.push({ question: q.code, code: 'required' });
  }
  if (!any) problems.push({ question: '', code: 'empty-response' });
  return problems;
}

export type AnswersResult = { ok: true; answers: Answers; comment: string | null } | { ok: false; problems: AnswerProblem[] };

/** Checks answers and the comment; the comment comes back cleaned (NFC, no control characters). */
export function validateAnswers(
  def: QuestionnaireDefinition,
  input: { answers: unknown; comment?: string | null | undefined },
  completeness: Completeness,
): AnswersResult {
  const problems: AnswerProblem[] = [];
  const raw = input.answers ?? {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return { ok: false, problems: [{ question: '', code: 'empty-response' }] };
  const checked = wellFormedAnswers(def, raw as Record<string, unknown>);
  const parsed = checked ? ({ success: true, data: checked } as const) : answersSchema(def).safeParse(raw);
  if (!parsed.success) {
    const seen = new Set<string>();
    const add = (p: AnswerProblem) => {
      const key = `${p.question}:${p.code}`;
      if (!seen.has(key)) problems.push(p);
      seen.add(key);
    };
    for (const issue of parsed.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        for (const k of issue.keys) add({ question: k, code: 'unknown-question' });
        continue;
      }
      const question = String(issue.path[0] ?? '');
      try {
        const decoded = JSON.parse(issue.message) as { code: ProblemCode; params?: Record<string, string | number> };
        add({ question, code: decoded.code, ...(decoded.params ? { params: decoded.params } : {}) });
      } catch {
        add({ question, code: 'not-allowed' });
      }
    }
  }
  const { known, comment: cq } = shapeOf(def);
  const givenKnown = checked ?? Object.fromEntries(Object.entries(raw).filter(([k]) => known.has(k)));
  problems.push(...answerRules(def, givenKnown, completeness));

  let comment: string | null = null;
  const rawComment = input.comment;
  if (typeof rawComment === 'string' && cleanText(rawComment) !== '') {
    comment = cleanText(rawComment);
    if (!cq) problems.push({ question: 'comment', code: 'comment-not-asked' });
    else if (cq.maxLength !== null && comment.length > cq.maxLength)
      problems.push({ question: 'comment', code: 'too-long', params: { max: cq.maxLength } });
  } else if (cq && !cq.optional && completeness === 'complete') {
    problems.push({ question: 'comment', code: 'required' });
  }

  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, answers: parsed.success ? parsed.data : {}, comment };
}

/** A form field's string back to the typed option value it stands for ("4" → 4, "3+" → "3+"). */
export function valueFromForm(q: QuestionItem, raw: string): OptionValue | undefined {
  return allowedValues(q).find((v) => String(v) === raw);
}
