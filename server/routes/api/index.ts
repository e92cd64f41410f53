// /api/v1: JSON in, JSON out, bearer tokens instead of sessions and CSRF. Messages follow
// Accept-Language (vi or en, Vietnamese by default) since API clients carry no language cookie.
import type { FastifyInstance } from 'fastify';
import { isLocale, translator, type Locale } from '../../i18n/index.ts';
import exportApiRoutes from './exports.ts';
import linkRoutes from './links.ts';
import openApiRoute, { registerOpenApi } from './openapi.ts';
import responseRoutes from './responses.ts';
import resultsRoutes from './results.ts';
import { serializerCompiler, validatorCompiler } from './validation.ts';
import servedRoutes from './served.ts';

/** The preferred of vi/en in an Accept-Language header (highest q, then first listed). */
export function localeFromAcceptLanguage(header: string | undefined): Locale | null {
  if (!header) return null;
  let best: { locale: Locale; q: number } | null = null;
  for (const part of header.split(',').slice(0, 20)) {
    const [tag, ...params] = part.trim().split(';');
    const primary = (tag ?? '').trim().toLowerCase().split('-')[0];
    if (!isLocale(primary)) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0) continue;
    if (!best || q > best.q) best = { locale: primary, q };
  }
  return best?.locale ?? null;
}

export default async function apiRoutes(app: FastifyInstance): Promise<void> {
  // JSON only: a form or text body is a 415, not a confusing list of missing fields.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'));

  app.addHook('onRequest', async (request) => {
    const fromQuery = (request.query as Record<string, unknown> | undefined)?.['lang'];
    const locale = isLocale(fromQuery) ? fromQuery : (localeFromAcceptLanguage(request.headers['accept-language']) ?? 'vi');
    request.locale = locale;
    request.t = translator(locale);
  });

  // Every route below declares its zod schemas: they check the request, write the reply and are
  // the OpenAPI document (registered first, so that it sees every route).
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await registerOpenApi(app);

  await app.register(responseRoutes);
  await app.register(linkRoutes);
  await app.register(resultsRoutes);
  await app.register(exportApiRoutes);
  await app.register(servedRoutes);
  await app.register(openApiRoute);
}
