import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../schema.ts';

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
