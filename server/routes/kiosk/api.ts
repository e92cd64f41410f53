// /kiosk/api: what a paired device asks for (its configuration), sends (ratings, from its offline
// queue) and reports (heartbeats). JSON only; the device cookie is SameSite=Strict and the body
// must be application/json, which a cross-site form cannot send, so there is no CSRF token.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { findQuestionnaireVersion } from '../../db/queries/questionnaires.ts';
import { findOfficerPhoto, officerPhotoVersion } from '../../db/queries/kiosk-photos.ts';
import { recordHeartbeat } from '../../db/queries/kiosk-devices.ts';
import { KIOSK_IDLE_SECONDS, KIOSK_THANK_YOU_MAX_SECONDS, KIOSK_THANK_YOU_SECONDS } from '../../domain/kiosk-interval.ts';
import { cleanText } from '../../domain/text.ts';
import type { MessageKey } from '../../i18n/index.ts';
import { problemMessage, zodProblems } from '../../i18n/problems.ts';
import type { IntakeProblem } from '../../intake/intake.ts';
import { requireKiosk } from '../../plugins/kiosk-auth.ts';
import { classifyError, messageFor, publicMessage } from '../../plugins/errors.ts';
import { RatingInput, submitRating } from './ratings.ts';

const Heartbeat = z.object({
  appVersion: z
    .string()
    .max(200)
    .transform((s) => cleanText(s).slice(0, 64) || null),
  queueLength: z.number().int().min(0).max(10_000_000),
  /** Ratings the server refused (4xx) that the device keeps aside; absent from older devices. */
  rejectedCount: z.number().int().min(0).max(10_000_000).optional(),
});

// The kiosk's own words for a body that is not JSON; it says nothing of 403 or 429 by status.
const KIOSK_BY_STATUS: Readonly<Partial<Record<number, MessageKey>>> = {
  404: 'error.notFound.text',
  413: 'error.tooLarge',
  415: 'kiosk.error.jsonOnly',
  503: 'error.unavailable',
};

function sendError(request: FastifyRequest, reply: FastifyReply, status: number, code: string, text?: string) {
  return reply.code(status).send({ error: { status, code, message: text ?? request.t(messageFor(status, code, KIOSK_BY_STATUS)) } });
}

function sendProblems(request: FastifyRequest, reply: FastifyReply, status: 409 | 422, problems: IntakeProblem[], id: string | null) {
  const errors = problems.map((p) => ({ path: p.field, code: p.code, message: problemMessage(request.t, p) }));
  const [code, key] =
    status === 409 ? (['HL_CONFLICT', 'kiosk.error.conflict'] as const) : (['HL_INVALID', 'kiosk.error.invalid'] as const);
  return reply
    .code(status)
    .send({ error: { status, code, message: request.t(key, { count: errors.length }) }, ...(id ? { id } : {}), errors });
}

export default async function kioskApi(app: FastifyInstance): Promise<void> {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'));

  app.addHook('onSend', async (_request, reply) => {
    reply.header('Cache-Control', 'no-store');
  });

  app.setNotFoundHandler(async (request, reply) => sendError(request, reply, 404, 'HTTP_404'));
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    // The device retries a 5xx (the database away gets 503 with Retry-After) and sets aside a 4xx.
    const classified = classifyError(error);
    const status = classified.status;
    if (status === 503) request.log.warn({ err: error }, 'kiosk request: database unavailable');
    else if (status >= 500) request.log.error({ err: error }, 'kiosk request failed');
    if (classified.retryAfter !== undefined) reply.header('Retry-After', String(classified.retryAfter));
    const code = status === 415 ? 'HL_JSON_ONLY' : /^HL_/.test(classified.code) ? classified.code : `HTTP_${status}`;
    return sendError(request, reply, status, code, publicMessage(error, request.t));
  });

  /** No body at all skips parsing: say what we want rather than list missing fields. */
  function needJson(request: FastifyRequest, reply: FastifyReply): boolean {
    if (request.body !== undefined) return true;
    void sendError(request, reply, 415, 'HL_JSON_ONLY');
    return false;
  }

  app.get('/config', { preHandler: requireKiosk }, async (request, reply) => {
    const kiosk = request.kiosk!;
    const version = await findQuestionnaireVersion(app.db, kiosk.questionnaireCode);
    if (!version) throw new Error(`questionnaire ${kiosk.questionnaireCode} has no published version`);
    const photoVersion = await officerPhotoVersion(app.db, kiosk.id);
    return reply.send({
      kiosk: {
        id: kiosk.id,
        name: kiosk.name,
        servicePoint: { code: kiosk.servicePoint.code, nameVi: kiosk.servicePoint.nameVi, nameEn: kiosk.servicePoint.nameEn },
        agency: { nameVi: kiosk.agency.nameVi, nameEn: kiosk.agency.nameEn },
      },
      questionnaire: { code: version.code, version: version.version, definition: version.definition },
      officer: kiosk.officerName
        ? { name: kiosk.officerName, photoUrl: photoVersion === undefined ? null : `/kiosk/api/officer-photo?v=${photoVersion}` }
        : null,
      minIntervalSeconds: kiosk.minIntervalSeconds,
      idleSeconds: KIOSK_IDLE_SECONDS,
      thankYouSeconds: KIOSK_THANK_YOU_SECONDS,
      thankYouMaxSeconds: KIOSK_THANK_YOU_MAX_SECONDS,
    });
  });

  app.get('/officer-photo', { preHandler: requireKiosk }, async (request, reply) => {
    const photo = await findOfficerPhoto(app.db, request.kiosk!.id);
    if (!photo) return sendError(request, reply, 404, 'HTTP_404');
    return reply.header('Cache-Control', 'private, max-age=86400').type(photo.contentType).send(photo.bytes);
  });

  // textChecked: a bad character is a 422 on its field, which the device sets aside (issue 11).
  app.post(
    '/ratings',
    { config: { csrf: false, textChecked: true }, preHandler: requireKiosk, bodyLimit: 64 * 1024 },
    async (request, reply) => {
      if (!needJson(request, reply)) return reply;
      const body = request.body;
      const parsed = RatingInput.safeParse(body);
      if (!parsed.success) {
        const claimed =
          body !== null && typeof body === 'object' && typeof (body as { id?: unknown }).id === 'string'
            ? (body as { id: string }).id.slice(0, 100)
            : null;
        return sendProblems(request, reply, 422, zodProblems(parsed.error, body), claimed);
      }
      const r = await submitRating(app, request.kiosk!, parsed.data);
      if (!r.ok) return sendProblems(request, reply, r.status, r.problems, parsed.data.id);
      return reply.code(r.status === 'created' ? 201 : 200).send({ id: parsed.data.id, status: r.status, flagged: r.flagged });
    },
  );

  app.post('/heartbeat', { config: { csrf: false }, preHandler: requireKiosk, bodyLimit: 4 * 1024 }, async (request, reply) => {
    if (!needJson(request, reply)) return reply;
    const parsed = Heartbeat.safeParse(request.body);
    if (!parsed.success) return sendProblems(request, reply, 422, zodProblems(parsed.error, request.body), null);
    await recordHeartbeat(app.db, request.kiosk!.id, { ...parsed.data, at: new Date() });
    return reply.send({ ok: true });
  });
}
