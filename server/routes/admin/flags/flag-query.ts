// The flag review list's query string: parsed field by field (what was typed is kept, problems are
// shown with a 422), resolved within the user's subtree (an agency outside it is a 404) into the
// filter the queries take. The list, its pages and the review of "all that match" share it.
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { FlagFilter } from '../../../db/queries/flag-review.ts';
import type { Channel } from '../../../db/schema.ts';
import { REVIEW_STATES, type ReviewState } from '../../../domain/flags.ts';
import { cleanText } from '../../../domain/text.ts';
import type { MessageKey } from '../../../i18n/index.ts';
import { CHANNELS } from '../../../results/params.ts';
import { agencyPathInScope, pageNumber, typedDayRange } from '../list-filter.ts';

// 'flag' is the flag code filtered on; 'reason' is the decision's reason in the review form.
export const FLAG_FIELDS = ['state', 'flag', 'agency', 'channel', 'from', 'to'] as const;
export type FlagField = (typeof FLAG_FIELDS)[number];
export const PAGE_SIZE = 50;

const text = z.string().catch('');
const Raw = z.object({ ...Object.fromEntries(FLAG_FIELDS.map((f) => [f, text])), page: text }) as unknown as z.ZodType<
  Record<FlagField | 'page', string>
>;

export interface FlagProblem {
  field: FlagField;
  message: MessageKey;
}

export type FlagSelection =
  | { ok: true; values: Record<FlagField, string>; filter: FlagFilter; page: number }
  | { ok: false; values: Record<FlagField, string>; problems: FlagProblem[] };

/** Reads the filter from a query string or from a form's fields (the review of all that match). */
export async function flagSelection(request: FastifyRequest, source: unknown): Promise<FlagSelection> {
  const user = request.user!;
  const raw = Raw.parse(source ?? {});
  const values = Object.fromEntries(FLAG_FIELDS.map((f) => [f, cleanText(raw[f]).slice(0, 100)])) as Record<FlagField, string>;
  // The list opens on what waits for review.
  if (!('state' in ((source as Record<string, unknown>) ?? {}))) values.state = 'flagged';
  const problems: FlagProblem[] = [];

  const agencyPath = await agencyPathInScope(request, values.agency);
  if (values.state && !(REVIEW_STATES as readonly string[]).includes(values.state))
    problems.push({ field: 'state', message: 'flags.filter.invalid' });
  if (values.flag && !/^[a-z0-9-]{1,40}$/.test(values.flag)) problems.push({ field: 'flag', message: 'flags.filter.invalid' });
  if (values.channel && !(CHANNELS as readonly string[]).includes(values.channel))
    problems.push({ field: 'channel', message: 'flags.filter.invalid' });
  const {
    from,
    to,
    problems: dayProblems,
  } = typedDayRange(values, {
    invalid: 'flags.filter.dateInvalid',
    order: 'flags.filter.dateOrder',
    tooLong: 'flags.filter.periodTooLong',
  });
  problems.push(...dayProblems);
  const page = pageNumber(raw.page);

  if (problems.length > 0) return { ok: false, values, problems };
  return {
    ok: true,
    values,
    page,
    filter: {
      scopePath: user.agencyPath,
      agencyPath,
      state: (values.state || undefined) as ReviewState | undefined,
      reason: values.flag || undefined,
      channel: (values.channel || undefined) as Channel | undefined,
      from,
      to,
    },
  };
}

/** The query string of a selection with some values changed (paging, coming back after a review). */
export function flagQueryString(values: Record<string, string>, changes: Record<string, string | undefined> = {}): string {
  const params = new URLSearchParams();
  // An empty state is kept: it means every state, where no state at all means the default (flagged).
  for (const [k, v] of Object.entries({ ...values, ...changes })) if (v !== undefined && (v !== '' || k === 'state')) params.set(k, v);
  const s = params.toString();
  return s ? `?${s}` : '';
}
