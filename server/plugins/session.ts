// Server-side staff sessions: the cookie holds a random id, the database holds its hash.
import { randomBytes } from 'node:crypto';
import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createSession, deleteSession, findSessionUser, hashSessionId, touchSession, type SessionUser } from '../db/queries/sessions.ts';

declare module 'fastify' {
  interface FastifyRequest {
    user: SessionUser | null;
  }
  interface FastifyInstance {
    startSession(request: FastifyRequest, reply: FastifyReply, userId: number): Promise<void>;
    endSession(request: FastifyRequest, reply: FastifyReply): Promise<void>;
  }
}

const SESSION_TTL_MS = 8 * 60 * 60 * 1000;

function sessionCookieName(secure: boolean): string {
  return secure ? '__Host-hl_session' : 'hl_session';
}

export default fp(
  async (app, opts: { secure: boolean }) => {
    const cookie = sessionCookieName(opts.secure);
    app.decorateRequest('user', null);

    app.addHook('onRequest', async (request) => {
      const id = request.cookies[cookie];
      if (!id || id.length > 100) return;
      const hash = hashSessionId(id);
      request.user = await findSessionUser(app.db, hash);
      if (request.user) await touchSession(app.db, hash, new Date(Date.now() + SESSION_TTL_MS));
    });

    app.decorate('startSession', async (request: FastifyRequest, reply: FastifyReply, userId: number) => {
      // A fresh id at every sign-in: a session id planted before sign-in is worth nothing after it.
      if (request.user) await deleteSession(app.db, request.user.sessionHash);
      const id = randomBytes(32).toString('base64url');
      await createSession(app.db, {
        idHash: hashSessionId(id),
        userId,
        expiresAt: new Date(Date.now() + SESSION_TTL_MS),
        ip: request.ip,
        userAgent: request.headers['user-agent']?.slice(0, 300) ?? null,
      });
      reply.setCookie(cookie, id, { path: '/', httpOnly: true, sameSite: 'lax', secure: opts.secure });
    });

    app.decorate('endSession', async (request: FastifyRequest, reply: FastifyReply) => {
      if (request.user) await deleteSession(app.db, request.user.sessionHash);
      request.user = null;
      reply.clearCookie(cookie, { path: '/' });
    });
  },
  { name: 'session', dependencies: ['@fastify/cookie', 'database'] },
);

/** Whether an agency (by its materialised path) lies in the user's subtree (invariant 5). */
export function inScope(user: SessionUser, agencyPath: string): boolean {
  return agencyPath.startsWith(user.agencyPath);
}
