import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { UserRow } from './users.ts';

export const hashSessionId = (id: string) => createHash('sha256').update(id).digest('base64url');

/** The signed-in user: the user row without its bookkeeping, and the session it came with. */
export type SessionUser = Omit<UserRow, 'disabledAt' | 'createdAt' | 'lastSignInAt'> & { sessionHash: string };

export async function createSession(
  db: Kysely<Database>,
  s: { idHash: string; userId: number; expiresAt: Date; ip: string | null; userAgent: string | null },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({ id_hash: s.idHash, user_id: s.userId, expires_at: s.expiresAt, ip: s.ip, user_agent: s.userAgent })
    .execute();
}

/** The signed-in user behind a session cookie, or null when the session expired or the user was disabled. */
export async function findSessionUser(db: Kysely<Database>, idHash: string, now = new Date()): Promise<SessionUser | null> {
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .innerJoin('agencies as a', 'a.id', 'u.agency_id')
    .where('s.id_hash', '=', idHash)
    .where('s.expires_at', '>', now)
    .where('u.disabled_at', 'is', null)
    .select([
      'u.id',
      'u.email',
      'u.display_name',
      'u.role',
      'u.agency_id',
      'a.code as agency_code',
      'a.path as agency_path',
      'a.name_vi as agency_name_vi',
      'a.name_en as agency_name_en',
      's.last_seen_at',
    ])
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    role: row.role,
    agencyId: row.agency_id,
    agencyCode: row.agency_code,
    agencyPath: row.agency_path,
    agencyNameVi: row.agency_name_vi,
    agencyNameEn: row.agency_name_en,
    sessionHash: idHash,
  };
}

/** Sliding expiry, written at most once a minute so that browsing does not write on every request. */
export async function touchSession(db: Kysely<Database>, idHash: string, expiresAt: Date): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ last_seen_at: new Date(), expires_at: expiresAt })
    .where('id_hash', '=', idHash)
    .where('last_seen_at', '<', new Date(Date.now() - 60_000))
    .execute();
}

export async function deleteSession(db: Kysely<Database>, idHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

export async function deleteUserSessions(db: Kysely<Database>, userId: number): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

/** Deletes the sessions that have expired (housekeeping); returns how many. */
export async function deleteExpiredSessions(db: Kysely<Database>, now = new Date()): Promise<number> {
  const r = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
  return Number(r.numDeletedRows);
}
