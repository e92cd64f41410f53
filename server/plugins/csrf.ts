// CSRF protection for every form: a random cookie per browser and a token derived from it (and
// from the staff session, when there is one) with the server secret. A cross-site page can make the
// browser send the cookie but cannot read it, so it cannot produce the token.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import fp from 'fastify-plugin';
import { CsrfError } from './http-error.ts';

declare module 'fastify' {
  interface FastifyRequest {
    csrfToken(): string;
  }
  interface FastifyContextConfig {
    /** Routes authenticated otherwise (bearer tokens, kiosk device secrets) opt out. */
    csrf?: false;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export default fp(
  async (
    app,
    opts: { secret: string; cookieName: string; secure: boolean; sessionKey: (req: import('fastify').FastifyRequest) => string },
  ) => {
    const derive = (seed: string, session: string) =>
      createHmac('sha256', opts.secret).update(`csrf:${seed}:${session}`).digest('base64url');

    app.decorateRequest('csrfToken', function (this: import('fastify').FastifyRequest) {
      let seed = this.cookies[opts.cookieName];
      if (!seed || seed.length < 20) {
        seed = randomBytes(24).toString('base64url');
        this.cookies[opts.cookieName] = seed;
        this.newCsrfSeed = seed;
      }
      return derive(seed, opts.sessionKey(this));
    });
    app.decorateRequest('newCsrfSeed', null);

    app.addHook('onSend', async (request, reply) => {
      if (request.newCsrfSeed) {
        reply.setCookie(opts.cookieName, request.newCsrfSeed, {
          path: '/',
          httpOnly: true,
          sameSite: 'lax',
          secure: opts.secure,
        });
      }
    });

    app.addHook('preHandler', async (request) => {
      if (!UNSAFE.has(request.method) || request.routeOptions.config?.csrf === false) return;
      const seed = request.cookies[opts.cookieName];
      const body = request.body as Record<string, unknown> | undefined;
      const sent = (typeof body?.['_csrf'] === 'string' ? body['_csrf'] : undefined) ?? request.headers['x-csrf-token'];
      if (!seed || typeof sent !== 'string') throw new CsrfError();
      const expected = Buffer.from(derive(seed, opts.sessionKey(request)));
      const given = Buffer.from(sent);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new CsrfError();
    });
  },
  { name: 'csrf', dependencies: ['@fastify/cookie'] },
);

declare module 'fastify' {
  interface FastifyRequest {
    newCsrfSeed: string | null;
  }
}
