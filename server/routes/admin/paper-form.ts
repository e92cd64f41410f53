// The keying grid of a paper questionnaire: what each field of the form is (a one-digit box for
// anything answered with a small number, a select for other single choices, checkboxes for a
// multiple choice, a text area for the comment), reading the posted form back into answers, and
// turning the server's problems into messages tied to fields. The server's validation
// (validateAnswers through intake) stays the authority; the grid only carries what the client check
// in public/js/paper.js needs to mirror it.
import { allowedValues, answerQuestions, commentQuestion, valueFromForm } from '../../domain/answers.ts';
import { isSipas, questionList, type OptionValue, type QuestionItem, type QuestionnaireDefinition } from '../../domain/questionnaire.ts';
import { inLocale, type Locale, type MessageKey, type Translate } from '../../i18n/index.ts';
import { problemKey } from '../../i18n/messages/intake.ts';
import type { IntakeProblem } from '../../intake/intake.ts';

/** What the clerk typed, by question code ('comment' for the comment), kept to show it again. */
export type RawValues = Record<string, string | string[]>;

const fieldName = (code: string) => `q.${code}`;
const fieldId = (code: string) => `q-${code}`;
const COMMENT_ID = 'comment';
export const DATE_ID = 'form_date';

export interface GridOption {
  id: string;
  value: string;
  label: string;
  checked: boolean;
}

export interface GridField {
  code: string;
  id: string;
  name: string;
  kind: 'digit' | 'select' | 'checks' | 'text';
  label: string;
  /** digit: the characters accepted, in the order offered ("123450"). */
  digits: string;
  options: GridOption[];
  value: string;
  error: string | null;
  hintId: string | null;
  hint: string | null;
  /** Ids of the texts that describe the field (scale key, condition hint). */
  describedBy: string[];
  condition: { id: string; values: string[] } | null;
  max: number | null;
  maxLength: number | null;
  /** Messages the client check shows, the same words as the server's. */
  messages: { allowed?: string; condition?: string; tooMany?: string };
}

export interface GridSection {
  id: string;
  title: string;
  fields: GridField[];
}

export interface ScaleKey {
  id: string;
  items: { value: string; label: string }[];
}

export interface Grid {
  sections: GridSection[];
  scaleKeys: ScaleKey[];
  /** Every field in form order: the first question field gets the keyboard focus. */
  fields: GridField[];
}

const SECTION_TITLE: Record<QuestionItem['section'], MessageKey> = {
  element: 'paper.section.questions',
  questions: 'paper.section.questions',
  overall: 'paper.section.overall',
  background: 'paper.section.background',
  expectations: 'paper.section.expectations',
  comment: 'paper.section.comment',
};

const say = (b: { vi: string; en?: string | undefined }, locale: Locale) => inLocale(locale, b.vi, b.en);

/** Questions answered by one digit: every accepted value is a whole number from 0 to 9. */
function isDigitQuestion(q: QuestionItem): boolean {
  const values = allowedValues(q);
  return (
    q.kind !== 'multi' &&
    q.kind !== 'text' &&
    values.length > 0 &&
    values.every((v) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 9)
  );
}

const fieldMessage = (t: Translate, code: string, problem: string, params?: Record<string, string | number>) =>
  t('paper.fieldProblem', { code, message: t(problemKey(problem), params) });

export function buildGrid(def: QuestionnaireDefinition, locale: Locale, t: Translate, raw: RawValues, errors: Map<string, string>): Grid {
  const questions = questionList(def);
  const scaleKeys = new Map<string, ScaleKey>();
  const sections: GridSection[] = [];
  const byCode = new Map<string, GridField>();
  const sectionFor = (id: string, title: string) => {
    let s = sections.find((x) => x.id === id);
    if (!s) sections.push((s = { id, title, fields: [] }));
    return s;
  };
  const elementTitle = (code: string | null) => {
    if (!code || !isSipas(def)) return code ?? '';
    const el = def.elements.find((e) => e.code === code);
    return el ? `${el.code}. ${say(el.title, locale)}` : code;
  };

  for (const q of questions) {
    const sectionId = q.element ?? q.section;
    const title = q.element ? elementTitle(q.element) : t(SECTION_TITLE[q.section]);
    const section = sectionFor(sectionId, title);
    const given = raw[q.kind === 'text' ? 'comment' : q.code];
    const values = given === undefined ? [] : Array.isArray(given) ? given : [given];
    const id = q.kind === 'text' ? COMMENT_ID : fieldId(q.code);
    const field: GridField = {
      code: q.code,
      id,
      name: q.kind === 'text' ? 'comment' : fieldName(q.code),
      kind: 'text',
      label: say(q.text, locale),
      digits: '',
      options: [],
      value: values[0] ?? '',
      error: errors.get(q.kind === 'text' ? 'comment' : q.code) ?? null,
      hintId: null,
      hint: null,
      describedBy: [],
      condition: null,
      max: q.max,
      maxLength: q.maxLength,
      messages: {},
    };
    if (q.kind === 'text') {
      // The comment: free text, nothing to mirror but its length.
    } else if (isDigitQuestion(q)) {
      field.kind = 'digit';
      field.digits = allowedValues(q).join('');
      field.messages.allowed = fieldMessage(t, q.code, 'not-allowed', { allowed: allowedValues(q).join(', ') });
      if (q.scale) {
        const keyId = `scale-${q.scale}`;
        if (!scaleKeys.has(q.scale)) {
          const items = q.options.map((o) => ({ value: String(o.value), label: say(o, locale) }));
          if (q.noOpinion) items.push({ value: String(q.noOpinion.value), label: say(q.noOpinion, locale) });
          scaleKeys.set(q.scale, { id: keyId, items });
        }
        field.describedBy.push(keyId);
      } else {
        field.hintId = `${id}-hint`;
        field.hint = q.options.map((o) => `${o.value} = ${say(o, locale)}`).join(' · ');
        field.describedBy.push(field.hintId);
      }
    } else if (q.kind === 'multi') {
      field.kind = 'checks';
      field.options = q.options.map((o, i) => ({
        id: `${id}-${i + 1}`,
        value: String(o.value),
        label: `${i + 1}. ${say(o, locale)}`,
        checked: values.includes(String(o.value)),
      }));
      if (q.max !== null) field.messages.tooMany = fieldMessage(t, q.code, 'too-many', { max: q.max });
    } else {
      field.kind = 'select';
      field.options = allowedValues(q).map((v, i) => {
        const o = q.options.find((x) => x.value === v) ?? q.noOpinion;
        return {
          id: `${id}-${i + 1}`,
          value: String(v),
          label: `${i + 1}. ${o ? say(o, locale) : String(v)}`,
          checked: field.value === String(v),
        };
      });
    }
    if (q.condition) {
      const cond = byCode.get(q.condition.question);
      field.condition = { id: fieldId(q.condition.question), values: q.condition.in.map(String) };
      field.messages.condition = fieldMessage(t, q.code, 'not-applicable', { question: q.condition.question });
      if (cond?.hintId) field.describedBy.push(cond.hintId);
    }
    if (field.error) field.describedBy.push(`${id}-error`);
    section.fields.push(field);
    byCode.set(q.code, field);
  }

  // The question that opens a condition says which codes depend on it.
  for (const f of byCode.values()) {
    const dependants = [...byCode.values()].filter((d) => d.condition?.id === f.id);
    if (dependants.length === 0) continue;
    const codes = dependants.length === 1 ? dependants[0]!.code : `${dependants[0]!.code}–${dependants.at(-1)!.code}`;
    const note = t('paper.onlyWhen', { codes, question: f.code, value: dependants[0]!.condition!.values.join(', ') });
    if (!f.hintId) {
      f.hintId = `${f.id}-hint`;
      f.describedBy.unshift(f.hintId);
    }
    f.hint = f.hint ? `${f.hint}. ${note}` : note;
    for (const d of dependants) if (!d.describedBy.includes(f.hintId)) d.describedBy.unshift(f.hintId);
  }

  return { sections, scaleKeys: [...scaleKeys.values()], fields: sections.flatMap((s) => s.fields) };
}

const asList = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];

/**
 * The answers of a posted form. A value that is not one the question offers is passed on as typed,
 * so that validateAnswers names it; an empty box is a blank (no key).
 */
export function readAnswers(
  def: QuestionnaireDefinition,
  body: Record<string, unknown>,
): { answers: Record<string, unknown>; comment: string; raw: RawValues } {
  const answers: Record<string, unknown> = {};
  const raw: RawValues = {};
  for (const q of answerQuestions(def)) {
    const typed = asList(body[fieldName(q.code)])
      .map((s) => s.trim())
      .filter((s) => s !== '');
    if (typed.length === 0) continue;
    const toValue = (s: string): OptionValue | string => valueFromForm(q, s) ?? s;
    if (q.kind === 'multi') {
      raw[q.code] = typed;
      answers[q.code] = typed.map(toValue);
    } else {
      raw[q.code] = typed[0]!;
      answers[q.code] = toValue(typed[0]!);
    }
  }
  const comment = commentQuestion(def) ? (asList(body['comment'])[0] ?? '') : '';
  if (comment !== '') raw['comment'] = comment;
  return { answers, comment, raw };
}

/** Stored answers back into what the form shows. */
export function rawFromStored(answers: Record<string, unknown>, comment: string | null): RawValues {
  const raw: RawValues = {};
  for (const [code, v] of Object.entries(answers)) raw[code] = Array.isArray(v) ? v.map(String) : String(v);
  if (comment) raw['comment'] = comment;
  return raw;
}

export interface FormError {
  /** The id of the field the summary links to, if any. */
  field?: string;
  message: string;
}

/**
 * Problems as messages: one per field (shown beside it) and a summary in form order linking to
 * each. Problems that belong to no field (the form as a whole) link to the first question.
 */
export function problemMessages(
  def: QuestionnaireDefinition,
  t: Translate,
  problems: IntakeProblem[],
): { fieldErrors: Map<string, string>; dateError: string | null; summary: FormError[] } {
  const fieldErrors = new Map<string, string>();
  const general: FormError[] = [];
  let dateError: string | null = null;
  const questions = questionList(def);
  const first = questions[0];
  for (const p of problems) {
    const message = t(problemKey(p.code), p.params);
    if (p.field.startsWith('answers.')) {
      const code = p.field.slice('answers.'.length);
      if (!fieldErrors.has(code)) fieldErrors.set(code, t('paper.fieldProblem', { code, message }));
    } else if (p.field === 'comment') {
      if (!fieldErrors.has('comment')) fieldErrors.set('comment', message);
    } else if (p.field === 'submitted_at' || p.field === 'form_date') {
      dateError ??= p.code === 'in-future' ? message : t('paper.formDateProblem', { message });
    } else {
      general.push({ ...(first && p.field === 'answers' ? { field: fieldId(first.code) } : {}), message });
    }
  }
  const summary: FormError[] = [];
  if (dateError) summary.push({ field: DATE_ID, message: dateError });
  for (const q of questions) {
    const key = q.kind === 'text' ? 'comment' : q.code;
    const message = fieldErrors.get(key);
    if (!message) continue;
    const id = q.kind === 'text' ? COMMENT_ID : q.kind === 'multi' ? `${fieldId(q.code)}-1` : fieldId(q.code);
    summary.push({ field: id, message });
  }
  summary.push(...general);
  return { fieldErrors, dateError, summary };
}
