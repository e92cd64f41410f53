// The citizen's or officer's language: the `lang` cookie set by the toggle, else Vietnamese.
import fp from 'fastify-plugin';
import { isLocale, translator, type Locale, type Translate } from '../i18n/index.ts';

declare module 'fastify' {
  interface FastifyRequest {
    locale: Locale;
    t: Translate;
  }
}

export const LANG_COOKIE = 'lang';

export default fp(
  async (app) => {
    app.decorateRequest('locale', 'vi');
    app.decorateRequest('t', null as unknown as Translate);
    app.addHook('onRequest', async (request) => {
      const fromQuery = (request.query as Record<string, unknown> | undefined)?.['lang'];
      const fromCookie = request.cookies[LANG_COOKIE];
      request.locale = isLocale(fromQuery) ? fromQuery : isLocale(fromCookie) ? fromCookie : 'vi';
      request.t = translator(request.locale);
    });
  },
  { name: 'locale', dependencies: ['@fastify/cookie'] },
);
