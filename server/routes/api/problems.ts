// The API's error vocabulary: every problem is {path, code, message}, the message in the caller's
// language. zod issues about the shape of a request are turned into the same codes as intake's
// problems (server/i18n/problems.ts), so a client handles one list whatever went wrong.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Translate } from '../../i18n/index.ts';
import { problemMessage } from '../../i18n/problems.ts';
import type { IntakeProblem } from '../../intake/intake.ts';

export interface ApiProblem {
  path: string;
  code: string;
  message: string;
}

export function localize(t: Translate, problems: readonly IntakeProblem[]): ApiProblem[] {
  return problems.map((p) => ({ path: p.field, code: p.code, message: problemMessage(t, p) }));
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
