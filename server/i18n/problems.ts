// The one mapping from validation problems (zod issues) to what a user or a client is told. The API,
// the kiosk and the staff forms all parse with zod and all turn the issues into problems here:
// {field, code, params}. A schema names its own problem with `problemCode` (an intake code, shown
// through `intake.problem.<code>`) or, on a staff form, with `formMessage` (a catalogue key, typed at
// the schema and checked again when shown), so no message key is ever an unchecked string.
import type { z } from 'zod';
import type { IntakeProblem } from '../intake/intake.ts';
import { isMessageKey, type MessageKey, type Translate } from './index.ts';
import { problemKey } from './messages/intake.ts';

const PREFIX = 'hl:';

/** A zod message meant as a problem code (`hl:<code>`): the issue becomes that problem. */
export const problemCode = (c: string) => `${PREFIX}${c}`;

/** A zod message meant as a form's message: the problem's code is that catalogue key. */
export const formMessage = (key: MessageKey) => problemCode(key);

const valueAt = (input: unknown, path: readonly PropertyKey[]): unknown =>
  path.reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined), input);

const join = (path: readonly PropertyKey[]) => path.map(String).join('.');

const named = (message: string) => (message.startsWith(PREFIX) ? message.slice(PREFIX.length) : undefined);

/** The problems of a failed parse; `input` is what was parsed (to tell a missing field from a wrong one). */
export function zodProblems(error: z.ZodError, input: unknown): IntakeProblem[] {
  const out: IntakeProblem[] = [];
  for (const issue of error.issues) {
    const field = join(issue.path);
    // A refinement (or, for a record key that failed its own refinement, the key's issue) names it.
    const own =
      named(issue.message) ?? (issue.code === 'invalid_key' ? issue.issues.map((i) => named(i.message)).find(Boolean) : undefined);
    if (own) {
      out.push({ field, code: own });
      continue;
    }
    switch (issue.code) {
      case 'unrecognized_keys':
        for (const key of issue.keys) out.push({ field: join([...issue.path, key]), code: 'unknown-field' });
        break;
      case 'invalid_type':
        out.push(
          valueAt(input, issue.path) === undefined
            ? { field, code: 'missing-field' }
            : { field, code: 'invalid-type', params: { expected: issue.expected === 'record' ? 'object' : issue.expected } },
        );
        break;
      case 'invalid_format':
        out.push({
          field,
          code:
            issue.format === 'uuid' || issue.format === 'guid' ? 'invalid-uuid' : issue.format === 'datetime' ? 'invalid-date' : 'invalid',
        });
        break;
      case 'invalid_value':
        out.push({ field, code: 'invalid-value', params: { allowed: issue.values.map(String).join(', ') } });
        break;
      case 'too_big':
        if (issue.origin === 'string') out.push({ field, code: 'too-long', params: { max: Number(issue.maximum) } });
        else if (issue.origin === 'array' || issue.origin === 'object' || issue.origin === 'set')
          out.push({ field, code: 'too-many-items', params: { max: Number(issue.maximum) } });
        else out.push({ field, code: 'too-big', params: { max: Number(issue.maximum) } });
        break;
      case 'too_small':
        if (issue.origin === 'string' && Number(issue.minimum) <= 1) out.push({ field, code: 'empty' });
        else out.push({ field, code: 'too-small', params: { min: Number(issue.minimum) } });
        break;
      default:
        out.push({ field, code: 'invalid' });
    }
  }
  return out;
}

/** The message of an intake problem, in the caller's language (unknown codes get a generic one). */
export const problemMessage = (t: Translate, p: IntakeProblem) => t(problemKey(p.code), p.params);

/** The message of a form problem: its code is a catalogue key when the schema named one. */
export const formProblemMessage = (t: Translate, p: IntakeProblem) => (isMessageKey(p.code) ? t(p.code, p.params) : t('error.badRequest'));

export interface FieldError<F extends string> {
  field: F;
  message: string;
}

/**
 * A staff form's error summary: the first problem of each field, in the form's order (fields the
 * form does not show are left out). `extra` adds problems found after the parse (look-ups).
 */
export function formErrors<F extends string>(
  t: Translate,
  order: readonly F[],
  problems: readonly IntakeProblem[],
  extra: ReadonlyMap<F, MessageKey> = new Map(),
): FieldError<F>[] {
  const byField = new Map<string, string>();
  for (const p of problems) {
    const field = p.field.split('.')[0]!;
    if (!byField.has(field)) byField.set(field, formProblemMessage(t, p));
  }
  for (const [field, key] of extra) if (!byField.has(field)) byField.set(field, t(key));
  return order.filter((f) => byField.has(f)).map((f) => ({ field: f, message: byField.get(f)! }));
}
