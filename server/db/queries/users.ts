// Staff users. Every list and lookup made on behalf of a signed-in user takes the scope path of
// that user's agency, so nothing outside their subtree can be read or changed (invariant 5).
import type { Kysely, Transaction } from 'kysely';
import type { Database, Role, User } from '../schema.ts';
import { escapeLike } from './agencies.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface UserRow {
  id: number;
  email: string;
  displayName: string | null;
  role: Role;
  agencyId: number;
  agencyCode: string;
  agencyPath: string;
  agencyNameVi: string;
  agencyNameEn: string | null;
  disabledAt: Date | null;
  createdAt: Date;
  lastSignInAt: Date | null;
}

export class EmailTakenError extends Error {
  readonly code = 'HL_EMAIL_TAKEN';
  constructor(readonly email: string) {
    super(`email already in use: ${email}`);
  }
}

/** Emails are stored NFC, trimmed and lower-case, so that one address is one account. */
export function normaliseEmail(email: string): string {
  return email.normalize('NFC').trim().toLowerCase();
}

export async function findUserByEmail(db: Db, email: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', normaliseEmail(email)).executeTakeFirst();
}

export async function insertUser(
  db: Db,
  u: { email: string; displayName: string | null; passwordHash: string; role: Role; agencyId: number; createdBy: number | null },
): Promise<User> {
  try {
    return await db
      .insertInto('users')
      .values({
        email: normaliseEmail(u.email),
        display_name: u.displayName,
        password_hash: u.passwordHash,
        role: u.role,
        agency_id: u.agencyId,
        created_by: u.createdBy,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  } catch (err) {
    // Checked here rather than before the insert: two concurrent creations cannot both pass.
    if ((err as { code?: unknown }).code === '23505') throw new EmailTakenError(normaliseEmail(u.email));
    throw err;
  }
}

function scoped(db: Db, scopePath: string) {
  return db
    .selectFrom('users as u')
    .innerJoin('agencies as a', 'a.id', 'u.agency_id')
    .where('a.path', 'like', `${escapeLike(scopePath)}%`)
    .select([
      'u.id',
      'u.email',
      'u.display_name as displayName',
      'u.role',
      'u.agency_id as agencyId',
      'a.code as agencyCode',
      'a.path as agencyPath',
      'a.name_vi as agencyNameVi',
      'a.name_en as agencyNameEn',
      'u.disabled_at as disabledAt',
      'u.created_at as createdAt',
      'u.last_sign_in_at as lastSignInAt',
    ]);
}

/** The users whose agency lies in the subtree, in tree order then by email. */
export async function listUsersInScope(db: Db, scopePath: string, limit = 1000): Promise<UserRow[]> {
  return scoped(db, scopePath).orderBy('a.path').orderBy('u.email').limit(limit).execute();
}

/** One user, but only if their agency lies in the subtree: the scope check in the query. */
export async function findUserInScope(db: Db, id: number, scopePath: string): Promise<UserRow | undefined> {
  return scoped(db, scopePath).where('u.id', '=', id).executeTakeFirst();
}

/** Disables (or enables again) a user; returns whether anything changed. */
export async function setUserDisabled(db: Db, id: number, disabled: boolean, now = new Date()): Promise<boolean> {
  // `returning` rather than the driver's row count, which the embedded database does not report.
  const rows = await db
    .updateTable('users')
    .set({ disabled_at: disabled ? now : null })
    .where('id', '=', id)
    .where('disabled_at', disabled ? 'is' : 'is not', null)
    .returning('id')
    .execute();
  return rows.length > 0;
}

export async function markSignedIn(db: Db, id: number, now = new Date()): Promise<void> {
  await db.updateTable('users').set({ last_sign_in_at: now }).where('id', '=', id).execute();
}
