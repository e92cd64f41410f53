// The proof that a browser just sent a comment, so that it may leave a contact for it: the response
// id and an expiry, signed with the server secret (HMAC-SHA256). It lives in a short cookie on the
// survey's address after the submit; nobody else can make one, and it says nothing about the answers.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { CONTACT_OFFER_HOURS } from './contact-policy.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function sign(secret: string, responseId: string, expires: number): string {
  return createHmac('sha256', secret).update(`contact-offer:${responseId}:${expires}`).digest('base64url');
}

export function contactOffer(secret: string, responseId: string, now: Date): string {
  const expires = now.getTime() + CONTACT_OFFER_HOURS * 3600 * 1000;
  return `${responseId}.${expires}.${sign(secret, responseId, expires)}`;
}

/** The response an offer is for, while it is genuine and not expired; null otherwise. */
export function verifyContactOffer(secret: string, offer: string | undefined, now: Date): string | null {
  if (!offer || offer.length > 200) return null;
  const [id, expiresText, signature] = offer.split('.');
  if (!id || !UUID.test(id) || !expiresText || !/^\d{1,15}$/.test(expiresText) || !signature) return null;
  const expires = Number(expiresText);
  if (expires <= now.getTime()) return null;
  const expected = Buffer.from(sign(secret, id, expires));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given) ? id : null;
}
