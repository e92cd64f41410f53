// The OpenAPI 3.1 description of /api/v1, written by hand so that it says what we promise rather
// than what a generator happens to see. tests/api/openapi.test.ts fails when a route under /api/v1
// is missing from it.
import type { FastifyInstance } from 'fastify';
import { MAX_BATCH, MAX_LINK_DAYS } from './schemas.ts';

const code = { type: 'string', minLength: 1, maxLength: 100 } as const;
const answerMap = {
  type: 'object',
  maxProperties: 500,
  description:
    'Answers keyed by question code. Scale answers are integers (1–5; 0 = "Không ý kiến" / no opinion where the scale offers it); single choices their option value; multiple choices an array of option values. An absent key is a blank answer.',
  additionalProperties: {
    oneOf: [{ type: 'integer' }, { type: 'string' }, { type: 'array', items: { oneOf: [{ type: 'integer' }, { type: 'string' }] } }],
  },
} as const;

const problem = {
  type: 'object',
  required: ['path', 'code', 'message'],
  properties: {
    path: {
      type: 'string',
      description: 'Dotted path of the field at fault, e.g. "answers.E1.1", "submitted_at"; "answers" for the response as a whole.',
    },
    code: {
      type: 'string',
      description: 'Stable machine-readable code, e.g. not-allowed, unknown-question, unknown-field, out-of-scope, conflict.',
    },
    message: { type: 'string', description: 'Human-readable, in the language of Accept-Language (vi or en; vi by default).' },
  },
} as const;

const errorBody = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['status', 'code', 'message'],
      properties: { status: { type: 'integer' }, code: { type: 'string' }, message: { type: 'string' } },
    },
    id: { type: 'string', format: 'uuid' },
    errors: { type: 'array', items: { $ref: '#/components/schemas/Problem' } },
  },
} as const;

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});
const common = {
  '400': errorResponse('Malformed JSON.'),
  '401': errorResponse('Missing, malformed or revoked token (WWW-Authenticate: Bearer).'),
  '403': errorResponse(
    'The token lacks the submit scope, or the place is outside the token’s agency subtree (code HL_OUT_OF_SCOPE, errors[].code out-of-scope).',
  ),
  '413': errorResponse('Body too large.'),
  '415': errorResponse('Not application/json.'),
  '422': errorResponse('Invalid request: errors lists every problem with its path.'),
};

// The selection GET /results and GET /exports/{format} share (server/results/params.ts).
const resultsParameters = [
  { name: 'agency', in: 'query', required: true, schema: code, example: 'KHA' },
  { name: 'from', in: 'query', required: true, schema: { type: 'string', format: 'date' }, example: '2026-01-01' },
  { name: 'to', in: 'query', required: true, schema: { type: 'string', format: 'date' }, example: '2026-06-30' },
  { name: 'questionnaire', in: 'query', required: true, schema: code, example: 'sipas-2017' },
  { name: 'version', in: 'query', required: false, schema: { type: 'integer', minimum: 1 } },
  { name: 'campaign', in: 'query', required: false, schema: code },
  { name: 'channel', in: 'query', required: false, schema: { type: 'string', enum: ['kiosk', 'online', 'paper', 'api'] } },
  {
    name: 'field',
    in: 'query',
    required: false,
    schema: { type: 'string' },
    description: 'Procedure field (the B.FIELD answer), e.g. land.',
  },
  {
    name: 'predecessors',
    in: 'query',
    required: false,
    schema: { type: 'string', enum: ['0', '1'] },
    description: '1: also count units that ended in a reorganisation and whose successor lies in the subtree.',
  },
];

const sipasExample = {
  id: '3f2b8c4e-5d6a-4b7c-8d9e-0f1a2b3c4d5e',
  questionnaire: 'sipas-2017',
  version: 1,
  service_point: 'KHA-NTR-MC',
  channel: 'api',
  submitted_at: '2026-03-02T08:30:00+07:00',
  locale: 'vi',
  answers: { 'E1.1': 4, 'E1.2': 0, 'E1.S': 4, 'E5.0': 2, OVERALL: 4, 'X.IMPROVE': ['time', 'online'] },
  comment: 'Cán bộ hướng dẫn tận tình.',
  background: { 'B.TYPE': 'individual', 'B.AGE': '31-45' },
};

export function openApiDocument(publicUrl: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Hài Lòng API',
      version: '1',
      description:
        'Responses from other systems (portals, kiosk vendors), per-dossier survey links, and results. Version 1 only grows: new optional response fields and new endpoints may appear; nothing documented here is removed or changes meaning without a /api/v2. See docs/api.md.',
    },
    servers: [{ url: `${publicUrl}/api/v1` }],
    security: [{ bearer: [] }],
    paths: {
      '/responses': {
        post: {
          summary: 'Submit one response (idempotent on id)',
          operationId: 'submitResponse',
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Response' }, example: sipasExample } },
          },
          responses: {
            '201': {
              description: 'Stored and committed. Location names the response.',
              headers: { Location: { schema: { type: 'string' } } },
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Accepted' } } },
            },
            '200': {
              description: 'The same id with the same content was already stored: nothing new was written.',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Accepted' } } },
            },
            '409': errorResponse('The id is already stored with different content (errors[].code conflict); nothing was written.'),
            ...common,
          },
        },
      },
      '/responses/batch': {
        post: {
          summary: `Submit up to ${MAX_BATCH} responses; each gets its own answer`,
          operationId: 'submitResponses',
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['responses'],
                  properties: {
                    responses: { type: 'array', minItems: 1, maxItems: MAX_BATCH, items: { $ref: '#/components/schemas/Response' } },
                  },
                },
              },
            },
          },
          responses: {
            '200': {
              description: 'Every item answered, in order. Items are independent: some may be stored while others are refused.',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['results'],
                    properties: {
                      results: {
                        type: 'array',
                        items: {
                          type: 'object',
                          required: ['index', 'id', 'status'],
                          properties: {
                            index: { type: 'integer' },
                            id: { type: ['string', 'null'] },
                            status: { type: 'integer', enum: [201, 200, 409, 422, 403] },
                            flagged: { type: 'array', items: { type: 'string' } },
                            errors: { type: 'array', items: { $ref: '#/components/schemas/Problem' } },
                          },
                        },
                      },
                    },
                  },
                },
              },
            },
            '413': errorResponse(`More than ${MAX_BATCH} responses (code HL_BATCH_TOO_LARGE), or the body is too large.`),
            ...Object.fromEntries(Object.entries(common).filter(([s]) => s !== '413')),
          },
        },
      },
      '/links': {
        post: {
          summary: 'Mint a signed per-dossier survey link',
          operationId: 'mintLink',
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  additionalProperties: false,
                  required: ['service_point', 'dossier'],
                  properties: {
                    service_point: code,
                    dossier: { type: 'string', pattern: '^[A-Za-z0-9._/-]{1,64}$' },
                    expires_in_days: { type: 'integer', minimum: 1, maximum: MAX_LINK_DAYS, default: 30 },
                  },
                },
                example: { service_point: 'KHA-NTR-MC', dossier: 'H31.26-260302-0001', expires_in_days: 30 },
              },
            },
          },
          responses: {
            '201': {
              description: 'The link; one response per dossier is accepted through it.',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['url', 'expires_at'],
                    properties: { url: { type: 'string', format: 'uri' }, expires_at: { type: 'string', format: 'date-time' } },
                  },
                },
              },
            },
            ...common,
          },
        },
      },
      '/results': {
        get: {
          summary: 'Satisfaction indices of an agency subtree for a period',
          operationId: 'getResults',
          description:
            'Needs a token with the read scope (`hailong token add --scope read`); the agency must lie in the token’s subtree. Pools every reportable response (status valid) of the agency and the units below it. Days are calendar days in Asia/Ho_Chi_Minh, both ends included. Without version, every version of the questionnaire is pooled by question code and read with the latest definition and its rule. The figures equal the staff dashboards’ (same service). See docs/methodology.md.',
          parameters: resultsParameters,
          responses: {
            '200': { description: 'The indices.', content: { 'application/json': { schema: { $ref: '#/components/schemas/Results' } } } },
            '401': common['401'],
            '403': errorResponse('The token lacks the read scope, or the agency is outside the token’s subtree (code HL_OUT_OF_SCOPE).'),
            '422': errorResponse(
              'A missing or invalid parameter, an unknown agency, questionnaire, version or campaign: errors lists each.',
            ),
          },
        },
      },
      '/exports/{format}': {
        get: {
          summary: 'The results of an agency subtree for a period as a file: CSV of responses, XLSX workbook or PDF report',
          operationId: 'getExport',
          description:
            "Needs a token with the read scope; the agency must lie in the token’s subtree; the parameters select exactly what GET /results does. Streamed as an attachment; every export is recorded in the audit log (token, filters, rows). csv: one row per reportable response (status valid — the responses the figures count), UTF-8 with BOM, RFC 4180 with CRLF; columns id, agency_code, agency_name, service_point, campaign, questionnaire_version, channel, submitted_at (ISO 8601, +07:00), locale, one per question code in the questionnaire’s order (multiple choices joined with ;), comment, and dossier_hash, officer_name only when the province turned identifiers on. A text cell beginning with = + - @, tab or CR is prefixed with ', and so is such a character after a comma, semicolon, tab or line break inside a field (fields holding any of those are quoted). xlsx: the workbook “Báo cáo kết quả khảo sát sự hài lòng”. pdf: the report, A4. See docs/api.md.",
          parameters: [
            { name: 'format', in: 'path', required: true, schema: { type: 'string', enum: ['csv', 'xlsx', 'pdf'] } },
            ...resultsParameters,
            {
              name: 'labels',
              in: 'query',
              required: false,
              schema: { type: 'string', enum: ['0', '1'] },
              description:
                'csv: 1 adds a second line with each column’s label (the question texts) in the language of Accept-Language or lang.',
            },
            {
              name: 'responses',
              in: 'query',
              required: false,
              schema: { type: 'string', enum: ['0', '1'] },
              description: 'xlsx: 1 adds the raw-responses sheet.',
            },
          ],
          responses: {
            '200': {
              description: 'The file (Content-Disposition: attachment; filename="hai-long_<agency>_<from>_<to>.<format>").',
              content: {
                'text/csv': { schema: { type: 'string' } },
                'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } },
                'application/pdf': { schema: { type: 'string', format: 'binary' } },
              },
            },
            '401': common['401'],
            '403': errorResponse('The token lacks the read scope, or the agency is outside the token’s subtree (code HL_OUT_OF_SCOPE).'),
            '404': errorResponse('An unknown format (code HL_NOT_FOUND).'),
            '422': errorResponse(
              'A missing or invalid parameter, an unknown agency, questionnaire, version or campaign: errors lists each.',
            ),
          },
        },
      },
      '/openapi.json': {
        get: {
          summary: 'This document',
          operationId: 'openapi',
          security: [],
          responses: { '200': { description: 'OpenAPI 3.1', content: { 'application/json': { schema: { type: 'object' } } } } },
        },
      },
    },
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'An API token (hl_…) made with `hailong token add --scope submit`; it acts for its agency and the units below.',
        },
      },
      schemas: {
        Response: {
          type: 'object',
          additionalProperties: false,
          required: ['id', 'submitted_at', 'answers'],
          description:
            'Give questionnaire (+ version, default the latest published) or campaign; and service_point or agency. Unknown fields are refused (422 unknown-field).',
          properties: {
            id: { type: 'string', format: 'uuid', description: 'Generated by the client, once per response; resending it is safe.' },
            questionnaire: { ...code, example: 'sipas-2017' },
            version: { type: 'integer', minimum: 1 },
            campaign: { ...code, description: 'May replace questionnaire and version.' },
            agency: code,
            service_point: code,
            channel: {
              type: 'string',
              enum: ['kiosk', 'online', 'api'],
              default: 'api',
              description: 'paper is refused (422 channel-not-allowed): paper forms are keyed in by staff.',
            },
            submitted_at: {
              type: 'string',
              format: 'date-time',
              description:
                'ISO 8601 with Z or an offset; at most 5 minutes ahead of the server clock, and not more than a day before the questionnaire version was published (422 before-version). More than 30 days before it is received: stored flagged late.',
            },
            locale: { type: 'string', enum: ['vi', 'en'], default: 'vi' },
            answers: answerMap,
            comment: { type: ['string', 'null'] },
            background: { ...answerMap, description: 'Background answers (B.*), merged into answers; a code may not appear in both.' },
          },
        },
        Accepted: {
          type: 'object',
          required: ['id', 'status', 'flagged'],
          properties: {
            id: { type: 'string', format: 'uuid' },
            status: { type: 'string', enum: ['created', 'replayed'] },
            flagged: {
              type: 'array',
              items: { type: 'string' },
              description: 'Reasons the response is kept but left out of the indices (e.g. late).',
            },
          },
        },
        Index: {
          type: 'object',
          required: ['code', 'share', 'n', 'noOpinion', 'blank', 'interval', 'target', 'verdict', 'clear'],
          properties: {
            code: {
              type: 'string',
              description: 'overall, an element (E1…E5) or a criterion (E1.1…); Q.OVERALL-based questionnaires have overall only.',
            },
            share: {
              type: ['number', 'null'],
              minimum: 0,
              maximum: 1,
              description: 'Share satisfied, a fraction; null when there is no valid answer.',
            },
            n: {
              type: 'integer',
              description: 'Valid answers (neither no opinion nor blank); for a mean of indices, the mean n of its parts.',
            },
            noOpinion: { type: 'integer' },
            blank: { type: 'integer' },
            interval: {
              type: ['array', 'null'],
              items: { type: 'number' },
              minItems: 2,
              maxItems: 2,
              description: '95% Wilson interval [low, high].',
            },
            target: {
              type: ['object', 'null'],
              properties: { comparator: { type: 'string', enum: ['>', '>='] }, threshold: { type: 'number' } },
            },
            verdict: {
              type: 'string',
              enum: ['met', 'not-met', 'insufficient', 'no-target'],
              description: 'insufficient: fewer valid answers than minN.',
            },
            clear: {
              type: ['boolean', 'null'],
              description: 'For met / not-met: the whole interval lies on that side of the threshold (rõ ràng).',
            },
            belowMinimum: {
              type: 'boolean',
              description: 'Below its minimum (minimums): "chưa đủ mẫu", no verdict, left out of the index above it.',
            },
            leftOutBelowMinimum: {
              type: 'array',
              items: { type: 'string' },
              description: 'The parts (criteria, elements) this index left out for being below their minimum.',
            },
          },
        },
        RuleFigure: {
          type: 'object',
          properties: {
            rule: {
              type: 'string',
              enum: [
                'criterion-mean',
                'pooled-share',
                'element-question',
                'overall-question',
                'mean-score',
                'single-question',
                'units-equal',
              ],
            },
            official: { type: 'boolean', description: "The province's official rule: the only one with a verdict." },
            share: { type: ['number', 'null'] },
            n: { type: 'integer', description: 'units-equal: the respondents of the counted units.' },
            interval: { type: ['array', 'null'], items: { type: 'number' }, minItems: 2, maxItems: 2 },
            units: {
              type: 'object',
              description: 'units-equal only: the units counted and left out, responses recorded at the agency itself, why no interval.',
              properties: {
                counted: { type: 'array', items: { type: 'string' } },
                leftOut: { type: 'array', items: { type: 'string' } },
                ownResponses: { type: 'integer' },
                noInterval: { type: ['string', 'null'], enum: ['no-units', 'unit-without-variance', null] },
              },
            },
          },
        },
        Results: {
          type: 'object',
          required: ['agency', 'from', 'to', 'questionnaire', 'responses', 'overall', 'elements', 'criteria'],
          properties: {
            agency: { type: 'object', properties: { code: { type: 'string' }, name: { type: 'string' } } },
            from: { type: 'string', format: 'date' },
            to: { type: 'string', format: 'date' },
            questionnaire: {
              type: 'object',
              properties: {
                code: { type: 'string' },
                version: { type: 'integer', description: 'The version asked for, or the latest when all are pooled.' },
                versionsPooled: { type: 'boolean' },
              },
            },
            rule: {
              type: 'string',
              enum: ['criterion-mean', 'pooled-share', 'element-question', 'overall-question', 'mean-score', 'single-question'],
            },
            minN: { type: 'integer' },
            minimums: {
              type: 'object',
              description: "The province's minimum sample per part: criterion and element valid answers, overall respondents.",
              properties: { criterion: { type: 'integer' }, element: { type: 'integer' }, overall: { type: 'integer' } },
            },
            responses: { type: 'integer', description: 'Reportable responses in the selection.' },
            overall: { $ref: '#/components/schemas/Index' },
            elements: { type: 'array', items: { $ref: '#/components/schemas/Index' } },
            criteria: { type: 'array', items: { $ref: '#/components/schemas/Index' } },
            rules: {
              type: 'array',
              items: { $ref: '#/components/schemas/RuleFigure' },
              description: 'The overall by the official rule (first) and by the other documented rules beside it.',
            },
          },
        },
        Problem: problem,
        Error: errorBody,
      },
    },
  };
}

export default async function openApiRoute(app: FastifyInstance): Promise<void> {
  const doc = openApiDocument(app.config.publicUrl);
  app.get('/openapi.json', async (_request, reply) => reply.type('application/json').send(doc));
}
