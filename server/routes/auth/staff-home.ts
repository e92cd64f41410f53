// Where a staff member lands after signing in, and which return addresses are acceptable.
import { returnPath } from '../../domain/return-path.ts';
import type { Role } from '../../domain/roles.ts';
import { landingFor } from '../../domain/staff-screens.ts';

export function staffHome(role: Role): string {
  return landingFor(role);
}

/** Where to go after signing in: a local path (server/domain/return-path.ts), never back to sign-in or out. */
export function safeNext(v: unknown): string | undefined {
  const path = returnPath(v);
  return path !== undefined && !path.startsWith('/sign-in') && !path.startsWith('/sign-out') ? path : undefined;
}
