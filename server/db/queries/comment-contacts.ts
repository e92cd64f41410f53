// Contacts citizens leave, by choice, to be answered about their comment: kept in their own table,
// apart from the answers and the comment (invariant 6), and deleted when they expire
// (server/domain/contact-policy.ts).
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../schema.ts';
import { contactExpiry, expiryAfterClose } from '../../domain/contact-policy.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** The comment a contact would belong to: its province, and whether it exists at all. */
export async function commentOfResponse(db: Db, responseId: string): Promise<{ provinceId: number } | undefined> {
  const row = await db.selectFrom('response_comments').select('province_id').where('response_id', '=', responseId).executeTakeFirst();
  return row && { provinceId: Number(row.province_id) };
}

/** Stores (or replaces, when the citizen corrects it) the contact left for a comment. */
export async function saveContact(db: Db, c: { responseId: string; provinceId: number; contact: string; now: Date }): Promise<void> {
  await db
    .insertInto('comment_contacts')
    .values({
      response_id: c.responseId,
      province_id: c.provinceId,
      contact: c.contact,
      consented_at: c.now,
      expires_at: contactExpiry(c.now),
    })
    .onConflict((oc) => oc.column('response_id').doUpdateSet({ contact: c.contact, consented_at: c.now, expires_at: contactExpiry(c.now) }))
    .execute();
}

/** The comment is answered or closed: its contact is kept a little longer, then goes. */
export async function contactDoneWith(db: Db, responseId: string, at: Date): Promise<void> {
  const row = await db.selectFrom('comment_contacts').select('expires_at').where('response_id', '=', responseId).executeTakeFirst();
  if (!row) return;
  await db
    .updateTable('comment_contacts')
    .set({ expires_at: expiryAfterClose(row.expires_at, at) })
    .where('response_id', '=', responseId)
    .execute();
}

/** Deletes every contact past its expiry; returns how many went. */
export async function deleteExpiredContacts(db: Db, now: Date): Promise<number> {
  const r = await sql<{ n: number }>`
    with gone as (delete from comment_contacts where expires_at <= ${now} returning 1)
    select count(*)::int as n from gone`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}
