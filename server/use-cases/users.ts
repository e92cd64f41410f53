// Staff accounts: create, disable and enable, for `hailong user` and the users page alike. The
// password is hashed here; a generated one is returned once for the caller to show and never stored.
import type { Kysely } from 'kysely';
import { findAgencyById } from '../db/queries/agencies.ts';
import { audit } from '../db/queries/audit.ts';
import { deleteUserSessions } from '../db/queries/sessions.ts';
import { insertUser, setUserDisabled } from '../db/queries/users.ts';
import type { Database, Role } from '../db/schema.ts';
import { generatePassword, hashPassword } from '../domain/passwords.ts';
import { actorReaches, auditedBy, type Actor } from './actor.ts';

export interface NewUser {
  email: string;
  displayName: string | null;
  role: Role;
  agencyId: number;
  /** Null: generate one and return it. */
  password: string | null;
}

/**
 * Creates the account and audits it. Throws EmailTakenError (server/db/queries/users.ts) when the
 * email is in use; answers 'agency-not-found' for an agency outside the actor's subtree. Whether the
 * actor may grant the role is the caller's question (the CLI is the installation's owner).
 */
export async function createStaffUser(
  db: Kysely<Database>,
  actor: Actor,
  input: NewUser,
): Promise<{ ok: true; userId: number; generatedPassword: string | null } | { ok: false; reason: 'agency-not-found' }> {
  const agency = await findAgencyById(db, input.agencyId);
  if (!agency || !actorReaches(actor, agency.path)) return { ok: false, reason: 'agency-not-found' };
  const password = input.password ?? generatePassword();
  const passwordHash = await hashPassword(password);
  const userId = await db.transaction().execute(async (tx) => {
    const created = await insertUser(tx, {
      email: input.email,
      displayName: input.displayName,
      passwordHash,
      role: input.role,
      agencyId: agency.id,
      createdBy: actor.userId,
    });
    await audit(tx, {
      action: 'user.create',
      ...auditedBy(actor),
      agencyId: agency.id,
      details: { userId: created.id, email: created.email, role: created.role },
    });
    return created.id;
  });
  return { ok: true, userId, generatedPassword: input.password === null ? password : null };
}

/** Disables (ending the sessions now, not at the next request) or enables an account; false when it already was. */
export async function setStaffUserDisabled(
  db: Kysely<Database>,
  actor: Actor,
  user: { id: number; email: string; agencyId: number },
  disabled: boolean,
): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const changed = await setUserDisabled(tx, user.id, disabled);
    if (disabled) await deleteUserSessions(tx, user.id);
    if (changed) {
      await audit(tx, {
        action: disabled ? 'user.disable' : 'user.enable',
        ...auditedBy(actor),
        agencyId: user.agencyId,
        details: { userId: user.id, email: user.email },
      });
    }
    return changed;
  });
}
