// Bearer-token authentication for /api/*: other systems act for one agency subtree with one scope.
import fp from 'fastify-plugin';
import { ApiTokenInvalidError, ApiTokenScopeError } from './http-error.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { findActiveToken, touchApiToken, type ApiPrincipal } from '../db/queries/api-tokens.ts';
import type { TokenScope } from '../db/schema.ts';
import { remembered } from '../db/lookup-cache.ts';

export type ApiTokenPrincipal = Omit<ApiPrincipal, 'lastUsedAt'>;

declare module 'fastify' {
  interface FastifyRequest {
    apiToken: ApiTokenPrincipal | null;
  }
}

const TOUCH_EVERY_MS = 60_000;

/**
 * A hook that lets through requests carrying a live token with exactly this scope. API routes run
 * it at preValidation: after the body is read (a malformed one is a 400 whoever sends it), before
 * the route's schema (a stranger is told 401, not what is wrong with the request).
 */
export function requireToken(scope: TokenScope) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const header = request.headers.authorization ?? '';
    const m = /^Bearer[ ]+(\S{1,200})\s*$/i.exec(header);
    const db = request.server.db;
    const token = m?.[1];
    // Unknown tokens are not remembered: guesses must not fill the cache.
    const found = token ? await remembered(db, `token:${token}`, async () => (await findActiveToken(db, token)) ?? undefined) : undefined;
    if (!found) {
      reply.header('www-authenticate', 'Bearer realm="hailong"');
      throw new ApiTokenInvalidError();
    }
    if (found.scope !== scope) throw new ApiTokenScopeError(scope);
    const { lastUsedAt, ...principal } = found;
    request.apiToken = principal;
    if (!lastUsedAt || Date.now() - lastUsedAt.getTime() >= TOUCH_EVERY_MS) {
      await touchApiToken(db, found.id);
      // The remembered principal is shared by the requests of the next second: they need not touch.
      found.lastUsedAt = new Date();
    }
  };
}

export default fp(
  async (app) => {
    app.decorateRequest('apiToken', null);
  },
  { name: 'api-auth', dependencies: ['database'] },
);
