// A one-time message carried across POST → 303 → GET in a short-lived cookie. It may hold a
// generated password, so it is encrypted (AES-256-GCM with a key derived from the server secret),
// scoped to /admin, readable once and gone after two minutes.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';

const COOKIE = 'hl_flash';
const PATH = '/admin';

const Flash = z.object({
  kind: z.enum(['created', 'disabled', 'enabled']),
  email: z.string().max(320),
  password: z.string().max(200).optional(),
});
export type Flash = z.infer<typeof Flash>;

const keyFor = (secret: string) => createHash('sha256').update(`flash:${secret}`).digest();

export function setFlash(request: FastifyRequest, reply: FastifyReply, flash: Flash): void {
  seal(request, reply, COOKIE, flash);
}

/** The flash sent with this request, if any and genuine; it is cleared either way. */
export function takeFlash(request: FastifyRequest, reply: FastifyReply): Flash | null {
  return unseal(request, reply, COOKIE, Flash);
}

// A new API token's secret, shown once on the tokens page after the POST → 303 (issue 13): its own
// cookie, so that a user's flash and a token's never replace each other.
const TOKEN_COOKIE = 'hl_flash_token';
const TokenFlash = z.object({ name: z.string().max(200), token: z.string().max(200) });
export type TokenFlash = z.infer<typeof TokenFlash>;

export function setTokenFlash(request: FastifyRequest, reply: FastifyReply, flash: TokenFlash): void {
  seal(request, reply, TOKEN_COOKIE, flash);
}

export function takeTokenFlash(request: FastifyRequest, reply: FastifyReply): TokenFlash | null {
  return unseal(request, reply, TOKEN_COOKIE, TokenFlash);
}

function seal(request: FastifyRequest, reply: FastifyReply, cookie: string, flash: unknown): void {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(request.server.config.sessionSecret), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(flash), 'utf8'), cipher.final()]);
  const value = Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  reply.setCookie(cookie, value, {
    path: PATH,
    httpOnly: true,
    sameSite: 'lax',
    secure: request.server.config.secureCookies,
    maxAge: 120,
  });
}

function unseal<T>(request: FastifyRequest, reply: FastifyReply, cookie: string, schema: z.ZodType<T>): T | null {
  const value = request.cookies[cookie];
  if (!value) return null;
  reply.clearCookie(cookie, { path: PATH });
  try {
    const raw = Buffer.from(value, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', keyFor(request.server.config.sessionSecret), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    const text = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
