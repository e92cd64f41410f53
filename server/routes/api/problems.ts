// The API's error vocabulary: every problem is {path, code, message}, the message in the caller's
// language. zod issues about the shape of a request are turned into the same codes as intake's
// problems, so a client handles one list whatever went wrong.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Translate } from '../../i18n/index.ts';
import { problemKey } from '../../i18n/messages/intake.ts';
import type { IntakeProblem } from '../../intake/intake.ts';

export interface ApiProblem {
  path: string;
  code: string;
  message: string;
}

/** A zod message meant as a problem code: `hl:<code>`. */
export const code = (c: string) => ({ error: `hl:${c}` });

const valueAt = (input: unknown, path: readonly PropertyKey[]): unknown =>
  path.reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined), input);

const join = (path: readonly PropertyKey[]) => path.map(String).join('.');

/** The problems of a failed parse; `input` is what was parsed (to tell a missing field from a wrong one). */
export function zodProblems(error: z.ZodError, input: unknown): IntakeProblem[] {
  const out: IntakeProblem[] = [];
  for (const issue of error.issues) {
    const field = join(issue.path);
    if (issue.message.startsWith('hl:')) {
      out.push({ field, code: issue.message.slice(3) });
      continue;
    }
    // A record key that failed its own refinement: the code is on the key's issue.
    const keyCode = issue.code === 'invalid_key' ? issue.issues.find((i) => i.message.startsWith('hl:'))?.message.slice(3) : undefined;
    if (keyCode) {
      out.push({ field, code: keyCode });
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

export function localize(t: Translate, problems: readonly IntakeProblem[]): ApiProblem[] {
  return problems.map((p) => ({ path: p.field, code: p.code, message: t(problemKey(p.code), p.params) }));
}

/** The error envelope every non-2xx API reply shares (the error handler's, plus the problem list). */
export function sendProblems(
  request: FastifyRequest,
  reply: FastifyReply,
  status: 403 | 409 | 422,
  problems: readonly IntakeProblem[],
  extra: Record<string, unknown> = {},
) {
  const errors = localize(request.t, problems);
  const [code, message] =
    status === 422
      ? ['HL_INVALID', request.t('intake.api.invalid', { count: errors.length })]
      : status === 403
        ? ['HL_OUT_OF_SCOPE', request.t('intake.api.outOfScope')]
        : problems[0]?.code === 'dossier-used'
          ? ['HL_DOSSIER_USED', request.t('intake.api.dossierUsed')]
          : ['HL_CONFLICT', request.t('intake.api.conflict')];
  return reply.code(status).send({ error: { status, code, message }, ...extra, errors });
}
