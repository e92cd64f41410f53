import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { databaseAnswers, homeStats } from '../../db/queries/health.ts';
import { returnPath } from '../../domain/return-path.ts';
import { LANG_COOKIE } from '../../plugins/locale.ts';
import methodologyRoutes from './methodology.ts';
import publicResultsRoutes from './results.ts';

export default async function publicRoutes(app: FastifyInstance): Promise<void> {
  await app.register(methodologyRoutes);
  await app.register(publicResultsRoutes);

  app.get('/', async (request, reply) => {
    const stats = await homeStats(app.db);
    return reply.page('pages/home.eta', { stats }, { title: request.t('home.title') });
  });

  app.get('/healthz', async (_request, reply) => {
    const ok = await databaseAnswers(app.db, 2000);
    reply.header('Cache-Control', 'no-store');
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable', database: ok ? 'ok' : 'unavailable' });
  });

  // The language toggle is a plain link so it works without JavaScript; the choice persists a year.
  app.get('/lang/:locale', async (request, reply) => {
    const { locale } = z.object({ locale: z.enum(['vi', 'en']).catch('vi') }).parse(request.params);
    // Only a local path, sent back as ASCII (server/domain/return-path.ts).
    const back = returnPath((request.query as Record<string, unknown>)['back']) ?? '/';
    reply.setCookie(LANG_COOKIE, locale, {
      path: '/',
      maxAge: 365 * 24 * 3600,
      sameSite: 'lax',
      httpOnly: false,
      secure: app.config.secureCookies,
    });
    return reply.redirect(back, 303);
  });
}
