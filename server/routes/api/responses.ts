// POST /responses and /responses/batch: other systems (portals, kiosk vendors) hand in responses.
// Each goes through intake like any other channel; a batch's items go concurrently so that the
// group-commit queue writes them in a few transactions, and each item gets its own answer.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable } from '../../db/errors.ts';
import { intake, type IntakeProblem } from '../../intake/intake.ts';
import { requireToken, type ApiTokenPrincipal } from '../../plugins/api-auth.ts';
import { zodProblems } from '../../i18n/problems.ts';
import { localize, sendProblems, type ApiProblem } from './problems.ts';
import { Accepted, BatchResults, bodyErrors, errorReply } from './replies.ts';
import { BatchInput, MAX_BATCH, ResponseInput } from './schemas.ts';
import { isRequestInvalid, type ZodTypeProvider } from './validation.ts';

export type ItemResult =
  | { status: 201 | 200; id: string; flagged: string[] }
  | { status: 403 | 409 | 422; id: string | null; problems: IntakeProblem[] }
  | { status: 500; id: string | null; problems: IntakeProblem[] };

const idOf = (item: unknown): string | undefined =>
  item !== null && typeof item === 'object' && typeof (item as { id?: unknown }).id === 'string' ? (item as { id: string }).id : undefined;

/** One batch item through validation and intake; never throws for bad input. */
function submitItem(app: FastifyInstance, body: unknown, token: ApiTokenPrincipal): Promise<ItemResult> {
  const parsed = ResponseInput.safeParse(body);
  if (!parsed.success) return Promise.resolve({ status: 422, id: idOf(body) ?? null, problems: zodProblems(parsed.error, body) });
  return submitOne(app, parsed.data, token);
}

/** One valid response through intake; never throws for bad input. */
async function submitOne(app: FastifyInstance, input: ResponseInput, token: ApiTokenPrincipal): Promise<ItemResult> {
  // Background answers are answers like any other; they travel apart only for the caller's clarity.
  const answers: Record<string, unknown> = { ...input.answers };
  const fromBackground = new Set<string>();
  const clashes: IntakeProblem[] = [];
  for (const [key, value] of Object.entries(input.background ?? {})) {
    if (Object.hasOwn(answers, key)) clashes.push({ field: `background.${key}`, code: 'duplicate-answer' });
    else {
      answers[key] = value;
      fromBackground.add(key);
    }
  }
  if (clashes.length > 0) return { status: 422, id: input.id, problems: clashes };

  const result = await intake(app.db, app.submissions, {
    id: input.id,
    campaignCode: input.campaign,
    questionnaireCode: input.questionnaire,
    version: input.version,
    agencyCode: input.agency,
    servicePointCode: input.service_point,
    channel: input.channel,
    submittedAt: new Date(input.submitted_at),
    locale: input.locale,
    answers,
    comment: input.comment ?? null,
    completeness: 'lenient',
    scopePath: token.agencyPath,
  });
  if (!result.ok) {
    const problems = result.problems.map((p) => {
      const question = p.field.startsWith('answers.') ? p.field.slice('answers.'.length) : null;
      return question !== null && fromBackground.has(question) ? { ...p, field: `background.${question}` } : p;
    });
    return { status: result.status, id: input.id, problems };
  }
  switch (result.outcome) {
    case 'created':
      return { status: 201, id: result.id, flagged: result.flagged };
    case 'replayed':
      return { status: 200, id: result.id, flagged: result.flagged };
    case 'conflict':
      return { status: 409, id: result.id, problems: [{ field: 'id', code: 'conflict' }] };
    case 'dossier-used':
      // Not reachable through this API (it carries no dossier), but every outcome has an answer.
      return { status: 409, id: result.id, problems: [{ field: 'dossier', code: 'dossier-used' }] };
  }
}

const statusWord = { 201: 'created', 200: 'replayed' } as const;

/**
 * An item whose storing failed. The database being away fails the whole batch with 503 (every item
 * may be resent: the stored ones come back as replays); any other failure is ours, and answers for
 * that item alone, so that the others keep their answers and a resend does not fail the same way.
 */
function itemFailure(request: FastifyRequest, err: unknown, id: string | null): ItemResult {
  if (isDatabaseUnavailable(err)) throw err;
  request.log.error({ err, id }, 'batch item failed');
  return { status: 500, id, problems: [{ field: '', code: 'server-error' }] };
}

/** No body at all: Fastify skips parsing, so say what we want rather than list missing fields. */
async function needJson(request: FastifyRequest, reply: FastifyReply) {
  if (request.body === undefined)
    return reply.code(415).send({ error: { status: 415, code: 'HL_JSON_ONLY', message: request.t('intake.api.jsonOnly') } });
}

/** More than MAX_BATCH items is a 413 (too large), told before anything about the items. */
async function batchSize(request: FastifyRequest, reply: FastifyReply) {
  const body = request.body as { responses?: unknown };
  if (body !== null && typeof body === 'object' && Array.isArray(body.responses) && body.responses.length > MAX_BATCH) {
    return reply.code(413).send({
      error: {
        status: 413,
        code: 'HL_BATCH_TOO_LARGE',
        message: request.t('intake.api.batchTooLarge', { max: MAX_BATCH, count: body.responses.length }),
      },
    });
  }
}

export default async function responseRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  // textChecked: the body's text is checked field by field by the schema (422 invalid-characters).
  app.post(
    '/responses',
    {
      schema: {
        summary: 'Submit one response (idempotent on id)',
        operationId: 'submitResponse',
        body: ResponseInput,
        response: {
          201: {
            description: 'Stored and committed. Location names the response.',
            headers: { Location: { type: 'string' } },
            content: { 'application/json': { schema: Accepted } },
          },
          200: {
            description: 'The same id with the same content was already stored: nothing new was written.',
            content: { 'application/json': { schema: Accepted } },
          },
          409: errorReply('The id is already stored with different content (errors[].code conflict); nothing was written.'),
          ...bodyErrors,
        },
      },
      // A refused response is answered here, with the id it claimed, as a batch item is.
      attachValidation: true,
      config: { csrf: false, textChecked: true },
      preValidation: [requireToken('submit'), needJson],
      bodyLimit: 256 * 1024,
    },
    async (request, reply) => {
      const invalid = request.validationError;
      if (invalid) {
        if (!isRequestInvalid(invalid)) throw invalid;
        const id = idOf(request.body);
        return sendProblems(request, reply, 422, invalid.problems, id ? { id } : {});
      }
      const r = await submitOne(app, request.body, request.apiToken!);
      if (r.status === 500) throw new Error('unreachable: a single response fails through the error handler');
      if ('problems' in r) return sendProblems(request, reply, r.status, r.problems, r.id ? { id: r.id } : {});
      if (r.status === 201) reply.header('location', `${request.url.split('?')[0]}/${r.id}`);
      return reply.code(r.status).send({ id: r.id, status: statusWord[r.status], flagged: r.flagged });
    },
  );

  app.post(
    '/responses/batch',
    {
      schema: {
        summary: `Submit up to ${MAX_BATCH} responses; each gets its own answer`,
        operationId: 'submitResponses',
        body: BatchInput,
        response: {
          200: {
            description: 'Every item answered, in order. Items are independent: some may be stored while others are refused.',
            content: { 'application/json': { schema: BatchResults } },
          },
          ...bodyErrors,
          413: errorReply(`More than ${MAX_BATCH} responses (code HL_BATCH_TOO_LARGE), or the body is too large.`),
        },
      },
      // textChecked: a bad character refuses its own item only; the others are stored.
      config: { csrf: false, textChecked: true },
      preValidation: [requireToken('submit'), needJson, batchSize],
      // 500 full SIPAS responses with long comments stay well under this.
      bodyLimit: 8 * 1024 * 1024,
    },
    async (request, reply) => {
      const token = request.apiToken!;
      // Concurrent, except that items sharing an id go in the order sent: the first one decides
      // what is stored and the later ones are its replays or conflicts, as if sent one by one.
      const lastOfId = new Map<string, Promise<unknown>>();
      const results = await Promise.all(
        request.body.responses.map((item) => {
          const id = idOf(item)?.toLowerCase();
          const before = id === undefined ? undefined : lastOfId.get(id);
          const one = () => submitItem(app, item, token).catch((err) => itemFailure(request, err, idOf(item) ?? null));
          const run = before ? before.then(one) : one();
          if (id !== undefined)
            lastOfId.set(
              id,
              run.catch(() => {}),
            );
          return run;
        }),
      );
      return reply.code(200).send({
        results: results.map((r, index) => {
          const out: { index: number; id: string | null; status: number; flagged?: string[]; errors?: ApiProblem[] } = {
            index,
            id: r.id,
            status: r.status,
          };
          if ('problems' in r) out.errors = localize(request.t, r.problems);
          else out.flagged = r.flagged;
          return out;
        }),
      });
    },
  );
}
