// The whole application as a Fastify plugin. It never listens: main.ts does, and tests inject.
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import view from '@fastify/view';
import { Eta } from 'eta';
import type { Config } from './config.ts';
import type { DatabaseHandle } from './db/connection.ts';
import csrf from './plugins/csrf.ts';
import database from './plugins/database.ts';
import apiAuth from './plugins/api-auth.ts';
import submissions from './plugins/submissions.ts';
import results from './plugins/results.ts';
import housekeeping from './plugins/housekeeping.ts';
import { frameworkErrorReply, installErrorHandlers } from './plugins/errors.ts';
import inputGuard from './plugins/input-guard.ts';
import locale from './plugins/locale.ts';
import render from './plugins/render.ts';
import session from './plugins/session.ts';
import securityHeaders from './plugins/security-headers.ts';
import publicRoutes from './routes/public/index.ts';
import authRoutes from './routes/auth/index.ts';
import adminRoutes from './routes/admin/index.ts';
import surveyRoutes from './routes/survey/index.ts';
import apiRoutes from './routes/api/index.ts';
import kioskRoutes from './routes/kiosk/index.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const htmxDist = dirname(createRequire(import.meta.url).resolve('htmx.org'));

export interface AppOptions {
  config: Config;
  database: DatabaseHandle;
  /** The app closes the database on shutdown unless the caller keeps ownership (tests sharing one). */
  closeDatabase?: boolean;
}

export const serverOptions = (config: Pick<Config, 'logLevel' | 'trustProxy'>): FastifyServerOptions => ({
  logger: { level: config.logLevel },
  // A hop count is accepted by Fastify at run time though its type omits it.
  trustProxy: config.trustProxy as FastifyServerOptions['trustProxy'],
  bodyLimit: 1024 * 1024,
  // Malformed or hostile input must never become a 500: Fastify answers these with 4xx itself, in
  // our shape and the user's language (a path that does not decode, a parameter too long).
  routerOptions: { maxParamLength: 200, ignoreTrailingSlash: true },
  frameworkErrors: frameworkErrorReply,
});

export default async function app(fastify: FastifyInstance, opts: AppOptions): Promise<void> {
  const { config } = opts;

  // External plugins first (helmet through security-headers, which builds its middleware once).
  await fastify.register(securityHeaders, {
    helmet: {
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          upgradeInsecureRequests: config.secureCookies ? [] : null,
        },
      },
      strictTransportSecurity: config.secureCookies,
      referrerPolicy: { policy: 'same-origin' },
    },
  });
  await fastify.register(cookie);
  await fastify.register(formbody, { bodyLimit: 256 * 1024 });
  // Uploads (the officer's photo) arrive as fields on the body, so the CSRF check reads them as it
  // reads any form; one small file at most.
  await fastify.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: 1024 * 1024, files: 1, fields: 10, fieldSize: 10 * 1024 },
  });
  // Templates are read and compiled once per process, except in development where an edit should
  // show at the next request. @fastify/view decides by `production` (NODE_ENV=production when
  // unset) and, when false, switches Eta's cache off before every render, whatever Eta was given.
  const compileOnce = process.env['NODE_ENV'] !== 'development';
  await fastify.register(view, {
    engine: { eta: new Eta({ views: join(root, 'views'), cache: compileOnce }) },
    root: join(root, 'views'),
    production: compileOnce,
  });
  await fastify.register(fastifyStatic, { root: join(root, 'public'), prefix: '/public/', maxAge: '1h' });
  await fastify.register(fastifyStatic, {
    root: htmxDist,
    prefix: '/vendor/htmx/',
    decorateReply: false,
    allowedPath: (path) => path === '/htmx.min.js' || path === '/htmx.js',
    maxAge: '1d',
  });

  // Our own plugins.
  await fastify.register(database, { database: opts.database, closeOnShutdown: opts.closeDatabase ?? true });
  await fastify.register(apiAuth);
  await fastify.register(submissions);
  await fastify.register(results);
  await fastify.register(housekeeping);
  await fastify.register(locale);
  await fastify.register(session, { secure: config.secureCookies });
  await fastify.register(csrf, {
    secret: config.sessionSecret,
    cookieName: config.secureCookies ? '__Host-hl_csrf' : 'hl_csrf',
    secure: config.secureCookies,
    sessionKey: (request) => request.user?.sessionHash ?? '',
  });
  await fastify.register(render);
  // Control characters and broken UTF-16 are refused before any handler sees them.
  await fastify.register(inputGuard);
  fastify.decorate('config', config);
  installErrorHandlers(fastify);

  // Routes.
  await fastify.register(publicRoutes);
  await fastify.register(authRoutes);
  await fastify.register(adminRoutes, { prefix: '/admin' });
  await fastify.register(surveyRoutes);
  await fastify.register(apiRoutes, { prefix: '/api/v1' });
  await fastify.register(kioskRoutes, { prefix: '/kiosk' });
}

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
  }
}
