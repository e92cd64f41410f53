// One guard at the door for text no part of the app can use (issue 11): NUL and other control
// characters, and lone UTF-16 surrogates, in the path, the route parameters, the query, the
// cookies, the header values and every string (and key) of a form or JSON body. PostgreSQL refuses
// such text with an error, which used to surface as a 500 (and a client retrying for ever); here
// it is a 400 that names where the character was, in the user's language, before any handler runs.
//
// A route that checks its body field by field, to answer per field or per item (the response API,
// its batch, the kiosk's ratings), declares `config: { textChecked: true }`; its path, query,
// cookies and headers are still checked here.
import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import { textFault, type TextContext } from '../domain/text.ts';
import type { Translate } from '../i18n/index.ts';
import { HttpError } from './http-error.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route validates the text of its body itself (per field or per item). */
    textChecked?: boolean;
  }
}

type Where = { kind: 'path' } | { kind: 'query' | 'cookie' | 'header' | 'body'; name: string };

class BadTextError extends HttpError {
  constructor(readonly where: Where) {
    super(400, 'HL_BAD_TEXT', 'error.badRequest', 'input contains control characters or lone surrogates');
  }

  /** The message for the user, naming the place (never echoing the bad character itself). */
  override publicMessage(t: Translate): string {
    const w = this.where;
    const where = w.kind === 'path' ? t('input.where.path') : t(`input.where.${w.kind}`, { name: printable(w.name) });
    return t('input.badText', { where });
  }
}

/** A name as it may appear in a message: the bad characters themselves shown as '?'. */
function printable(name: string): string {
  // eslint-disable-next-line no-control-regex
  const shown = name.replace(/[\u0000-\u001F\u007F-\u009F]|[\uD800-\uDFFF]/g, '?');
  return shown.length > 80 ? `${shown.slice(0, 80)}…` : shown;
}

function checkValues(values: Record<string, unknown> | undefined | null, kind: 'query' | 'cookie' | 'header', context: TextContext) {
  if (!values || typeof values !== 'object') return;
  for (const [name, value] of Object.entries(values)) {
    if (textFault(name, 'line')) throw new BadTextError({ kind, name });
    const list = Array.isArray(value) ? value : [value];
    for (const v of list) if (typeof v === 'string' && textFault(v, context)) throw new BadTextError({ kind, name });
  }
}

/** The first string or key of a parsed body that cannot be accepted, by its dotted path. */
function badTextInBody(body: unknown): string | null {
  const stack: { value: unknown; path: string }[] = [{ value: body, path: '' }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value === 'string') {
      if (textFault(value, 'text')) return path || '(body)';
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => stack.push({ value: v, path: path ? `${path}.${i}` : String(i) }));
    } else if (value !== null && typeof value === 'object' && !ArrayBuffer.isView(value)) {
      for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
        const at = path ? `${path}.${key}` : key;
        if (textFault(key, 'line')) return at;
        stack.push({ value: v, path: at });
      }
    }
  }
  return null;
}

function checkRequest(request: FastifyRequest): void {
  // The path as the router decoded it; a percent-encoding that does not decode is its own 400.
  const rawPath = request.url.split('?', 1)[0]!;
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    throw new BadTextError({ kind: 'path' });
  }
  if (textFault(path, 'line')) throw new BadTextError({ kind: 'path' });
  const params = request.params as Record<string, unknown> | undefined;
  if (params && typeof params === 'object') {
    for (const v of Object.values(params)) if (typeof v === 'string' && textFault(v, 'line')) throw new BadTextError({ kind: 'path' });
  }
  checkValues(request.query as Record<string, unknown>, 'query', 'line');
  checkValues(request.cookies, 'cookie', 'header');
  checkValues(request.headers, 'header', 'header');
  // The address the app keys its limits by (X-Forwarded-For behind a trusted proxy).
  if (textFault(request.ip ?? '', 'header')) throw new BadTextError({ kind: 'header', name: 'x-forwarded-for' });
  if (request.routeOptions.config?.textChecked) return;
  const at = badTextInBody(request.body);
  if (at !== null) throw new BadTextError({ kind: 'body', name: at });
}

export default fp(
  async (app) => {
    // preValidation: after the body is parsed and after every onRequest hook has chosen the
    // language (the API's follows Accept-Language), before any handler or preHandler reads input.
    app.addHook('preValidation', async (request) => checkRequest(request));
  },
  { name: 'input-guard', dependencies: ['@fastify/cookie', 'locale'] },
);
