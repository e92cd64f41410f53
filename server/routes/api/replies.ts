// What the API answers, version 1: the zod schemas of its JSON replies. The serializer (validation.ts)
// writes every reply through its route's schema, so what is documented is what is sent: a field not
// named here never reaches a client, and a reply that breaks its schema is our 500 (the API tests
// catch it). The document still shows these objects open (openapi.ts): version 1 may grow new reply
// fields. Limits a reader needs but the server must not re-check on the way out (a share between 0
// and 1, a uuid) are `.meta()` only.
import { z } from 'zod';
import type { IndexRule } from '../../db/schema.ts';

const uuid = z.string().meta({ format: 'uuid' });

const Problem = z
  .object({
    path: z.string().meta({
      description: 'Dotted path of the field at fault, e.g. "answers.E1.1", "submitted_at"; "answers" for the response as a whole.',
    }),
    code: z.string().meta({
      description: 'Stable machine-readable code, e.g. not-allowed, unknown-question, unknown-field, out-of-scope, conflict.',
    }),
    message: z.string().meta({ description: 'Human-readable, in the language of Accept-Language (vi or en; vi by default).' }),
  })
  .meta({ id: 'Problem' });

const ErrorBody = z
  .object({
    error: z.object({ status: z.number().int(), code: z.string(), message: z.string() }),
    id: uuid.optional(),
    errors: z.array(Problem).optional(),
  })
  .meta({ id: 'Error' });

/** A documented error status: its description, and the one error shape. */
export const errorReply = (description: string) => ({ description, content: { 'application/json': { schema: ErrorBody } } });

/** The errors every JSON-body route can answer with (a route adds or replaces its own). */
export const bodyErrors = {
  400: errorReply('Malformed JSON.'),
  401: errorReply('Missing, malformed or revoked token (WWW-Authenticate: Bearer).'),
  403: errorReply(
    'The token lacks the submit scope, or the place is outside the token’s agency subtree (code HL_OUT_OF_SCOPE, errors[].code out-of-scope).',
  ),
  413: errorReply('Body too large.'),
  415: errorReply('Not application/json.'),
  422: errorReply('Invalid request: errors lists every problem with its path.'),
};

/** The errors of the read routes (GET /results, GET /exports/{format}). */
export const readErrors = {
  401: bodyErrors[401],
  403: errorReply('The token lacks the read scope, or the agency is outside the token’s subtree (code HL_OUT_OF_SCOPE).'),
  422: errorReply('A missing or invalid parameter, an unknown agency, questionnaire, version or campaign: errors lists each.'),
};

export const Accepted = z
  .object({
    id: uuid,
    status: z.enum(['created', 'replayed']),
    flagged: z.array(z.string()).meta({ description: 'Reasons the response is kept but left out of the indices (e.g. late).' }),
  })
  .meta({ id: 'Accepted' });

export const BatchResults = z.object({
  results: z.array(
    z.object({
      index: z.number().int(),
      id: z.string().nullable(),
      status: z
        .number()
        .int()
        .meta({ enum: [201, 200, 409, 422, 403] }),
      flagged: z.array(z.string()).optional(),
      errors: z.array(Problem).optional(),
    }),
  ),
});

export const MintedLink = z.object({
  url: z.string().meta({ format: 'uri' }),
  expires_at: z.string().meta({ format: 'date-time' }),
});

const Index = z
  .object({
    code: z.string().meta({
      description: 'overall, an element (E1…E5) or a criterion (E1.1…); Q.OVERALL-based questionnaires have overall only.',
    }),
    share: z
      .number()
      .nullable()
      .meta({ minimum: 0, maximum: 1, description: 'Share satisfied, a fraction; null when there is no valid answer.' }),
    n: z
      .number()
      .int()
      .meta({ description: 'Valid answers (neither no opinion nor blank); for a mean of indices, the mean n of its parts.' }),
    noOpinion: z.number().int(),
    blank: z.number().int(),
    interval: z.tuple([z.number(), z.number()]).nullable().meta({ description: '95% Wilson interval [low, high].' }),
    target: z.object({ comparator: z.enum(['>', '>=']), threshold: z.number() }).nullable(),
    verdict: z.enum(['met', 'not-met', 'insufficient', 'no-target']).meta({ description: 'insufficient: fewer valid answers than minN.' }),
    clear: z
      .boolean()
      .nullable()
      .meta({ description: 'For met / not-met: the whole interval lies on that side of the threshold (rõ ràng).' }),
    belowMinimum: z
      .boolean()
      .meta({ description: 'Below its minimum (minimums): "chưa đủ mẫu", no verdict, left out of the index above it.' }),
    leftOutBelowMinimum: z
      .array(z.string())
      .meta({ description: 'The parts (criteria, elements) this index left out for being below their minimum.' }),
  })
  .meta({ id: 'Index' });

// Every rule once, checked both ways against the type: a new rule cannot be sent undocumented.
const RULES = Object.keys({
  'criterion-mean': true,
  'pooled-share': true,
  'element-question': true,
  'overall-question': true,
  'mean-score': true,
  'single-question': true,
} satisfies Record<IndexRule, true>) as [IndexRule, ...IndexRule[]];

// Issue 16: how many of the people served answered, and the margin of error that follows.
const ResponseRate = z
  .object({
    responses: z.number().int().meta({ description: 'Responses at the service points whose people served are known for the period.' }),
    served: z.number().int().meta({ description: 'People served at those points in the period.' }),
    rate: z.number().nullable().meta({ description: 'responses ÷ served, a fraction; null when served is 0.' }),
    margin: z.number().nullable().meta({
      description: 'Half-width of the 95% interval of a 50% share from responses of served people, with the finite-population correction.',
    }),
    floor: z.number().meta({ description: 'The province’s response-rate floor, a fraction (default 0.05).' }),
    belowFloor: z.boolean(),
    inconsistent: z.boolean().meta({ description: 'More responses than people served.' }),
    pointsLeftOut: z.number().int().meta({ description: 'Service points with responses but no people served for the whole period.' }),
    responsesLeftOut: z.number().int(),
  })
  .nullable()
  .meta({
    id: 'ResponseRate',
    description: 'Null when no service point of the selection has people served recorded for the whole period ("chưa có số lượt phục vụ").',
  });

// Issue 16 point 5: the overall by the official rule and by the other documented rules beside it.
const RuleFigure = z
  .object({
    rule: z.enum([...RULES, 'units-equal']),
    official: z.boolean().meta({ description: "The province's official rule: the only one with a verdict." }),
    share: z.number().nullable(),
    n: z.number().int().meta({ description: 'units-equal: the respondents of the counted units.' }),
    interval: z.tuple([z.number(), z.number()]).nullable(),
    units: z
      .object({
        counted: z.array(z.string()),
        leftOut: z.array(z.string()),
        ownResponses: z.number().int(),
        noInterval: z.enum(['no-units', 'unit-without-variance']).nullable(),
      })
      .optional()
      .meta({ description: 'units-equal only: the units counted and left out, responses recorded at the agency itself, why no interval.' }),
  })
  .meta({ id: 'RuleFigure' });

export const Results = z
  .object({
    agency: z.object({ code: z.string(), name: z.string() }),
    from: z.string().meta({ format: 'date' }),
    to: z.string().meta({ format: 'date' }),
    questionnaire: z.object({
      code: z.string(),
      version: z.number().int().meta({ description: 'The version asked for, or the latest when all are pooled.' }),
      versionsPooled: z.boolean(),
    }),
    rule: z.enum(RULES),
    minN: z.number().int(),
    minimums: z
      .object({ criterion: z.number().int(), element: z.number().int(), overall: z.number().int() })
      .meta({ description: "The province's minimum sample per part: criterion and element valid answers, overall respondents." }),
    responses: z.number().int().meta({ description: 'Reportable responses in the selection.' }),
    overall: Index,
    elements: z.array(Index),
    criteria: z.array(Index),
    rules: z
      .array(RuleFigure)
      .meta({ description: 'The overall by the official rule (first) and by the other documented rules beside it.' }),
    responseRate: ResponseRate,
  })
  .meta({ id: 'Results' });
