// Where a staff member lands after signing in, and which return addresses are acceptable.
import { z } from 'zod';
import { can, type Role } from '../../domain/roles.ts';

export function staffHome(role: Role): string {
  return can(role, 'users.manage') ? '/admin/users' : '/admin';
}

// Only a local path may be a return address: an open redirect would make our domain a phishing
// aid. '//host' and '/\host' are protocol-relative to browsers, so they are refused too.
export const localPath = z
  .string()
  .max(2000)
  .regex(/^\/(?![/\\])[^\s\\]*$/);

export function safeNext(v: unknown): string | undefined {
  const r = localPath.safeParse(v);
  return r.success && !r.data.startsWith('/sign-in') && !r.data.startsWith('/sign-out') ? r.data : undefined;
}
