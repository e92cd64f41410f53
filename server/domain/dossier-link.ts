// Per-dossier survey links: the one-stop system hands the citizen a link (SMS, Zalo, the receipt)
// that names the service point and carries the dossier code, signed so that nobody can mint links
// for dossiers that do not exist, and expiring. The dossier code itself is only ever stored hashed.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export interface DossierLink {
  servicePointCode: string;
  dossierCode: string;
  expiresAt: Date;
}

export const DOSSIER_CODE = /^[A-Za-z0-9._\/-]{1,64}$/;
export const DEFAULT_LINK_DAYS = 30;

/** The stored form of a dossier code: hashed with the server secret so codes cannot be guessed back. */
export function dossierHash(dossierCode: string, secret: string): string {
  return createHmac('sha256', secret).update(`dossier:${dossierCode.trim().toUpperCase()}`).digest('hex');
}

function mac(payload: string, secret: string): string {
  return createHmac('sha256', secret).update(`dossier-link:${payload}`).digest('base64url').slice(0, 32);
}

/** An opaque, URL-safe token: base64url(JSON) + '.' + MAC. */
export function signDossierLink(link: DossierLink, secret: string): string {
  const payload = Buffer.from(
    JSON.stringify({ s: link.servicePointCode, d: link.dossierCode, e: Math.floor(link.expiresAt.getTime() / 1000) }),
  ).toString('base64url');
  return `${payload}.${mac(payload, secret)}`;
}

export type VerifiedLink =
  | { ok: true; servicePointCode: string; dossierCode: string; expiresAt: Date }
  | { ok: false; reason: 'malformed' | 'bad-signature' | 'expired' };

export function verifyDossierLink(token: string, secret: string, now = new Date()): VerifiedLink {
  const [payload, sig, extra] = token.split('.');
  if (!payload || !sig || extra !== undefined || token.length > 600) return { ok: false, reason: 'malformed' };
  const expected = Buffer.from(mac(payload, secret));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'bad-signature' };
  let data: { s?: unknown; d?: unknown; e?: unknown };
  try {
    data = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (typeof data.s !== 'string' || typeof data.d !== 'string' || typeof data.e !== 'number') return { ok: false, reason: 'malformed' };
  const expiresAt = new Date(data.e * 1000);
  if (expiresAt.getTime() < now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, servicePointCode: data.s, dossierCode: data.d, expiresAt };
}

/** A short fingerprint for logs and audit rows: never the code itself. */
export function dossierFingerprint(dossierCode: string): string {
  return createHash('sha256').update(dossierCode).digest('hex').slice(0, 8);
}
