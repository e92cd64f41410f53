// API tokens for other systems: create (the secret returned once) and revoke, for `hailong token`
// and the tokens page alike. Both are audited with the token's agency, so the audit log page shows
// them to whoever oversees that agency.
import type { Kysely } from 'kysely';
import { findAgencyById } from '../db/queries/agencies.ts';
import { createApiToken, findApiTokenInScope, findApiTokens, revokeApiToken } from '../db/queries/api-tokens.ts';
import { audit } from '../db/queries/audit.ts';
import type { ApiToken, Database, TokenScope } from '../db/schema.ts';
import { actorReaches, auditedBy, type Actor } from './actor.ts';

export interface NewToken {
  agencyId: number;
  name: string;
  scope: TokenScope;
  /** The moment after which the token is refused; null for no expiry. */
  expiresAt: Date | null;
}

export type CreateTokenResult = { ok: true; token: string; row: ApiToken } | { ok: false; reason: 'agency-not-found' };

export async function createToken(db: Kysely<Database>, actor: Actor, input: NewToken): Promise<CreateTokenResult> {
  const agency = await findAgencyById(db, input.agencyId);
  // Outside the subtree looks exactly like an agency that does not exist.
  if (!agency || !actorReaches(actor, agency.path)) return { ok: false, reason: 'agency-not-found' };
  const created = await db.transaction().execute(async (trx) => {
    const made = await createApiToken(trx, {
      name: input.name,
      agencyId: agency.id,
      scope: input.scope,
      createdBy: actor.userId,
      expiresAt: input.expiresAt,
    });
    await audit(trx, {
      action: 'token.add',
      ...auditedBy(actor),
      agencyId: agency.id,
      details: {
        tokenId: made.row.id,
        prefix: made.row.prefix,
        name: made.row.name,
        scope: made.row.scope,
        expiresAt: made.row.expires_at?.toISOString() ?? null,
      },
    });
    return made;
  });
  return { ok: true, ...created };
}

export type RevokeTokenResult = 'revoked' | 'already' | 'not-found';

/** Revokes a token the actor can see; a second revoke changes nothing and writes no audit entry. */
export async function revokeToken(
  db: Kysely<Database>,
  actor: Actor,
  tokenId: number,
): Promise<{ result: RevokeTokenResult; token?: ApiToken }> {
  const token =
    actor.scopePath === null ? (await findApiTokens(db, String(tokenId)))[0] : await findApiTokenInScope(db, tokenId, actor.scopePath);
  if (!token) return { result: 'not-found' };
  const revoked = await db.transaction().execute(async (trx) => {
    const done = await revokeApiToken(trx, token.id);
    if (done)
      await audit(trx, {
        action: 'token.revoke',
        ...auditedBy(actor),
        agencyId: token.agency_id,
        details: { tokenId: token.id, prefix: token.prefix, name: token.name, before: { revokedAt: null }, after: { revoked: true } },
      });
    return done;
  });
  return { result: revoked ? 'revoked' : 'already', token };
}
