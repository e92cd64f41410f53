// What a paired kiosk's own requests read and write: the kiosk behind a device secret (already
// hashed, server/domain/kiosk-pairing.ts) and its heartbeat.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** What a device request needs to know about its kiosk. */
export interface KioskDevice {
  id: number;
  name: string;
  revokedAt: Date | null;
  provinceId: number;
  minIntervalSeconds: number;
  officerName: string | null;
  questionnaireId: number;
  questionnaireCode: string;
  servicePoint: { id: number; code: string; nameVi: string; nameEn: string | null };
  agency: { id: number; nameVi: string; nameEn: string | null };
}

export async function findKioskBySecretHash(db: Db, secretHash: string): Promise<KioskDevice | undefined> {
  const r = await db
    .selectFrom('kiosks as k')
    .innerJoin('service_points as sp', 'sp.id', 'k.service_point_id')
    .innerJoin('agencies as a', 'a.id', 'sp.agency_id')
    .innerJoin('questionnaires as q', 'q.id', 'k.questionnaire_id')
    .where('k.secret_hash', '=', secretHash)
    .select([
      'k.id',
      'k.name',
      'k.revoked_at',
      'k.province_id',
      'k.min_interval_seconds',
      'k.officer_name',
      'k.questionnaire_id',
      'q.code as questionnaire_code',
      'sp.id as sp_id',
      'sp.code as sp_code',
      'sp.name_vi as sp_name_vi',
      'sp.name_en as sp_name_en',
      'a.id as agency_id',
      'a.name_vi as agency_name_vi',
      'a.name_en as agency_name_en',
    ])
    .executeTakeFirst();
  return (
    r && {
      id: r.id,
      name: r.name,
      revokedAt: r.revoked_at,
      provinceId: r.province_id,
      minIntervalSeconds: r.min_interval_seconds,
      officerName: r.officer_name,
      questionnaireId: r.questionnaire_id,
      questionnaireCode: r.questionnaire_code,
      servicePoint: { id: r.sp_id, code: r.sp_code, nameVi: r.sp_name_vi, nameEn: r.sp_name_en },
      agency: { id: r.agency_id, nameVi: r.agency_name_vi, nameEn: r.agency_name_en },
    }
  );
}

export async function recordHeartbeat(
  db: Db,
  kioskId: number,
  h: { appVersion: string | null; queueLength: number; rejectedCount?: number | undefined; at: Date },
): Promise<void> {
  await db
    .updateTable('kiosks')
    // A device too old to report its refused ratings leaves the last count as it was.
    .set({
      last_seen_at: h.at,
      app_version: h.appVersion,
      queue_length: h.queueLength,
      ...(h.rejectedCount === undefined ? {} : { rejected_count: h.rejectedCount }),
    })
    .where('id', '=', kioskId)
    .execute();
}
