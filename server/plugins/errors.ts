// The one error handler: every failure becomes a clear message in the user's language, as a page
// or as JSON for the API; client mistakes are 4xx, the database being away is a retryable 503, and
// only our own faults are 500. A 5xx body never carries a database code or text (they go to the log).
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS } from '../db/errors.ts';
import { escapeXml } from '../domain/text.ts';
import { translator, type Locale, type MessageKey, type Translate } from '../i18n/index.ts';
import { localeFromAcceptLanguage } from '../routes/api/index.ts';
import { sendProblems } from '../routes/api/problems.ts';
import { isRequestInvalid } from '../routes/api/validation.ts';
import { errorMessageKey } from './http-error.ts';

const wantsJson = (request: FastifyRequest) =>
  request.url.startsWith('/api/') || request.url === '/healthz' || (request.headers.accept ?? '').startsWith('application/json');

/** What a page or an API client is told for a status when the error declares no code of its own. */
const BY_STATUS: Readonly<Partial<Record<number, MessageKey>>> = {
  403: 'error.forbidden.text',
  404: 'error.notFound.text',
  413: 'error.tooLarge',
  415: 'error.unsupported',
  429: 'error.tooMany',
  503: 'error.unavailable',
};

/**
 * What the user is told: the key of a declared error code (plugins/http-error.ts), else by status
 * (the kiosk API passes its own table), else a server or a bad-request message.
 */
export function messageFor(status: number, code: string | undefined, byStatus = BY_STATUS): MessageKey {
  return errorMessageKey(code) ?? byStatus[status] ?? (status >= 500 ? 'error.server' : 'error.badRequest');
}

/**
 * The status and public code of a thrown error. Only our own codes (HL_…) and Fastify's (FST_…)
 * are shown; anything else — a SQLSTATE such as 22021, a Node code — becomes HTTP_<status>.
 */
export function classifyError(error: object): { status: number; code: string; retryAfter?: number } {
  if (isDatabaseUnavailable(error)) return { status: 503, code: 'HL_UNAVAILABLE', retryAfter: RETRY_AFTER_SECONDS };
  const e = error as { statusCode?: unknown; code?: unknown };
  const s = e.statusCode;
  const status = typeof s === 'number' && s >= 400 && s < 600 ? s : 500;
  const c = typeof e.code === 'string' ? e.code : '';
  return { status, code: /^(HL|FST)_[A-Z0-9_]+$/.test(c) && status < 500 ? c : `HTTP_${status}` };
}

/** An error that knows what to tell the user (every HttpError; BadTextError names the field). */
export function publicMessage(error: unknown, t: Translate): string | undefined {
  const m = (error as { publicMessage?: unknown } | null)?.publicMessage;
  return typeof m === 'function' ? (m.call(error, t) as string) : undefined;
}

async function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code?: string,
  text?: string,
): Promise<FastifyReply> {
  const key = messageFor(status, code);
  const message = text ?? request.t(key);
  reply.code(status);
  if (wantsJson(request)) return reply.type('application/json').send({ error: { status, code: code ?? `HTTP_${status}`, message } });
  const title =
    status === 404 ? request.t('error.notFound.title') : status === 403 ? request.t('error.forbidden.title') : request.t('error.title');
  return reply.page('pages/error.eta', { status, heading: title, message }, { status, title });
}

export function installErrorHandlers(app: FastifyInstance): void {
  app.setNotFoundHandler(async (request, reply) => sendError(request, reply, 404));

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    if (error.code === 'HL_NOT_SIGNED_IN') {
      if (wantsJson(request)) return sendError(request, reply, 401, error.code);
      const next = encodeURIComponent(request.url);
      return reply.redirect(`/sign-in?next=${next}`, 303);
    }
    const { status, code, retryAfter } = classifyError(error);
    if (status === 503) request.log.warn({ err: error }, 'database unavailable');
    else if (status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: error.code, message: error.message }, 'client error');
    if (retryAfter !== undefined) reply.header('Retry-After', String(retryAfter));
    // A request that failed its route's zod schema (the API's): every problem, with its path.
    if (isRequestInvalid(error)) return sendProblems(request, reply, 422, error.problems);
    // The page itself may be what failed (a template error, the database behind the session): fall
    // back to plain text then.
    try {
      return await sendError(request, reply, status, code, publicMessage(error, request.t));
    } catch (renderError) {
      request.log.error({ err: renderError }, 'error page failed');
      return reply
        .code(status)
        .type('text/plain; charset=utf-8')
        .send(publicMessage(error, request.t) ?? request.t(messageFor(status, code)));
    }
  });
}

/**
 * A path the router cannot decode (`/c/%FF%FE`) or whose parameter is too long never reaches a
 * route, a hook or this app's handlers: Fastify answers it itself (`frameworkErrors`), in English
 * and in its own shape unless told otherwise. Here it gets our shape and the user's language, from
 * what can be read without the plugins: the lang cookie or query, else Accept-Language.
 */
export function frameworkErrorReply(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const status = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 414 : error.code === 'FST_ERR_BAD_URL' ? 400 : 500;
  const raw = request.raw.url ?? '';
  const fromCookie = /(?:^|;\s*)lang=(vi|en)(?:;|$)/.exec(request.headers.cookie ?? '')?.[1];
  const fromQuery = /[?&]lang=(vi|en)(?:&|$)/.exec(raw)?.[1];
  const locale: Locale = (fromQuery ?? fromCookie ?? localeFromAcceptLanguage(request.headers['accept-language']) ?? 'vi') as Locale;
  const t = translator(locale);
  const message = t(status === 500 ? 'error.server' : 'input.badUrl');
  const code = status === 414 ? 'HL_URL_TOO_LONG' : status === 400 ? 'HL_BAD_URL' : 'HTTP_500';
  if (raw.startsWith('/api/') || raw.startsWith('/kiosk/api/') || (request.headers.accept ?? '').startsWith('application/json')) {
    void reply.code(status).type('application/json').send({ error: { status, code, message } });
    return;
  }
  const title = escapeXml(t('error.title'));
  void reply
    .code(status)
    .type('text/html; charset=utf-8')
    .send(
      `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
        `<title>${title}</title></head><body><main><h1>${title}</h1><p>${escapeXml(message)}</p><p><a href="/">${escapeXml(t('nav.home'))}</a></p></main></body></html>`,
    );
}
