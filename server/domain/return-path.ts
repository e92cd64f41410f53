// Return addresses people and pages hand us (`next=` after sign-in, `back=` after the language
// toggle). Only a local path is accepted — an open redirect would make our domain a phishing aid,
// and '//host' or '/\host' are protocol-relative to browsers — and what we send back in Location is
// always plain ASCII: a header cannot carry 'ế' or a control character (Node refuses it with
// ERR_INVALID_CHAR after the handler has already done its work), so anything else is
// percent-encoded as a browser would have sent it.

import { textFault } from './text.ts';

const MAX_LENGTH = 2000;

/** The path as a Location header may carry it, or undefined when it is not a local path. */
export function returnPath(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_LENGTH) return undefined;
  if (!/^\/(?![/\\])/.test(value) || /[\s\\]/.test(value)) return undefined;
  if (textFault(value, 'line') !== null) return undefined;
  // Every character outside visible ASCII becomes its UTF-8 percent-encoding.
  const ascii = value.replace(/[^\x21-\x7e]/gu, (c) => encodeURIComponent(c));
  return ascii.length > MAX_LENGTH * 3 ? undefined : ascii;
}
