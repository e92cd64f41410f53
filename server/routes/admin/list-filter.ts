// What the staff lists that filter by agency, dates and page share (the comments inbox, the flag
// review): the agency code checked against the user's subtree on the server, a typed date range with
// its problems, and a page number that cannot run away. One place, so the lists cannot drift apart.
import type { FastifyRequest } from 'fastify';
import { findAgencyInScope } from '../../db/queries/agencies.ts';
import { daysBetween, parseTypedDay } from '../../domain/period.ts';
import type { MessageKey } from '../../i18n/index.ts';
import { NotFoundError } from './guard.ts';

const MAX_PAGE = 10_000;
/** A list's period is at most five years: longer is a typing mistake, not a question. */
const MAX_DAYS = 5 * 366;

/** The subtree path a list shows: the user's own, or an agency in it named by code (404 outside it). */
export async function agencyPathInScope(request: FastifyRequest, code: string): Promise<string> {
  const user = request.user!;
  if (!code) return user.agencyPath;
  const agency = /^[A-Za-z0-9._-]{1,64}$/.test(code) ? await findAgencyInScope(request.server.db, code, user.agencyPath) : undefined;
  if (!agency) throw new NotFoundError();
  return agency.path;
}

export interface DayRangeMessages {
  invalid: MessageKey;
  order: MessageKey;
  tooLong: MessageKey;
}

/** The typed days `from` and `to` (either may be blank), with a problem per field that is wrong. */
export function typedDayRange(
  values: { from: string; to: string },
  messages: DayRangeMessages,
): { from?: string; to?: string; problems: { field: 'from' | 'to'; message: MessageKey }[] } {
  const problems: { field: 'from' | 'to'; message: MessageKey }[] = [];
  const day = (field: 'from' | 'to') => {
    if (!values[field]) return undefined;
    const d = parseTypedDay(values[field]);
    if (!d) problems.push({ field, message: messages.invalid });
    return d ?? undefined;
  };
  const from = day('from');
  const to = day('to');
  if (from && to && to < from) problems.push({ field: 'to', message: messages.order });
  else if (from && to && daysBetween(from, to) > MAX_DAYS) problems.push({ field: 'to', message: messages.tooLong });
  return { from, to, problems };
}

/** The page asked for: 1 unless it is a plain number, and never past the last page anyone reads. */
export function pageNumber(raw: string): number {
  return /^\d{1,6}$/.test(raw) ? Math.min(Math.max(Number(raw), 1), MAX_PAGE) : 1;
}
