// Pairing a kiosk: a fresh one-time code for a kiosk, and the code exchanged for the device's secret.
// Secrets and pairing codes arrive here already hashed (server/domain/kiosk-pairing.ts).
import type { Kysely, Transaction } from 'kysely';
import { generatePairingCode, hashPairingCode, normalisePairingCode, pairingExpiresAt } from '../../domain/kiosk-pairing.ts';
import type { Database } from '../schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** A fresh code for a kiosk that is not revoked; undefined when it is. */
export async function issuePairingCode(db: Db, kioskId: number, now = new Date()): Promise<{ code: string; expiresAt: Date } | undefined> {
  const code = generatePairingCode();
  const expiresAt = pairingExpiresAt(now);
  return (await setPairingCode(db, kioskId, hashPairingCode(normalisePairingCode(code)!), expiresAt)) ? { code, expiresAt } : undefined;
}

/** A new pairing code for a kiosk that is not revoked (it replaces any earlier code). */
async function setPairingCode(db: Db, kioskId: number, codeHash: string, expiresAt: Date): Promise<boolean> {
  const r = await db
    .updateTable('kiosks')
    .set({ pairing_code_hash: codeHash, pairing_expires_at: expiresAt })
    .where('id', '=', kioskId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export type PairOutcome = { ok: true; kioskId: number; agencyId: number; name: string } | { ok: false; reason: 'unknown' | 'expired' };

/**
 * Exchanges a pairing code for a device secret in one statement, so a code pairs one device only
 * however many open it at once. A code already used leaves no trace: it reads as unknown.
 */
export async function consumePairingCode(db: Db, codeHash: string, secretHash: string, now: Date): Promise<PairOutcome> {
  const paired = await db
    .updateTable('kiosks')
    .set({ secret_hash: secretHash, paired_at: now, pairing_code_hash: null, pairing_expires_at: null })
    .where('pairing_code_hash', '=', codeHash)
    .where('pairing_expires_at', '>', now)
    .where('revoked_at', 'is', null)
    .returning(['id', 'name', 'service_point_id'])
    .executeTakeFirst();
  if (paired) {
    const sp = await db
      .selectFrom('service_points')
      .select('agency_id')
      .where('id', '=', paired.service_point_id)
      .executeTakeFirstOrThrow();
    return { ok: true, kioskId: paired.id, agencyId: sp.agency_id, name: paired.name };
  }
  const known = await db.selectFrom('kiosks').select('id').where('pairing_code_hash', '=', codeHash).executeTakeFirst();
  return { ok: false, reason: known ? 'expired' : 'unknown' };
}
