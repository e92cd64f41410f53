// Bearer tokens for other systems (channel 'api'). The plaintext is shown once at creation; the
// database keeps its sha256 and a short public prefix to tell tokens apart, so a leaked table
// hands out no working token.
import { createHash, randomBytes } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { ApiToken, Database, TokenScope } from '../schema.ts';
import { escapeLike } from './agencies.ts';
import { forgetLookups } from '../lookup-cache.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** hl_<8 hex prefix>_<43 base64url characters = 32 random bytes>. */
export const TOKEN_FORMAT = /^hl_([0-9a-f]{8})_([A-Za-z0-9_-]{43})$/;

function generateToken(): { token: string; prefix: string } {
  const prefix = randomBytes(4).toString('hex');
  return { token: `hl_${prefix}_${randomBytes(32).toString('base64url')}`, prefix };
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export async function createApiToken(
  db: Db,
  t: { name: string; agencyId: number; scope: TokenScope; createdBy?: number | null; expiresAt?: Date | null },
): Promise<{ token: string; row: ApiToken }> {
  const { token, prefix } = generateToken();
  const row = await db
    .insertInto('api_tokens')
    .values({
      name: t.name,
      agency_id: t.agencyId,
      scope: t.scope,
      prefix,
      token_hash: hashToken(token),
      created_by: t.createdBy ?? null,
      expires_at: t.expiresAt ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { token, row };
}

/** What a request authenticated by a token may act as. */
export interface ApiPrincipal {
  id: number;
  name: string;
  scope: TokenScope;
  agencyId: number;
  agencyCode: string;
  agencyPath: string;
  lastUsedAt: Date | null;
}

/** The live (not revoked, not expired) token with this plaintext, or null. */
export async function findActiveToken(db: Db, token: string): Promise<ApiPrincipal | null> {
  if (!TOKEN_FORMAT.test(token)) return null;
  const row = await db
    .selectFrom('api_tokens as t')
    .innerJoin('agencies as a', 'a.id', 't.agency_id')
    .where('t.token_hash', '=', hashToken(token))
    .where('t.revoked_at', 'is', null)
    .where((eb) => eb.or([eb('t.expires_at', 'is', null), eb('t.expires_at', '>', sql<Date>`now()`)]))
    .select(['t.id', 't.name', 't.scope', 't.agency_id', 'a.code', 'a.path', 't.last_used_at'])
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    name: row.name,
    scope: row.scope,
    agencyId: row.agency_id,
    agencyCode: row.code,
    agencyPath: row.path,
    lastUsedAt: row.last_used_at,
  };
}

/** Records use at most once a minute, so that a busy integration does not write on every call. */
export async function touchApiToken(db: Db, id: number): Promise<void> {
  await db
    .updateTable('api_tokens')
    .set({ last_used_at: sql`now()` })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', sql<Date>`now() - interval '1 minute'`)]))
    .execute();
}

export interface ApiTokenListing extends ApiToken {
  agency_code: string;
  agency_name_vi: string;
  agency_name_en: string | null;
}

/** Tokens, newest first; within a subtree when scopePath is given. Never the hash. */
export async function listApiTokens(db: Db, opts: { scopePath?: string } = {}): Promise<Omit<ApiTokenListing, 'token_hash'>[]> {
  let q = db
    .selectFrom('api_tokens as t')
    .innerJoin('agencies as a', 'a.id', 't.agency_id')
    .select([
      't.id',
      't.name',
      't.agency_id',
      't.scope',
      't.prefix',
      't.created_at',
      't.created_by',
      't.last_used_at',
      't.revoked_at',
      't.expires_at',
      'a.code as agency_code',
      'a.name_vi as agency_name_vi',
      'a.name_en as agency_name_en',
    ])
    .orderBy('t.id', 'desc');
  if (opts.scopePath) q = q.where('a.path', 'like', `${escapeLike(opts.scopePath)}%`);
  return q.execute();
}

/** A token by id, only when its agency lies in the subtree (a staff page's look-up). */
export async function findApiTokenInScope(db: Db, id: number, scopePath: string): Promise<ApiToken | undefined> {
  return db
    .selectFrom('api_tokens as t')
    .innerJoin('agencies as a', 'a.id', 't.agency_id')
    .selectAll('t')
    .where('t.id', '=', id)
    .where('a.path', 'like', `${escapeLike(scopePath)}%`)
    .executeTakeFirst();
}

/** Live tokens in the subtree that expire within `days` days from now (the staff home's count). */
export async function countTokensExpiring(db: Db, scopePath: string, days: number): Promise<number> {
  const row = await db
    .selectFrom('api_tokens as t')
    .innerJoin('agencies as a', 'a.id', 't.agency_id')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('a.path', 'like', `${escapeLike(scopePath)}%`)
    .where('t.revoked_at', 'is', null)
    .where('t.expires_at', '>', sql<Date>`now()`)
    .where('t.expires_at', '<=', sql<Date>`now() + make_interval(days => ${days})`)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Tokens matching an id ("12") or a prefix ("hl_ab12cd34" or "ab12cd34"). */
export async function findApiTokens(db: Db, idOrPrefix: string): Promise<ApiToken[]> {
  const s = idOrPrefix.trim();
  if (/^\d{1,15}$/.test(s)) return db.selectFrom('api_tokens').selectAll().where('id', '=', Number(s)).execute();
  const m = /^(?:hl_)?([0-9a-f]{8})(?:_.*)?$/.exec(s);
  if (!m) return [];
  return db.selectFrom('api_tokens').selectAll().where('prefix', '=', m[1]!).execute();
}

/** Revokes a token; returns false when it was already revoked. */
export async function revokeApiToken(db: Db, id: number): Promise<boolean> {
  const r = await db
    .updateTable('api_tokens')
    .set({ revoked_at: sql`now()` })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  forgetLookups();
  // returning, not numUpdatedRows: the PGlite dialect does not report affected rows.
  return r !== undefined;
}
