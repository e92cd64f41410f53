// Who performs a use-case (server/use-cases/*): a signed-in staff member from a page, or the person
// at the terminal running `hailong`. The same use-case serves both, so the audit entry, the scope
// check and the rules are written once; only the wording of the answer differs.
import type { FastifyRequest } from 'fastify';
import type { AuditEntry } from '../db/queries/audit.ts';

export interface Actor {
  userId: number | null;
  /** 'cli' for the command line; null for a staff member (their user id says who). */
  label: string | null;
  ip: string | null;
  /**
   * The subtree the actor may touch (invariant 5). Null only for the command line, which runs with
   * the database's own rights on the server and so answers for the whole installation.
   */
  scopePath: string | null;
}

export const CLI_ACTOR: Actor = { userId: null, label: 'cli', ip: null, scopePath: null };

export function staffActor(request: FastifyRequest): Actor {
  const user = request.user;
  if (!user) throw new Error('staffActor needs a signed-in user');
  return { userId: user.id, label: null, ip: request.ip || null, scopePath: user.agencyPath };
}

/** Whether an agency (by its path) lies in the actor's subtree. */
export function actorReaches(actor: Actor, agencyPath: string): boolean {
  return actor.scopePath === null || agencyPath.startsWith(actor.scopePath);
}

/** The who-fields of an audit entry. */
export function auditedBy(actor: Actor): Pick<AuditEntry, 'actorUserId' | 'actorLabel' | 'ip'> {
  return { actorUserId: actor.userId, actorLabel: actor.label, ip: actor.ip };
}
