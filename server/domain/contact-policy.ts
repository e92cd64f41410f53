// How long a citizen's contact is kept (invariant 6: personal data only by choice, kept apart from
// the answers, and only as long as its purpose needs). The one purpose is to answer the comment the
// citizen left. A contact is deleted CONTACT_DAYS after it was left, and sooner — AFTER_CLOSE_DAYS
// after the comment is answered or closed, which leaves time to reopen it; the survey's
// housekeeping deletes what has expired (deleteExpiredContacts).
export const CONTACT_DAYS = 90;
export const AFTER_CLOSE_DAYS = 30;
/** How long after the response a citizen may still add a contact from the thank-you page. */
export const CONTACT_OFFER_HOURS = 2;

const DAY_MS = 86_400_000;

export function contactExpiry(leftAt: Date): Date {
  return new Date(leftAt.getTime() + CONTACT_DAYS * DAY_MS);
}

/** The expiry once the comment is done with: never later than it already was. */
export function expiryAfterClose(current: Date, closedAt: Date): Date {
  return new Date(Math.min(current.getTime(), closedAt.getTime() + AFTER_CLOSE_DAYS * DAY_MS));
}

/** A phone number or an e-mail address, as a citizen types it: loose on purpose, strict on size. */
export function contactProblem(raw: string): 'required' | 'too-long' | 'invalid' | null {
  const s = raw.trim();
  if (s === '') return 'required';
  if (s.length > 200) return 'too-long';
  const digits = s.replace(/[\s().+-]/g, '');
  const phone = /^\d{8,15}$/.test(digits);
  const email = /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s);
  return phone || email ? null : 'invalid';
}
