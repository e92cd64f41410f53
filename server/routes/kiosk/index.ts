// /kiosk: the touch screens at the counters. Public addresses, but every one except pairing and the
// service worker needs the device secret a kiosk received when it was paired. Staff read these
// pages on the device itself, whose browser may never have met our language toggle, so the
// language follows the lang cookie and otherwise the browser's Accept-Language.
import type { FastifyInstance } from 'fastify';
import { isLocale, translator } from '../../i18n/index.ts';
import { LANG_COOKIE } from '../../plugins/locale.ts';
import kioskAuth from '../../plugins/kiosk-auth.ts';
import { localeFromAcceptLanguage } from '../api/index.ts';
import kioskApi from './api.ts';
import kioskPages from './pages.ts';

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
