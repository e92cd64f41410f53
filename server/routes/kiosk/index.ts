// /kiosk: the touch screens at the counters. Public addresses, but every one except pairing and the
// service worker needs the device secret a kiosk received when it was paired. Staff read these
// pages on the device itself, whose browser may never have met our language toggle, so the
// language follows the lang cookie and otherwise the browser's Accept-Language.
import type { FastifyInstance } from 'fastify';
import { isLocale, translator, type Locale } from '../../i18n/index.ts';
import { LANG_COOKIE } from '../../plugins/locale.ts';
import kioskAuth from '../../plugins/kiosk-auth.ts';
import kioskApi from './api.ts';
import kioskPages from './pages.ts';

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

export default async function kioskRoutes(app: FastifyInstance): Promise<void> {
  await app.register(kioskAuth);

  app.addHook('onRequest', async (request) => {
    const fromQuery = (request.query as Record<string, unknown> | undefined)?.['lang'];
    if (isLocale(fromQuery) || isLocale(request.cookies[LANG_COOKIE])) return;
    const locale = localeFromAcceptLanguage(request.headers['accept-language']) ?? 'vi';
    request.locale = locale;
    request.t = translator(locale);
  });

  await app.register(kioskPages);
  await app.register(kioskApi, { prefix: '/api' });
}
