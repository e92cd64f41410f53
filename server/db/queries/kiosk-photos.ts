// The officer's photo a kiosk shows beside its question.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

export async function setOfficerPhoto(
  db: Db,
  kioskId: number,
  contentType: 'image/jpeg' | 'image/png' | 'image/webp',
  bytes: Buffer,
): Promise<void> {
  await db
    .insertInto('kiosk_officer_photos')
    .values({ kiosk_id: kioskId, content_type: contentType, image_base64: bytes.toString('base64') })
    .onConflict((oc) =>
      oc.column('kiosk_id').doUpdateSet({ content_type: contentType, image_base64: bytes.toString('base64'), updated_at: new Date() }),
    )
    .execute();
}

export async function deleteOfficerPhoto(db: Db, kioskId: number): Promise<boolean> {
  const r = await db.deleteFrom('kiosk_officer_photos').where('kiosk_id', '=', kioskId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function findOfficerPhoto(
  db: Db,
  kioskId: number,
): Promise<{ contentType: string; bytes: Buffer; updatedAt: Date } | undefined> {
  const r = await db.selectFrom('kiosk_officer_photos').selectAll().where('kiosk_id', '=', kioskId).executeTakeFirst();
  return r && { contentType: r.content_type, bytes: Buffer.from(r.image_base64, 'base64'), updatedAt: r.updated_at };
}

/** When the photo last changed, to version its URL; undefined when there is none. */
export async function officerPhotoVersion(db: Db, kioskId: number): Promise<number | undefined> {
  const r = await db.selectFrom('kiosk_officer_photos').select('updated_at').where('kiosk_id', '=', kioskId).executeTakeFirst();
  return r ? r.updated_at.getTime() : undefined;
}
