// What kind of failure a database call had, so that a request can answer for it honestly: the
// database being away (a restart, a dropped or terminated connection, a full pool) is worth a retry
// and gets 503 with Retry-After; anything else is our fault (500). Neither answer ever carries the
// PostgreSQL code or text: those are for the log.

// SQLSTATE classes and codes that mean "the server or the connection went away", not "this
// statement is wrong": 08 connection exception, 57P01 admin shutdown (pg_terminate_backend),
// 57P02 crash shutdown, 57P03 cannot connect now (starting up, shutting down), 53300 too many
// connections, 40001/40P01 serialization failure and deadlock (a retry succeeds).
const RETRYABLE_SQLSTATE = /^(08...|57P0[123]|53300|40001|40P01)$/;
// Errors of the network or of the driver's own bookkeeping, which carry no SQLSTATE.
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTCONN', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
const DRIVER_MESSAGES = [
  /connection terminated/i,
  /terminating connection/i,
  /timeout exceeded when trying to connect/i,
  /client has encountered a connection error/i,
  /connection is closed/i,
  /cannot use a pool after calling end/i,
  /client was closed and is not queryable/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
  /query read timeout/i,
];

/** Whether an error means the database could not be reached or dropped us: a retry may succeed. */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (err === null || typeof err !== 'object') return false;
  const e = err as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && (RETRYABLE_SQLSTATE.test(e.code) || NETWORK_CODES.has(e.code))) return true;
  if (typeof e.message === 'string' && DRIVER_MESSAGES.some((m) => m.test(e.message as string))) return true;
  // An AggregateError (a connection tried on several addresses) or a wrapped cause.
  if (Array.isArray(e.errors) && e.errors.some(isDatabaseUnavailable)) return true;
  return e.cause !== undefined && e.cause !== err && isDatabaseUnavailable(e.cause);
}

/** Whether an error came from PostgreSQL itself (it has a five-character SQLSTATE). */
export function isDatabaseError(err: unknown): boolean {
  if (err === null || typeof err !== 'object') return false;
  const code = (err as { code?: unknown }).code;
  return (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) || isDatabaseUnavailable(err);
}

/** Seconds a client is asked to wait before retrying while the database is away. */
export const RETRY_AFTER_SECONDS = 5;
