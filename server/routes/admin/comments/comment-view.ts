// What the inbox and the comment page print for a comment: every date formatted for the locale,
// names in the reader's language, the ratings given in words, the follow-up status in words with
// its tag, and "overdue" said in words (never by colour alone).
import type { CommentListRow } from '../../../db/queries/comments.ts';
import type { FollowUpStatus } from '../../../db/schema.ts';
import { isOverdue } from '../../../domain/comment-follow-up.ts';
import { ratingsGiven, type VersionDefinition } from '../../../domain/comment-ratings.ts';
import { formatDate, formatDateTime } from '../../../i18n/format.ts';
import { inLocale, type Locale, type Translate } from '../../../i18n/index.ts';
import { channelName } from '../../../results/display.ts';

export interface CommentView {
  id: string;
  href: string;
  date: string;
  agency: string;
  agencyCode: string;
  servicePoint: string | null;
  channel: string;
  ratings: string[];
  body: string;
  status: FollowUpStatus;
  statusText: string;
  assignee: string | null;
  due: string | null;
  overdue: boolean;
  /** The response is flagged or excluded: its numbers do not count, its words still matter. */
  notCounted: boolean;
  hasContact: boolean;
}

const pick = (locale: Locale, vi: string, en: string | null | undefined) => inLocale(locale, vi, en);

function statusText(status: FollowUpStatus, t: Translate): string {
  return t(`comments.status.${status}`);
}

export function commentView(
  row: CommentListRow,
  versions: ReadonlyMap<number, VersionDefinition>,
  ctx: { t: Translate; locale: Locale; today: string },
): CommentView {
  const { t, locale } = ctx;
  const def = versions.get(row.questionnaireVersionId)?.definition;
  const ratings = def
    ? ratingsGiven(def, row.answers).map((r) =>
        r.element === null
          ? t('comments.rating.overall', { label: pick(locale, r.label.vi, r.label.en), value: r.value })
          : t('comments.rating.element', { element: r.element, value: r.value }),
      )
    : [];
  return {
    id: row.responseId,
    href: `/admin/comments/${row.responseId}`,
    date: formatDateTime(new Date(row.submittedAt), locale),
    agency: pick(locale, row.agencyNameVi, row.agencyNameEn),
    agencyCode: row.agencyCode,
    servicePoint: row.servicePointNameVi ? pick(locale, row.servicePointNameVi, row.servicePointNameEn) : null,
    channel: channelName(row.channel, t),
    ratings,
    body: row.body,
    status: row.status,
    statusText: statusText(row.status, t),
    assignee: row.assigneeEmail ? (row.assigneeName ? `${row.assigneeName} (${row.assigneeEmail})` : row.assigneeEmail) : null,
    due: row.dueOn ? formatDate(row.dueOn, locale) : null,
    overdue: isOverdue({ status: row.status, dueOn: row.dueOn }, ctx.today),
    notCounted: row.responseStatus !== 'valid',
    hasContact: row.hasContact,
  };
}
