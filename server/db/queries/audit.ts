import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../schema.ts';
import { escapeLike } from './agencies.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface AuditEntry {
  action: string;
  actorUserId?: number | null;
  /** For actors without a user row: 'cli', 'system', or the email typed at a failed sign-in. */
  actorLabel?: string | null;
  agencyId?: number | null;
  ip?: string | null;
  details?: Record<string, unknown>;
}

export async function audit(db: Db, e: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      action: e.action,
      actor_user_id: e.actorUserId ?? null,
      actor_label: e.actorLabel ?? null,
      agency_id: e.agencyId ?? null,
      ip: e.ip ?? null,
      details: JSON.stringify(e.details ?? {}),
    })
    .execute();
}

export async function listAudit(db: Db, opts: { action?: string; limit?: number } = {}) {
  let q = db
    .selectFrom('audit_log')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(opts.limit ?? 100);
  if (opts.action) q = q.where('action', '=', opts.action);
  return q.execute();
}

/** Whether an entry with this action and actor label was written since a moment (alerts written once per window). */
export async function auditedSince(db: Db, action: string, actorLabel: string, since: Date): Promise<boolean> {
  const row = await db
    .selectFrom('audit_log')
    .select('id')
    .where('action', '=', action)
    .where('actor_label', '=', actorLabel)
    .where('at', '>', since)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export interface AuditFilter {
  /** The subtree whose agencies' entries are shown (invariant 5). */
  scopePath: string;
  /** Entries naming no agency (questionnaire publishing, sign-ins): installation-wide, for an admin only. */
  includeUnscoped: boolean;
  /** Part of the actor's email, or of the label of an actor without a user row ('cli'). */
  actor?: string;
  action?: string;
  agencyId?: number;
  /** Half-open interval [from, to). */
  from?: Date;
  to?: Date;
  /** Keyset paging: only entries older than this id. */
  beforeId?: number;
  limit: number;
}

export interface AuditRow {
  id: number;
  at: Date;
  action: string;
  actorEmail: string | null;
  actorLabel: string | null;
  agencyCode: string | null;
  agencyNameVi: string | null;
  agencyNameEn: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

/** The audit log page: newest first, within the scope and the filters. */
export async function listAuditInScope(db: Db, f: AuditFilter): Promise<AuditRow[]> {
  let q = db
    .selectFrom('audit_log as l')
    .leftJoin('users as u', 'u.id', 'l.actor_user_id')
    .leftJoin('agencies as a', 'a.id', 'l.agency_id')
    .select([
      'l.id',
      'l.at',
      'l.action',
      'u.email as actorEmail',
      'l.actor_label as actorLabel',
      'a.code as agencyCode',
      'a.name_vi as agencyNameVi',
      'a.name_en as agencyNameEn',
      'l.ip',
      'l.details',
    ])
    .where((eb) => {
      const inTree = eb('a.path', 'like', `${escapeLike(f.scopePath)}%`);
      return f.includeUnscoped ? eb.or([inTree, eb('l.agency_id', 'is', null)]) : inTree;
    })
    .orderBy('l.id', 'desc')
    .limit(f.limit);
  if (f.action) q = q.where('l.action', '=', f.action);
  if (f.agencyId !== undefined) q = q.where('l.agency_id', '=', f.agencyId);
  if (f.from) q = q.where('l.at', '>=', f.from);
  if (f.to) q = q.where('l.at', '<', f.to);
  if (f.beforeId !== undefined) q = q.where('l.id', '<', f.beforeId);
  if (f.actor) {
    const pattern = `%${escapeLike(f.actor.toLowerCase())}%`;
    q = q.where((eb) => eb.or([eb(eb.fn('lower', ['u.email']), 'like', pattern), eb(eb.fn('lower', ['l.actor_label']), 'like', pattern)]));
  }
  return q.execute();
}

/** The actions the log holds, for the filter's list. */
export async function listAuditActions(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('audit_log').select('action').distinct().orderBy('action').execute();
  return rows.map((r) => r.action);
}
