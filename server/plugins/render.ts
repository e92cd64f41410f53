// Page rendering with the context every template needs: the translator, the locale, the signed-in
// user and a CSRF token. Partial responses for htmx come from the same template (Vary: HX-Request).
import fp from 'fastify-plugin';
import { formatDate, formatDateTime, formatNumber, formatPercent } from '../i18n/format.ts';
import { can, type Action } from '../domain/roles.ts';
import { screensFor } from '../domain/staff-screens.ts';
import { FORMATS } from '../exports/export.ts';

declare module 'fastify' {
  interface FastifyReply {
    page(template: string, data?: Record<string, unknown>, opts?: { status?: number; title?: string }): Promise<FastifyReply>;
  }
  interface FastifyRequest {
    isHtmx: boolean;
  }
}

export default fp(
  async (app) => {
    app.decorateRequest('isHtmx', false);
    app.addHook('onRequest', async (request) => {
      request.isHtmx = request.headers['hx-request'] === 'true';
    });

    app.decorateReply('page', async function (template: string, data: Record<string, unknown> = {}, opts = {}) {
      const request = this.request;
      const locale = request.locale;
      const url = new URL(request.url, 'http://x');
      const ctx = {
        t: request.t,
        locale,
        user: request.user,
        can: (action: Action) => (request.user ? can(request.user.role, action) : false),
        screens: request.user ? screensFor(request.user.role) : [],
        csrf: request.csrfToken(),
        /** The export formats, for the download links (one list: exports/export.ts). */
        exportFormats: FORMATS,
        path: url.pathname,
        currentUrl: url.pathname + url.search,
        fragment: request.isHtmx,
        pct: (share: number) => formatPercent(share, locale),
        num: (n: number) => formatNumber(n, locale),
        date: (d: Date | string) => formatDate(d, locale),
        dateTime: (d: Date) => formatDateTime(d, locale),
        title: opts.title,
        ...data,
      };
      this.header('Vary', 'HX-Request, Cookie');
      this.header('Cache-Control', 'no-store');
      if (opts.status) this.code(opts.status);
      return this.view(template, ctx);
    });
  },
  { name: 'render', dependencies: ['@fastify/view', 'locale', 'csrf', 'session'] },
);
