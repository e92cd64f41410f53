// Questionnaires as data: parsing a definition (every mistake listed with its JSON path), and the
// flat view of its questions that forms, kiosks, validation of responses and index rules all read.
import { canonicalJson } from './canonical-json.ts';
import type { z } from 'zod';
import type { IndexRule } from '../db/schema.ts';
import { cleanText } from './text.ts';
import { checkReferences, formatPath, type Path, type RawIssue } from './questionnaire-checks.ts';
import {
  QuickDefinitionSchema,
  SipasDefinitionSchema,
  type Bilingual,
  type OptionValue,
  type QuestionnaireDefinition,
  type QuickDefinition,
  type SipasDefinition,
} from './questionnaire-schema.ts';

export type { Bilingual, OptionValue, QuestionnaireDefinition, QuickDefinition, SipasDefinition } from './questionnaire-schema.ts';
export type { IndexRule } from '../db/schema.ts';
export { formatPath } from './questionnaire-checks.ts';

export interface DefinitionError {
  /** JSON path such as $.elements[2].criteria[0].code */
  path: string;
  message: string;
}

export type ParseResult = { ok: true; definition: QuestionnaireDefinition } | { ok: false; errors: DefinitionError[] };

export function parseQuestionnaire(json: unknown): ParseResult {
  const input = normalise(json);
  if (!isObj(input)) return { ok: false, errors: [{ path: '$', message: 'a questionnaire definition is a JSON object' }] };

  const sipas = 'elements' in input;
  if (!sipas && !('questions' in input)) {
    const issues: RawIssue[] = [
      { path: [], message: 'a questionnaire has either "elements" (SIPAS style) or "questions" (a flat list); this one has neither' },
    ];
    // Report the common fields too, so that the next attempt is not a surprise.
    const common = QuickDefinitionSchema.omit({ questions: true }).safeParse(input, { reportInput: true });
    if (!common.success) issues.push(...fromZod(common.error.issues, sipas));
    return { ok: false, errors: sorted(issues, input) };
  }

  const parsed = sipas
    ? SipasDefinitionSchema.safeParse(input, { reportInput: true })
    : QuickDefinitionSchema.safeParse(input, { reportInput: true });
  const issues = [...(parsed.success ? [] : fromZod(parsed.error.issues, sipas)), ...checkReferences(input)];
  if (issues.length > 0 || !parsed.success) return { ok: false, errors: sorted(issues, input) };
  return { ok: true, definition: parsed.data };
}

export function isSipas(def: QuestionnaireDefinition): def is SipasDefinition {
  return 'elements' in def;
}

/** The rule a version gets unless the publisher names another (design.md, The method). */
export function indexRuleOf(def: QuestionnaireDefinition): IndexRule {
  return isSipas(def) ? 'criterion-mean' : 'single-question';
}

/** The rules that can be computed from a definition of this style. */
export function indexRulesFor(def: QuestionnaireDefinition): IndexRule[] {
  return isSipas(def)
    ? ['criterion-mean', 'pooled-share', 'element-question', 'overall-question', 'mean-score']
    : ['single-question', 'mean-score'];
}

export type QuestionKind = 'criterion' | 'element-satisfaction' | 'applicability' | 'overall' | 'single' | 'multi' | 'text' | 'scale';
export type QuestionSection = 'element' | 'overall' | 'background' | 'expectations' | 'comment' | 'questions';

export interface AnswerOption {
  value: OptionValue;
  vi: string;
  en?: string | undefined;
  face?: string | undefined;
}

export interface Condition {
  question: string;
  in: OptionValue[];
}

export interface QuestionItem {
  code: string;
  kind: QuestionKind;
  section: QuestionSection;
  text: Bilingual;
  /** Code of the element the question belongs to (SIPAS style), else null. */
  element: string | null;
  /** Name of the scale for criteria, element satisfaction, overall and scale questions, else null. */
  scale: string | null;
  /** The answers offered; for a scale, its options in order (without "no opinion"). */
  options: AnswerOption[];
  noOpinion: AnswerOption | null;
  /** Values counted as satisfied; empty for questions not on a scale. */
  satisfied: number[];
  optional: boolean;
  /** For multi: how many options one may pick at most. */
  max: number | null;
  maxLength: number | null;
  /** Asked only when an earlier answer is one of the values. */
  condition: Condition | null;
}

/** Every question in the order a citizen meets them. */
// Validating one response asks for the list several times; a published definition never changes,
// so the list is built once per definition object and shared, frozen so nobody can alter it.
const listCache = new WeakMap<QuestionnaireDefinition, readonly QuestionItem[]>();

export function questionList(def: QuestionnaireDefinition): readonly QuestionItem[] {
  const hit = listCache.get(def);
  if (hit) return hit;
  const list = Object.freeze(buildQuestionList(def).map((q) => Object.freeze(q)));
  listCache.set(def, list);
  return list;
}

function buildQuestionList(def: QuestionnaireDefinition): QuestionItem[] {
  const scaleNames = Object.keys(def.scales);
  const only = scaleNames.length === 1 ? scaleNames[0]! : null;
  const onScale = (name: string | null) => {
    const s = name === null ? undefined : def.scales[name];
    return {
      scale: name,
      options: s ? s.options.map((o) => ({ ...o })) : [],
      noOpinion: s?.noOpinion ? { ...s.noOpinion } : null,
      satisfied: s ? [...s.satisfied] : [],
    };
  };
  const base = { element: null, max: null, maxLength: null, condition: null, optional: false };
  const items: QuestionItem[] = [];

  if (isSipas(def)) {
    for (const el of def.elements) {
      let condition: Condition | null = null;
      if (el.applicability) {
        const a = el.applicability;
        items.push({
          ...base,
          ...onScale(null),
          code: a.code,
          kind: 'applicability',
          section: 'element',
          text: { vi: a.vi, en: a.en },
          element: el.code,
          options: a.options.map((o) => ({ ...o })),
        });
        condition = { question: a.code, in: a.applicableWhen ? [...a.applicableWhen] : [a.options[0]!.value] };
      }
      for (const c of el.criteria) {
        items.push({
          ...base,
          ...onScale(c.scale ?? el.scale ?? only),
          code: c.code,
          kind: 'criterion',
          section: 'element',
          text: { vi: c.vi, en: c.en },
          element: el.code,
          condition,
        });
      }
      const s = el.satisfaction;
      items.push({
        ...base,
        ...onScale(s.scale ?? el.scale ?? only),
        code: s.code,
        kind: 'element-satisfaction',
        section: 'element',
        text: { vi: s.vi, en: s.en },
        element: el.code,
        condition,
      });
    }
    const o = def.overall;
    items.push({ ...base, ...onScale(o.scale ?? only), code: o.code, kind: 'overall', section: 'overall', text: { vi: o.vi, en: o.en } });
    for (const q of def.background ?? []) items.push(fromQuestion(q, 'background', def));
    if (def.expectations) items.push(fromQuestion(def.expectations, 'expectations', def));
    // A free comment is never forced on a citizen unless the definition says so.
    if (def.comment) items.push({ ...fromQuestion(def.comment, 'comment', def), optional: def.comment.required !== true });
  } else {
    for (const q of def.questions) items.push(fromQuestion(q, 'questions', def));
  }
  return items;
}

type AnyQuestion = QuickDefinition['questions'][number];

function fromQuestion(q: AnyQuestion, section: QuestionSection, def: QuestionnaireDefinition): QuestionItem {
  const scale = q.type === 'scale' ? def.scales[q.scale] : undefined;
  return {
    code: q.code,
    kind: q.type,
    section,
    text: { vi: q.vi, en: q.en },
    element: null,
    scale: q.type === 'scale' ? q.scale : null,
    options:
      q.type === 'single' || q.type === 'multi' ? q.options.map((o) => ({ ...o })) : scale ? scale.options.map((o) => ({ ...o })) : [],
    noOpinion: scale?.noOpinion ? { ...scale.noOpinion } : null,
    satisfied: scale ? [...scale.satisfied] : [],
    optional: q.optional === true,
    max: q.type === 'multi' ? (q.max ?? q.options.length) : null,
    maxLength: q.type === 'text' ? q.maxLength : null,
    condition: q.askWhen ? { question: q.askWhen.question, in: [...q.askWhen.in] } : null,
  };
}

export function questionCodes(def: QuestionnaireDefinition): string[] {
  return questionList(def).map((q) => q.code);
}

export function questionMap(def: QuestionnaireDefinition): Map<string, QuestionItem> {
  return new Map(questionList(def).map((q) => [q.code, q]));
}

export { canonicalJson };

/** Equal content, ignoring the version number (which publishing assigns). */
export function sameDefinition(a: QuestionnaireDefinition, b: QuestionnaireDefinition): boolean {
  const { version: _va, ...ra } = a;
  const { version: _vb, ...rb } = b;
  return canonicalJson(ra) === canonicalJson(rb);
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Text NFC, trimmed, without control characters (invariant 7); keys NFC too. */
function normalise(v: unknown): unknown {
  if (typeof v === 'string') return cleanText(v);
  if (Array.isArray(v)) return v.map(normalise);
  if (isObj(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k.normalize('NFC')] = normalise(x);
    return out;
  }
  return v;
}

function fromZod(issues: z.core.$ZodIssue[], sipas: boolean): RawIssue[] {
  const out: RawIssue[] = [];
  for (const i of issues) {
    const path = i.path.filter((p): p is string | number => typeof p !== 'symbol');
    if (i.code === 'unrecognized_keys') {
      for (const key of i.keys) {
        const message =
          path.length === 0 && sipas && key === 'questions'
            ? '"questions" cannot sit beside "elements": a definition is either SIPAS style (elements) or a flat list (questions)'
            : `unknown field "${key}"`;
        out.push({ path: [...path, key], message });
      }
    } else if (i.code === 'invalid_type' && (!('input' in i) || i.input === undefined)) {
      const last = path.at(-1);
      out.push({
        path,
        message:
          last === 'vi' ? 'Vietnamese text (vi) is missing' : `required field ${typeof last === 'string' ? `"${last}" ` : ''}is missing`,
      });
    } else if (i.code === 'invalid_type') {
      out.push({ path, message: `expected ${i.expected === 'int' ? 'a whole number' : i.expected}, got ${describe(i.input)}` });
    } else if ((i.code === 'too_small' || i.code === 'too_big') && /^Too (small|big)/.test(i.message)) {
      out.push({ path, message: sizeMessage(i) });
    } else if (i.code === 'invalid_key') {
      out.push({ path, message: i.issues[0]?.message ?? i.message });
    } else {
      out.push({ path, message: i.message });
    }
  }
  return out;
}

function sizeMessage(i: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig): string {
  const small = i.code === 'too_small';
  const limit = Number(small ? i.minimum : i.maximum);
  const bound = small ? (i.inclusive === false ? 'more than' : 'at least') : i.inclusive === false ? 'less than' : 'at most';
  if (i.origin === 'array') return `needs ${bound} ${limit} item${limit === 1 ? '' : 's'}`;
  if (i.origin === 'string') return `must be ${bound} ${limit} character${limit === 1 ? '' : 's'} long`;
  return `must be ${bound} ${limit}`;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'number' && !Number.isInteger(v)) return `the fraction ${v}`;
  return `${typeof v} ${JSON.stringify(v)}`;
}

/** Errors in the order their places appear in the file; the same error once. */
function sorted(issues: RawIssue[], input: unknown): DefinitionError[] {
  const keyed = issues.map((i) => ({ key: documentOrder(i.path, input), path: formatPath(i.path), message: i.message }));
  keyed.sort((a, b) => {
    for (let k = 0; k < Math.max(a.key.length, b.key.length); k++) {
      const d = (a.key[k] ?? -1) - (b.key[k] ?? -1);
      if (d !== 0) return d;
    }
    return 0;
  });
  const seen = new Set<string>();
  const out: DefinitionError[] = [];
  for (const k of keyed) {
    const id = `${k.path}\n${k.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push({ path: k.path, message: k.message });
  }
  return out;
}

function documentOrder(path: Path, input: unknown): number[] {
  const key: number[] = [];
  let node: unknown = input;
  for (const p of path) {
    if (Array.isArray(node) && typeof p === 'number') {
      key.push(p);
      node = node[p];
    } else if (isObj(node)) {
      const at = Object.keys(node).indexOf(String(p));
      // A missing field sorts after the fields that are there.
      key.push(at === -1 ? Number.MAX_SAFE_INTEGER : at);
      node = node[String(p)];
    } else {
      key.push(Number.MAX_SAFE_INTEGER);
      node = undefined;
    }
  }
  return key;
}
