// Kiosk devices authenticate with the secret they received at pairing, held in an HttpOnly cookie
// scoped to /kiosk. The database keeps its sha256 only. A revoked kiosk is known (and told so) at
// its very next request; nothing is cached between requests.
import fp from 'fastify-plugin';
import { KioskRevokedError, KioskUnpairedError } from './http-error.ts';
import type { FastifyRequest } from 'fastify';
import { findKioskBySecretHash, type KioskDevice } from '../db/queries/kiosk-devices.ts';
import { DEVICE_SECRET_FORMAT, hashDeviceSecret } from '../domain/kiosk-pairing.ts';

export const KIOSK_COOKIE = 'hl_kiosk';
/** Five years: a kiosk stays paired until someone revokes it. */
export const KIOSK_COOKIE_MAX_AGE_SECONDS = 5 * 365 * 24 * 3600;

declare module 'fastify' {
  interface FastifyRequest {
    kiosk: KioskDevice | null;
  }
}

export type KioskState = { state: 'unpaired' } | { state: 'revoked'; kiosk: KioskDevice } | { state: 'paired'; kiosk: KioskDevice };

/** Who the device is, from its cookie; sets request.kiosk only for a live (not revoked) kiosk. */
export async function identifyKiosk(request: FastifyRequest): Promise<KioskState> {
  const secret = request.cookies[KIOSK_COOKIE];
  if (!secret || !DEVICE_SECRET_FORMAT.test(secret)) return { state: 'unpaired' };
  const kiosk = await findKioskBySecretHash(request.server.db, hashDeviceSecret(secret));
  if (!kiosk) return { state: 'unpaired' };
  if (kiosk.revokedAt) return { state: 'revoked', kiosk };
  request.kiosk = kiosk;
  return { state: 'paired', kiosk };
}

/** A preHandler for device routes: 401 without a known device, 403 for a revoked one. */
export async function requireKiosk(request: FastifyRequest): Promise<void> {
  const found = await identifyKiosk(request);
  if (found.state === 'unpaired') throw new KioskUnpairedError();
  if (found.state === 'revoked') throw new KioskRevokedError();
}

export default fp(
  async (app) => {
    app.decorateRequest('kiosk', null);
  },
  { name: 'kiosk-auth', dependencies: ['database', '@fastify/cookie'] },
);
