// The one error base: an error a request can end in is declared once, as a code with its HTTP status
// and the catalogue key of what the user is told. The error handlers (plugins/errors.ts, the kiosk
// API's) read the status and the key from here, so a new error is one line, not a class and a
// branch in each handler.
import type { MessageKey, Translate } from '../i18n/index.ts';

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: `HL_${string}`,
    readonly messageKey: MessageKey,
    message: string,
  ) {
    super(message);
  }

  /** What the user is told; an error that names more (the field of a bad character) overrides it. */
  publicMessage(t: Translate): string {
    return t(this.messageKey);
  }
}

const keys = new Map<string, MessageKey>();

/** The message key of an error code declared here, if it is one. */
export const errorMessageKey = (code: string | undefined): MessageKey | undefined => (code ? keys.get(code) : undefined);

/**
 * Declares an error: `new NotFoundError()` is an HttpError with that status, code and key. `log`
 * makes the message for the log (never shown to the user) from the constructor's arguments.
 */
function httpError<A extends unknown[] = []>(
  statusCode: number,
  code: `HL_${string}`,
  messageKey: MessageKey,
  log: (...args: A) => string,
) {
  keys.set(code, messageKey);
  return class extends HttpError {
    constructor(...args: A) {
      super(statusCode, code, messageKey, log(...args));
    }
  };
}

export const NotSignedInError = httpError(401, 'HL_NOT_SIGNED_IN', 'error.badRequest', () => 'not signed in');
export const ForbiddenError = httpError(403, 'HL_FORBIDDEN', 'error.forbidden.text', (message?: string) => message ?? 'forbidden');
export const NotFoundError = httpError(404, 'HL_NOT_FOUND', 'error.notFound.text', () => 'not found');
export const CsrfError = httpError(403, 'HL_CSRF', 'error.csrf', () => 'invalid CSRF token');
export const ApiTokenInvalidError = httpError(
  401,
  'HL_TOKEN_INVALID',
  'tokens.error.invalid',
  () => 'missing, malformed or revoked API token',
);
export const ApiTokenScopeError = httpError(
  403,
  'HL_TOKEN_SCOPE',
  'tokens.error.scope',
  (needed: string) => `this API token lacks the scope "${needed}"`,
);
export const KioskUnpairedError = httpError(401, 'HL_KIOSK_UNPAIRED', 'kiosk.error.unpaired', () => 'this device is not paired');
export const KioskRevokedError = httpError(403, 'HL_KIOSK_REVOKED', 'kiosk.error.revoked', () => 'this device has been revoked');
