// The comments inbox: every citizen's comment in a staff user's subtree with its follow-up (status,
// assignee, deadline, note, reply), filtered, searched with or without diacritics, paged; one
// comment with its response's ratings; the follow-up's update; and the counts the staff home shows.
// Every reader takes the user's subtree and scopes by it (invariant 5).
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { Channel, Database, FollowUpStatus, ResponseStatus } from '../schema.ts';
import { OPEN_STATUSES } from '../../domain/comment-follow-up.ts';
import { rolesThatCan } from '../../domain/roles.ts';
import { escapeLike, pathIds } from './agencies.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** One answer condition on the rating questions: a version, a question, the values that match. */
export interface RatingCondition {
  versionId: number;
  question: string;
  values: number[];
}

export interface CommentFilter {
  /** The user's subtree: nothing outside it is ever read. */
  scopePath: string;
  /** The subtree chosen in the filter, inside the scope (the scope itself by default). */
  agencyPath: string;
  /** Viet Nam days, inclusive, on the response's submitted_at. */
  from?: string | undefined;
  to?: string | undefined;
  /** A follow-up status, every open one, or the open ones past their deadline. */
  status?: FollowUpStatus | 'open' | 'overdue' | undefined;
  /** Null: any rating; an empty list: a rating no version has (nothing matches). */
  rating?: RatingCondition[] | null | undefined;
  /** Folded words (server/domain/fold.ts), each of which must appear in the folded body. */
  words?: string[] | undefined;
  assigneeId?: number | undefined;
  /** Today in Viet Nam, for "overdue". */
  today: string;
}

export interface CommentListRow {
  responseId: string;
  body: string;
  submittedAt: Date;
  channel: Channel;
  responseStatus: ResponseStatus;
  questionnaireVersionId: number;
  answers: Record<string, unknown>;
  agencyId: number;
  agencyCode: string;
  agencyNameVi: string;
  agencyNameEn: string | null;
  servicePointCode: string | null;
  servicePointNameVi: string | null;
  servicePointNameEn: string | null;
  status: FollowUpStatus;
  assigneeId: number | null;
  assigneeEmail: string | null;
  assigneeName: string | null;
  dueOn: string | null;
  reply: string | null;
  repliedAt: Date | null;
  hasContact: boolean;
}

const startOfDay = (day: string) => sql`(${day}::date)::timestamp at time zone 'Asia/Ho_Chi_Minh'`;
const endOfDay = (day: string) => sql`(${day}::date + 1)::timestamp at time zone 'Asia/Ho_Chi_Minh'`;

/** The province a subtree belongs to: the first id of its path. */
function provinceOf(path: string): number {
  const id = pathIds(path)[0];
  if (id === undefined) throw new Error(`not an agency path: ${path}`);
  return id;
}

function where(f: CommentFilter): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [
    sql`c.province_id = ${provinceOf(f.scopePath)}::bigint`,
    sql`a.path like ${`${escapeLike(f.scopePath)}%`}`,
  ];
  if (f.agencyPath !== f.scopePath) parts.push(sql`a.path like ${`${escapeLike(f.agencyPath)}%`}`);
  if (f.from) parts.push(sql`r.submitted_at >= ${startOfDay(f.from)}`);
  if (f.to) parts.push(sql`r.submitted_at < ${endOfDay(f.to)}`);
  if (f.status === 'open') parts.push(sql`c.follow_up_status = any(${[...OPEN_STATUSES]}::text[])`);
  else if (f.status === 'overdue') parts.push(sql`c.follow_up_status = any(${[...OPEN_STATUSES]}::text[]) and c.due_on < ${f.today}::date`);
  else if (f.status) parts.push(sql`c.follow_up_status = ${f.status}`);
  if (f.rating) {
    const any = f.rating.map(
      (x) =>
        sql`(r.questionnaire_version_id = ${x.versionId}::bigint and r.answers ->> ${x.question} = any(${x.values.map(String)}::text[]))`,
    );
    parts.push(any.length === 0 ? sql`false` : sql`(${sql.join(any, sql` or `)})`);
  }
  for (const w of f.words ?? []) parts.push(sql`c.body_folded like ${`%${escapeLike(w)}%`}`);
  if (f.assigneeId !== undefined) parts.push(sql`c.assignee_id = ${f.assigneeId}::bigint`);
  return sql.join(parts, sql` and `);
}

const FROM = sql`
  response_comments c
  join responses r on r.id = c.response_id
  join agencies a on a.id = r.agency_id`;

/** One page of the inbox, newest first, and how many comments the filter matches in all. */
export async function listComments(
  db: Db,
  f: CommentFilter,
  page: { offset: number; limit: number },
): Promise<{ rows: CommentListRow[]; total: number }> {
  const [rows, total] = await Promise.all([
    sql<CommentListRow>`
      select c.response_id as "responseId", c.body, r.submitted_at as "submittedAt", r.channel, r.status as "responseStatus",
             r.questionnaire_version_id as "questionnaireVersionId", r.answers,
             a.id as "agencyId", a.code as "agencyCode", a.name_vi as "agencyNameVi", a.name_en as "agencyNameEn",
             sp.code as "servicePointCode", sp.name_vi as "servicePointNameVi", sp.name_en as "servicePointNameEn",
             c.follow_up_status as status, c.assignee_id as "assigneeId", u.email as "assigneeEmail",
             u.display_name as "assigneeName", to_char(c.due_on, 'YYYY-MM-DD') as "dueOn", c.reply, c.replied_at as "repliedAt",
             exists (select 1 from comment_contacts k where k.response_id = c.response_id and k.expires_at > now()) as "hasContact"
      from ${FROM}
      left join service_points sp on sp.id = r.service_point_id
      left join users u on u.id = c.assignee_id
      where ${where(f)}
      order by r.submitted_at desc, c.response_id
      offset ${page.offset}::int limit ${page.limit}::int`.execute(db),
    sql<{ n: number }>`select count(*)::int as n from ${FROM} where ${where(f)}`.execute(db),
  ]);
  return { rows: rows.rows.map(normalise), total: Number(total.rows[0]?.n ?? 0) };
}

function normalise(r: CommentListRow): CommentListRow {
  return {
    ...r,
    agencyId: Number(r.agencyId),
    questionnaireVersionId: Number(r.questionnaireVersionId),
    assigneeId: r.assigneeId === null ? null : Number(r.assigneeId),
  };
}

/** Every comment the filter matches, newest first, a page at a time: for the export of the list. */
export async function* eachComment(db: Db, f: CommentFilter, pageSize = 1000): AsyncGenerator<CommentListRow> {
  for (let offset = 0; ; offset += pageSize) {
    const { rows } = await listComments(db, f, { offset, limit: pageSize });
    yield* rows;
    if (rows.length < pageSize) return;
  }
}

export interface CommentDetail extends CommentListRow {
  provinceId: number;
  agencyPath: string;
  statusReason: string | null;
  note: string | null;
  updatedAt: Date | null;
  updatedByEmail: string | null;
  contact: { contact: string; consentedAt: Date; expiresAt: Date } | null;
}

/** One comment, if its response's agency lies in the subtree; undefined otherwise (a 404). */
export async function findCommentInScope(db: Db, responseId: string, scopePath: string): Promise<CommentDetail | undefined> {
  const r = await sql<CommentDetail & { contactText: string | null; consentedAt: Date | null; expiresAt: Date | null }>`
    select c.response_id as "responseId", c.body, r.submitted_at as "submittedAt", r.channel, r.status as "responseStatus",
           r.questionnaire_version_id as "questionnaireVersionId", r.answers, c.province_id as "provinceId",
           a.id as "agencyId", a.code as "agencyCode", a.name_vi as "agencyNameVi", a.name_en as "agencyNameEn", a.path as "agencyPath",
           sp.code as "servicePointCode", sp.name_vi as "servicePointNameVi", sp.name_en as "servicePointNameEn",
           c.follow_up_status as status, c.assignee_id as "assigneeId", u.email as "assigneeEmail",
           u.display_name as "assigneeName", to_char(c.due_on, 'YYYY-MM-DD') as "dueOn", c.reply, c.replied_at as "repliedAt",
           r.status_reason as "statusReason", c.note, c.updated_at as "updatedAt", b.email as "updatedByEmail",
           k.contact as "contactText", k.consented_at as "consentedAt", k.expires_at as "expiresAt",
           k.response_id is not null as "hasContact"
    from response_comments c
    join responses r on r.id = c.response_id
    join agencies a on a.id = r.agency_id
    left join service_points sp on sp.id = r.service_point_id
    left join users u on u.id = c.assignee_id
    left join users b on b.id = c.updated_by
    -- An expired contact is never shown, even before the housekeeping deletes it.
    left join comment_contacts k on k.response_id = c.response_id and k.expires_at > now()
    where c.response_id = ${responseId}::uuid and a.path like ${`${escapeLike(scopePath)}%`}`.execute(db);
  const row = r.rows[0];
  if (!row) return undefined;
  const { contactText, consentedAt, expiresAt, ...rest } = row;
  return {
    ...rest,
    ...normalise(rest),
    provinceId: Number(rest.provinceId),
    contact: contactText !== null && consentedAt && expiresAt ? { contact: contactText, consentedAt, expiresAt } : null,
  };
}

export interface FollowUpValues {
  status: FollowUpStatus;
  assigneeId: number | null;
  dueOn: string | null;
  note: string | null;
  reply: string | null;
  repliedAt: Date | null;
}

/** Writes a comment's follow-up; run it in the transaction that audits the change. */
export async function updateFollowUp(db: Db, responseId: string, v: FollowUpValues, by: number, now: Date): Promise<void> {
  await db
    .updateTable('response_comments')
    .set({
      follow_up_status: v.status,
      assignee_id: v.assigneeId,
      due_on: v.dueOn,
      note: v.note,
      reply: v.reply,
      replied_at: v.repliedAt,
      updated_at: now,
      updated_by: by,
    })
    .where('response_id', '=', responseId)
    .execute();
}

export interface Assignee {
  id: number;
  email: string;
  displayName: string | null;
}

/**
 * Who may be given a comment: enabled staff who follow comments up, whose agency lies in the
 * assigning user's subtree and whose own subtree holds the comment (so that they can open it).
 */
export async function assigneeCandidates(db: Db, scopePath: string, commentAgencyPath: string): Promise<Assignee[]> {
  const r = await sql<Assignee & { path: string }>`
    select u.id, u.email, u.display_name as "displayName", a.path
    from users u join agencies a on a.id = u.agency_id
    where u.disabled_at is null
      and u.role = any(${rolesThatCan('comments.manage')}::text[])
      and a.path like ${`${escapeLike(scopePath)}%`}
    order by u.email`.execute(db);
  return r.rows
    .filter((x) => commentAgencyPath.startsWith(x.path))
    .map((x) => ({ id: Number(x.id), email: x.email, displayName: x.displayName }));
}

export interface CommentCounts {
  /** Not yet taken up. */
  new: number;
  /** New or in progress. */
  open: number;
  /** Open and past their deadline. */
  overdue: number;
}

/** The staff home's counts of a subtree's comments (issue 13 shows them; issue 14 defines them). */
export async function commentCounts(db: Db, scopePath: string, today: string): Promise<CommentCounts> {
  const r = await sql<{ fresh: number; open: number; overdue: number }>`
    select count(*) filter (where c.follow_up_status = 'new')::int as fresh,
           count(*)::int as open,
           count(*) filter (where c.due_on < ${today}::date)::int as overdue
    from ${FROM}
    where c.province_id = ${provinceOf(scopePath)}::bigint
      and a.path like ${`${escapeLike(scopePath)}%`}
      and c.follow_up_status = any(${[...OPEN_STATUSES]}::text[])`.execute(db);
  const row = r.rows[0];
  return { new: Number(row?.fresh ?? 0), open: Number(row?.open ?? 0), overdue: Number(row?.overdue ?? 0) };
}

/** Every published version's definition, to read the ratings a comment's response gave. */
export async function versionDefinitions(db: Db): Promise<{ id: number; questionnaireCode: string; definition: unknown }[]> {
  const rows = await db
    .selectFrom('questionnaire_versions as v')
    .innerJoin('questionnaires as q', 'q.id', 'v.questionnaire_id')
    .select(['v.id', 'q.code as questionnaireCode', 'v.definition'])
    .orderBy('q.code')
    .orderBy('v.version')
    .execute();
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}
