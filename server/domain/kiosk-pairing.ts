// Pairing a kiosk: a one-time code a coordinator reads off the admin page (or a QR code) and types
// on the device, valid 15 minutes; in exchange the device gets a long-lived random secret. Codes
// avoid letters that read alike (0/O, 1/I/L) because they are typed on a touch screen.
import { createHash, randomBytes, randomInt } from 'node:crypto';

const PAIRING_TTL_MS = 15 * 60 * 1000;
const PAIRING_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
/** Ten symbols of 31: about 2^49 codes, far beyond guessing within a code's 15 minutes. */
const PAIRING_CODE_LENGTH = 10;
const GROUP = 5;

/** A fresh code, shown as two groups: 'K7QMX-4TRWA'. */
export function generatePairingCode(): string {
  let code = '';
  for (let i = 0; i < PAIRING_CODE_LENGTH; i++) code += PAIRING_ALPHABET[randomInt(PAIRING_ALPHABET.length)];
  return formatPairingCode(code);
}

function formatPairingCode(canonical: string): string {
  return `${canonical.slice(0, GROUP)}-${canonical.slice(GROUP)}`;
}

/** The canonical form of a code as typed (case, spaces and dashes do not matter); null if it cannot be one. */
export function normalisePairingCode(raw: string): string | null {
  if (raw.length > 40) return null;
  const s = raw.toUpperCase().replace(/[\s-]/g, '');
  if (s.length !== PAIRING_CODE_LENGTH) return null;
  for (const ch of s) if (!PAIRING_ALPHABET.includes(ch)) return null;
  return s;
}

/** What the database keeps of a code (its canonical form's sha256). */
export function hashPairingCode(canonical: string): string {
  return sha256(`pairing:${canonical}`);
}

export function pairingExpiresAt(now: Date): Date {
  return new Date(now.getTime() + PAIRING_TTL_MS);
}

/** The device credential: 32 random bytes, kept by the device in an HttpOnly cookie. */
export function generateDeviceSecret(): string {
  return randomBytes(32).toString('base64url');
}

export const DEVICE_SECRET_FORMAT = /^[A-Za-z0-9_-]{43}$/;

export function hashDeviceSecret(secret: string): string {
  return sha256(`kiosk:${secret}`);
}

function sha256(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('hex');
}

export type KioskStatus = 'revoked' | 'paired' | 'waiting' | 'not-paired';

/** What the kiosk list says about a device: revoked, working, waiting for its code, or neither. */
export function kioskStatus(k: { revokedAt: Date | null; pairedAt: Date | null; pairingExpiresAt: Date | null }, now: Date): KioskStatus {
  if (k.revokedAt) return 'revoked';
  if (k.pairedAt) return 'paired';
  if (k.pairingExpiresAt && k.pairingExpiresAt.getTime() > now.getTime()) return 'waiting';
  return 'not-paired';
}

/** The address a device opens to pair (typed, or read from a QR code). */
export function pairingUrl(publicUrl: string, code: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/kiosk/pair/${encodeURIComponent(code)}`;
}
