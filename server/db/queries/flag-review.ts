// The review of flagged responses: the list of a subtree's responses that were ever flagged (still
// flagged, included after review, or excluded), one response with its reviews, and the review
// itself — the status changes through setResponseStatus, a row in response_reviews for each
// response and an audit entry per agency, all in one transaction.
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { Channel, Database, ResponseStatus, ReviewDecision } from '../schema.ts';
import { statusAfter, type ReviewState } from '../../domain/flags.ts';
import { escapeLike, pathIds } from './agencies.ts';
import { audit } from './audit.ts';
import { setResponseStatus } from './response-status.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface FlagFilter {
  scopePath: string;
  /** The subtree chosen in the filter, inside the scope. */
  agencyPath: string;
  state?: ReviewState | undefined;
  /** A flag code; matches responses carrying it among others. */
  reason?: string | undefined;
  channel?: Channel | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export interface FlaggedRow {
  id: string;
  submittedAt: Date;
  receivedAt: Date;
  channel: Channel;
  status: ResponseStatus;
  flags: string;
  agencyCode: string;
  agencyNameVi: string;
  agencyNameEn: string | null;
  servicePointNameVi: string | null;
  servicePointNameEn: string | null;
  questionnaireCode: string;
  lastDecision: ReviewDecision | null;
  lastReason: string | null;
  lastReviewedAt: Date | null;
  lastReviewerEmail: string | null;
}

const STATUS_OF: Record<ReviewState, ResponseStatus> = { flagged: 'flagged', included: 'valid', excluded: 'excluded' };

function where(f: FlagFilter): RawBuilder<unknown> {
  const province = pathIds(f.scopePath)[0]!;
  const parts: RawBuilder<unknown>[] = [
    sql`r.province_id = ${province}::bigint`,
    sql`r.status_reason is not null`,
    sql`a.path like ${`${escapeLike(f.scopePath)}%`}`,
  ];
  if (f.agencyPath !== f.scopePath) parts.push(sql`a.path like ${`${escapeLike(f.agencyPath)}%`}`);
  if (f.state) parts.push(sql`r.status = ${STATUS_OF[f.state]}`);
  if (f.reason) parts.push(sql`${f.reason} = any(string_to_array(replace(r.status_reason, ' ', ''), ','))`);
  if (f.channel) parts.push(sql`r.channel = ${f.channel}`);
  if (f.from) parts.push(sql`r.submitted_at >= (${f.from}::date)::timestamp at time zone 'Asia/Ho_Chi_Minh'`);
  if (f.to) parts.push(sql`r.submitted_at < (${f.to}::date + 1)::timestamp at time zone 'Asia/Ho_Chi_Minh'`);
  return sql.join(parts, sql` and `);
}

const FROM = sql`responses r join agencies a on a.id = r.agency_id`;

const COLUMNS = sql`
  r.id, r.submitted_at as "submittedAt", r.received_at as "receivedAt", r.channel, r.status, r.status_reason as flags,
  a.code as "agencyCode", a.name_vi as "agencyNameVi", a.name_en as "agencyNameEn",
  sp.name_vi as "servicePointNameVi", sp.name_en as "servicePointNameEn", q.code as "questionnaireCode",
  lr.decision as "lastDecision", lr.reason as "lastReason", lr.reviewed_at as "lastReviewedAt", lu.email as "lastReviewerEmail"`;

const JOINS = sql`
  join questionnaire_versions v on v.id = r.questionnaire_version_id
  join questionnaires q on q.id = v.questionnaire_id
  left join service_points sp on sp.id = r.service_point_id
  left join lateral (
    select x.decision, x.reason, x.reviewed_at, x.reviewed_by from response_reviews x
    where x.response_id = r.id order by x.reviewed_at desc, x.id desc limit 1) lr on true
  left join users lu on lu.id = lr.reviewed_by`;

/** One page of the flagged responses, newest first, and how many the filter matches. */
export async function listFlagged(
  db: Db,
  f: FlagFilter,
  page: { offset: number; limit: number },
): Promise<{ rows: FlaggedRow[]; total: number }> {
  const [rows, total] = await Promise.all([
    sql<FlaggedRow>`
      select ${COLUMNS} from ${FROM} ${JOINS}
      where ${where(f)}
      order by r.submitted_at desc, r.id
      offset ${page.offset}::int limit ${page.limit}::int`.execute(db),
    sql<{ n: number }>`select count(*)::int as n from ${FROM} where ${where(f)}`.execute(db),
  ]);
  return { rows: rows.rows, total: Number(total.rows[0]?.n ?? 0) };
}

/** The ids the filter matches, newest first, at most `limit`: a review of "all that match". */
export async function flaggedIds(db: Db, f: FlagFilter, limit: number): Promise<string[]> {
  const r = await sql<{ id: string }>`
    select r.id from ${FROM} where ${where(f)} order by r.submitted_at desc, r.id limit ${limit}::int`.execute(db);
  return r.rows.map((x) => x.id);
}

/** How many responses wait for review in a subtree: for the staff home. */
export async function flaggedCount(db: Db, scopePath: string): Promise<number> {
  const r = await sql<{ n: number }>`
    select count(*)::int as n from ${FROM} where ${where({ scopePath, agencyPath: scopePath, state: 'flagged' })}`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}

export interface ReviewRow {
  decision: ReviewDecision;
  reason: string;
  flags: string;
  statusBefore: ResponseStatus;
  statusAfter: ResponseStatus;
  reviewedAt: Date;
  reviewerEmail: string | null;
}

export interface FlaggedDetail extends FlaggedRow {
  agencyId: number;
  answered: number;
  hasComment: boolean;
  reviews: ReviewRow[];
}

/** One flagged (or once flagged) response in the subtree, with its reviews, newest first. */
export async function findFlaggedInScope(db: Db, id: string, scopePath: string): Promise<FlaggedDetail | undefined> {
  const r = await sql<FlaggedRow & { agencyId: number; answered: number; hasComment: boolean }>`
    select ${COLUMNS}, a.id as "agencyId",
           (select count(*) from jsonb_object_keys(r.answers))::int as answered,
           exists (select 1 from response_comments c where c.response_id = r.id) as "hasComment"
    from ${FROM} ${JOINS}
    where r.id = ${id}::uuid and r.status_reason is not null and a.path like ${`${escapeLike(scopePath)}%`}`.execute(db);
  const row = r.rows[0];
  if (!row) return undefined;
  const reviews = await db
    .selectFrom('response_reviews as x')
    .leftJoin('users as u', 'u.id', 'x.reviewed_by')
    .select([
      'x.decision',
      'x.reason',
      'x.flags',
      'x.status_before as statusBefore',
      'x.status_after as statusAfter',
      'x.reviewed_at as reviewedAt',
      'u.email as reviewerEmail',
    ])
    .where('x.response_id', '=', id)
    .orderBy('x.reviewed_at', 'desc')
    .orderBy('x.id', 'desc')
    .execute();
  return { ...row, agencyId: Number(row.agencyId), answered: Number(row.answered), reviews };
}

export interface ReviewRequest {
  /** The responses to decide; each must lie in the scope and carry flags. */
  ids: readonly string[];
  decision: ReviewDecision;
  reason: string;
  scopePath: string;
  actorUserId: number;
  ip: string | null;
}

export type ReviewOutcome = { ok: true; changed: number; unchanged: number } | { ok: false; missing: number };

/**
 * Includes or excludes flagged responses with a reason. Refuses the whole request (changing
 * nothing) when any id is not a flagged response of the scope. A response already in the decided
 * status is recorded as reviewed again but changes nothing; the figures follow every change that
 * is made, through the results' status-change path.
 */
export async function reviewResponses(db: Kysely<Database>, req: ReviewRequest): Promise<ReviewOutcome> {
  const ids = [...new Set(req.ids)];
  if (ids.length === 0) return { ok: true, changed: 0, unchanged: 0 };
  return db.transaction().execute(async (trx) => {
    const rows = await sql<{ id: string; status: ResponseStatus; flags: string; agencyId: number; provinceId: number }>`
            select r.id, r.status, r.status_reason as flags, r.agency_id as "agencyId", r.province_id as "provinceId"
            from responses r join agencies a on a.id = r.agency_id
            where r.id = any(${ids}::uuid[]) and r.status_reason is not null and a.path like ${`${escapeLike(req.scopePath)}%`}
            for update of r`.execute(trx);
    if (rows.rows.length !== ids.length) return { ok: false, missing: ids.length - rows.rows.length };
    const after = statusAfter(req.decision);
    const changes = await setResponseStatus(trx, ids, after);
    const changed = new Set(changes.map((c) => c.id));
    await trx
      .insertInto('response_reviews')
      .values(
        rows.rows.map((r) => ({
          response_id: r.id,
          province_id: Number(r.provinceId),
          decision: req.decision,
          reason: req.reason,
          flags: r.flags,
          status_before: r.status,
          status_after: changed.has(r.id) ? after : r.status,
          reviewed_by: req.actorUserId,
        })),
      )
      .execute();
    // One audit entry per agency: who decided what, why, and each response's status before and after.
    const byAgency = new Map<number, typeof rows.rows>();
    for (const r of rows.rows) byAgency.set(Number(r.agencyId), [...(byAgency.get(Number(r.agencyId)) ?? []), r]);
    for (const [agencyId, list] of byAgency) {
      await audit(trx, {
        action: 'response.review',
        actorUserId: req.actorUserId,
        agencyId,
        ip: req.ip,
        details: {
          decision: req.decision,
          reason: req.reason,
          responses: list.map((r) => ({ id: r.id, flags: r.flags, before: r.status, after: changed.has(r.id) ? after : r.status })),
        },
      });
    }
    return { ok: true, changed: changes.length, unchanged: ids.length - changes.length };
  });
}
