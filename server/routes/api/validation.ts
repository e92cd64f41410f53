// The API's zod type provider: a route's `schema` (zod) checks the request and writes the reply, and
// the OpenAPI document is generated from the same schemas (openapi.ts). A request that fails its
// schema becomes a RequestInvalidError, which the one error handler (plugins/errors.ts) answers as
// a 422 listing the problems of server/i18n/problems.ts, in the caller's language: the same
// envelope and codes as every other API problem.
import type { FastifySchemaCompiler } from 'fastify';
import { serializerCompiler as zodSerializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { zodProblems } from '../../i18n/problems.ts';
import type { IntakeProblem } from '../../intake/intake.ts';
import { HttpError } from '../../plugins/http-error.ts';

export type { ZodTypeProvider };

/** A request part (body, query, params) that failed its route's schema. */
class RequestInvalidError extends HttpError {
  constructor(
    readonly issues: z.ZodError,
    readonly input: unknown,
  ) {
    super(422, 'HL_INVALID', 'error.badRequest', 'request failed its schema');
  }

  /** What was wrong, as the problems every API answer lists. */
  get problems(): IntakeProblem[] {
    return zodProblems(this.issues, this.input);
  }
}

export const isRequestInvalid = (e: unknown): e is RequestInvalidError => e instanceof RequestInvalidError;

/**
 * Parses a request part with its zod schema; the parsed value (defaults, lower-cased ids) replaces
 * what was sent. Fastify hands an absent part over as null.
 */
export const validatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema }) =>
  (data) => {
    const result = schema.safeParse(data);
    return result.success ? { value: result.data } : { error: new RequestInvalidError(result.error, data) };
  };

/** Writes a reply through its status's schema: a field the schema does not name is not sent. */
export const serializerCompiler = zodSerializerCompiler;
