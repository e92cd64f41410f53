// The comments inbox's query string: parsed field by field (what was typed is kept and shown again
// with its problem, 422), resolved within the signed-in user's subtree (an agency outside it is a
// 404, like one that does not exist) into the filter the queries take. Bookmarkable: the list, its
// pages and its export share it.
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { versionDefinitions, type CommentFilter } from '../../../db/queries/comments.ts';
import { FOLLOW_UP_STATUSES } from '../../../domain/comment-follow-up.ts';
import {
  RATING_FILTERS,
  ratingConditions,
  ratingElements,
  type RatingFilter,
  type VersionDefinition,
} from '../../../domain/comment-ratings.ts';
import { searchWords } from '../../../domain/fold.ts';
import type { QuestionnaireDefinition } from '../../../domain/questionnaire.ts';
import { cleanText } from '../../../domain/text.ts';
import { localDay } from '../../../i18n/format.ts';
import type { MessageKey } from '../../../i18n/index.ts';
import { agencyPathInScope, pageNumber, typedDayRange } from '../list-filter.ts';

export const INBOX_FIELDS = ['q', 'agency', 'from', 'to', 'status', 'rating', 'element', 'assignee'] as const;
export type InboxField = (typeof INBOX_FIELDS)[number];
export const STATUS_FILTERS = ['open', 'overdue', ...FOLLOW_UP_STATUSES] as const;
export const PAGE_SIZE = 25;
const MAX_SEARCH = 200;

const text = z.string().catch('');
const Raw = z.object({ ...Object.fromEntries(INBOX_FIELDS.map((f) => [f, text])), page: text }) as unknown as z.ZodType<
  Record<InboxField | 'page', string>
>;

export interface InboxProblem {
  field: InboxField;
  message: MessageKey;
}

export type InboxSelection =
  | { ok: true; values: Record<InboxField, string>; filter: CommentFilter; page: number; versions: VersionDefinition[] }
  | { ok: false; values: Record<InboxField, string>; problems: InboxProblem[]; versions: VersionDefinition[] };

/** The question's versions, parsed once per request (a handful of rows). */
export async function loadVersions(request: FastifyRequest): Promise<VersionDefinition[]> {
  const rows = await versionDefinitions(request.server.db);
  return rows.map((r) => ({ id: r.id, definition: r.definition as QuestionnaireDefinition }));
}

export async function inboxSelection(request: FastifyRequest, now = new Date()): Promise<InboxSelection> {
  const user = request.user!;
  const raw = Raw.parse(request.query ?? {});
  const values = Object.fromEntries(INBOX_FIELDS.map((f) => [f, cleanText(raw[f]).slice(0, MAX_SEARCH)])) as Record<InboxField, string>;
  const versions = await loadVersions(request);
  const problems: InboxProblem[] = [];

  const agencyPath = await agencyPathInScope(request, values.agency);
  const {
    from,
    to,
    problems: dayProblems,
  } = typedDayRange(values, {
    invalid: 'comments.filter.dateInvalid',
    order: 'comments.filter.dateOrder',
    tooLong: 'comments.filter.periodTooLong',
  });
  problems.push(...dayProblems);
  const status = values.status;
  if (status && !(STATUS_FILTERS as readonly string[]).includes(status))
    problems.push({ field: 'status', message: 'comments.filter.invalid' });
  const rating = values.rating;
  if (rating && !(RATING_FILTERS as readonly string[]).includes(rating))
    problems.push({ field: 'rating', message: 'comments.filter.invalid' });
  const element = values.element;
  if (element && !ratingElements(versions).some((e) => e.code === element))
    problems.push({ field: 'element', message: 'comments.filter.invalid' });
  if (values.assignee && values.assignee !== 'me') problems.push({ field: 'assignee', message: 'comments.filter.invalid' });
  const page = pageNumber(raw.page);

  if (problems.length > 0) return { ok: false, values, problems, versions };
  return {
    ok: true,
    values,
    versions,
    page,
    filter: {
      scopePath: user.agencyPath,
      agencyPath,
      from,
      to,
      status: (status || undefined) as CommentFilter['status'],
      rating: ratingConditions(versions, (rating || null) as RatingFilter | null, element || null),
      words: searchWords(values.q),
      assigneeId: values.assignee === 'me' ? user.id : undefined,
      today: localDay(now),
    },
  };
}

/** The query string of a selection with some values changed (paging, the export link). */
export function inboxQueryString(values: Record<string, string>, changes: Record<string, string | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...values, ...changes })) if (v !== undefined && v !== '') params.set(k, v);
  const s = params.toString();
  return s ? `?${s}` : '';
}
