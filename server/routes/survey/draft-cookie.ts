// The survey's cookie: a random id whose sha256 keys the draft row, so the table alone cannot be
// used to take over a citizen's answers. One cookie per survey address (its path is the survey's
// base), HttpOnly, SameSite=Lax, gone after the draft's lifetime.
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

const DRAFT_COOKIE = 'hl_survey';
export const DRAFT_HOURS = 24;
const ID = /^[A-Za-z0-9_-]{43}$/;

export function newDraftId(): string {
  return randomBytes(32).toString('base64url');
}

export function draftIdHash(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}

/** The draft id the browser holds for this survey, if it looks like one of ours. */
export function draftIdOf(request: FastifyRequest): string | undefined {
  const v = request.cookies[DRAFT_COOKIE];
  return v && ID.test(v) ? v : undefined;
}

export function setDraftCookie(reply: FastifyReply, base: string, id: string, secure: boolean): void {
  reply.setCookie(DRAFT_COOKIE, id, { path: base, httpOnly: true, sameSite: 'lax', secure, maxAge: DRAFT_HOURS * 3600 });
}

export function clearDraftCookie(reply: FastifyReply, base: string, secure: boolean): void {
  reply.clearCookie(DRAFT_COOKIE, { path: base, httpOnly: true, sameSite: 'lax', secure });
}
