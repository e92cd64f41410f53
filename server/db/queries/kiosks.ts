// Kiosks and the link between a kiosk rating and the device (and officer) that took it. Secrets and
// pairing codes arrive here already hashed (server/domain/kiosk-pairing.ts).
import { sql, type Kysely, type Transaction } from 'kysely';
import { generatePairingCode, hashPairingCode, normalisePairingCode, pairingExpiresAt } from '../../domain/kiosk-pairing.ts';
import type { Database } from '../schema.ts';
import { escapeLike } from './agencies.ts';
import { audit } from './audit.ts';
import { ensureBuiltInQuestionnaires } from './questionnaires.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface KioskInput {
  name: string;
  servicePointId: number;
  questionnaireId: number;
  minIntervalSeconds?: number;
  officerName?: string | null;
  createdBy: number | null;
  pairingCodeHash: string;
  pairingExpiresAt: Date;
}

/** Registers a kiosk with its first pairing code; its province is its service point's. */
export async function insertKiosk(db: Db, k: KioskInput): Promise<{ id: number }> {
  const sp = await db
    .selectFrom('service_points')
    .select(['id', 'province_id'])
    .where('id', '=', k.servicePointId)
    .executeTakeFirstOrThrow();
  return db
    .insertInto('kiosks')
    .values({
      name: k.name,
      service_point_id: sp.id,
      province_id: sp.province_id,
      questionnaire_id: k.questionnaireId,
      ...(k.minIntervalSeconds === undefined ? {} : { min_interval_seconds: k.minIntervalSeconds }),
      officer_name: k.officerName ?? null,
      created_by: k.createdBy,
      pairing_code_hash: k.pairingCodeHash,
      pairing_expires_at: k.pairingExpiresAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** A service point with its agency's path, to check it lies in a subtree before placing a kiosk there. */
export async function findServicePointForKiosk(
  db: Db,
  servicePointId: number,
): Promise<{ id: number; code: string; nameVi: string; active: boolean; agencyPath: string } | undefined> {
  return db
    .selectFrom('service_points as sp')
    .innerJoin('agencies as a', 'a.id', 'sp.agency_id')
    .where('sp.id', '=', servicePointId)
    .select(['sp.id', 'sp.code', 'sp.name_vi as nameVi', 'sp.active', 'a.path as agencyPath'])
    .executeTakeFirst();
}

export const DEFAULT_KIOSK_QUESTIONNAIRE = 'counter-quick';

/** The questionnaire a new kiosk shows unless told otherwise. */
export async function defaultKioskQuestionnaireId(db: Db): Promise<number> {
  const find = () => db.selectFrom('questionnaires').select('id').where('code', '=', DEFAULT_KIOSK_QUESTIONNAIRE).executeTakeFirst();
  let q = await find();
  // A database that never started the server has no built-ins yet; they are content, not options.
  if (!q) {
    await ensureBuiltInQuestionnaires(db);
    q = await find();
  }
  if (!q) throw new Error(`the built-in questionnaire ${DEFAULT_KIOSK_QUESTIONNAIRE} is missing`);
  return q.id;
}

export interface Registration {
  servicePointId: number;
  name: string;
  questionnaireId?: number;
  createdBy?: number | null;
  /** Who registered it when there is no user: 'cli'. */
  actorLabel?: string | null;
  ip?: string | null;
}

/** Registers a kiosk, audited, and returns its first pairing code (shown once, valid 15 minutes). */
export async function registerKiosk(
  db: Db,
  r: Registration,
  now = new Date(),
): Promise<{ kioskId: number; code: string; expiresAt: Date }> {
  const questionnaireId = r.questionnaireId ?? (await defaultKioskQuestionnaireId(db));
  const code = generatePairingCode();
  const expiresAt = pairingExpiresAt(now);
  const work = async (tx: Db) => {
    const { id } = await insertKiosk(tx, {
      name: r.name,
      servicePointId: r.servicePointId,
      questionnaireId,
      createdBy: r.createdBy ?? null,
      pairingCodeHash: hashPairingCode(normalisePairingCode(code)!),
      pairingExpiresAt: expiresAt,
    });
    const sp = await tx
      .selectFrom('service_points')
      .select(['code', 'agency_id'])
      .where('id', '=', r.servicePointId)
      .executeTakeFirstOrThrow();
    await audit(tx, {
      action: 'kiosk.register',
      actorUserId: r.createdBy ?? null,
      actorLabel: r.actorLabel ?? null,
      agencyId: sp.agency_id,
      ip: r.ip ?? null,
      details: { kioskId: id, name: r.name, servicePoint: sp.code, expiresAt: expiresAt.toISOString() },
    });
    return id;
  };
  const kioskId = db.isTransaction ? await work(db) : await db.transaction().execute(work);
  return { kioskId, code, expiresAt };
}

/** A fresh code for a kiosk that is not revoked; undefined when it is. */
export async function issuePairingCode(db: Db, kioskId: number, now = new Date()): Promise<{ code: string; expiresAt: Date } | undefined> {
  const code = generatePairingCode();
  const expiresAt = pairingExpiresAt(now);
  return (await setPairingCode(db, kioskId, hashPairingCode(normalisePairingCode(code)!), expiresAt)) ? { code, expiresAt } : undefined;
}

export async function setKioskMinInterval(db: Db, kioskId: number, seconds: number): Promise<void> {
  await db.updateTable('kiosks').set({ min_interval_seconds: seconds }).where('id', '=', kioskId).execute();
}

/** A new pairing code for a kiosk that is not revoked (it replaces any earlier code). */
export async function setPairingCode(db: Db, kioskId: number, codeHash: string, expiresAt: Date): Promise<boolean> {
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

/** Revokes at once; false when it already was. The pending code goes too. */
export async function revokeKiosk(db: Db, kioskId: number, at = new Date()): Promise<boolean> {
  const r = await db
    .updateTable('kiosks')
    .set({ revoked_at: at, pairing_code_hash: null, pairing_expires_at: null })
    .where('id', '=', kioskId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export interface KioskSettings {
  name: string;
  questionnaireId: number;
  minIntervalSeconds: number;
  officerName: string | null;
}

export async function updateKioskSettings(db: Db, kioskId: number, s: KioskSettings): Promise<boolean> {
  const r = await db
    .updateTable('kiosks')
    .set({ name: s.name, questionnaire_id: s.questionnaireId, min_interval_seconds: s.minIntervalSeconds, officer_name: s.officerName })
    .where('id', '=', kioskId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** A kiosk as the admin list and the CLI show it. */
export interface KioskRow {
  id: number;
  name: string;
  servicePointId: number;
  servicePointCode: string;
  servicePointNameVi: string;
  servicePointNameEn: string | null;
  agencyId: number;
  agencyCode: string;
  agencyNameVi: string;
  agencyNameEn: string | null;
  agencyPath: string;
  questionnaireId: number;
  questionnaireCode: string;
  minIntervalSeconds: number;
  officerName: string | null;
  pairingExpiresAt: Date | null;
  pairedAt: Date | null;
  revokedAt: Date | null;
  lastSeenAt: Date | null;
  appVersion: string | null;
  queueLength: number | null;
  /** Ratings the server refused for good, kept aside on the device (its last heartbeat). */
  rejectedCount: number | null;
  createdAt: Date;
}

function kioskRows(db: Db) {
  return db
    .selectFrom('kiosks as k')
    .innerJoin('service_points as sp', 'sp.id', 'k.service_point_id')
    .innerJoin('agencies as a', 'a.id', 'sp.agency_id')
    .innerJoin('questionnaires as q', 'q.id', 'k.questionnaire_id')
    .select([
      'k.id',
      'k.name',
      'sp.id as servicePointId',
      'sp.code as servicePointCode',
      'sp.name_vi as servicePointNameVi',
      'sp.name_en as servicePointNameEn',
      'a.id as agencyId',
      'a.code as agencyCode',
      'a.name_vi as agencyNameVi',
      'a.name_en as agencyNameEn',
      'a.path as agencyPath',
      'q.id as questionnaireId',
      'q.code as questionnaireCode',
      'k.min_interval_seconds as minIntervalSeconds',
      'k.officer_name as officerName',
      'k.pairing_expires_at as pairingExpiresAt',
      'k.paired_at as pairedAt',
      'k.revoked_at as revokedAt',
      'k.last_seen_at as lastSeenAt',
      'k.app_version as appVersion',
      'k.queue_length as queueLength',
      'k.rejected_count as rejectedCount',
      'k.created_at as createdAt',
    ]);
}

/** The kiosks of the service points of a subtree (invariant 5), by agency path then name. */
export async function listKiosksInSubtree(db: Db, rootPath: string): Promise<KioskRow[]> {
  return kioskRows(db)
    .where('a.path', 'like', `${escapeLike(rootPath)}%`)
    .orderBy('a.path')
    .orderBy('sp.code')
    .orderBy('k.id')
    .execute();
}

export async function listAllKiosks(db: Db): Promise<KioskRow[]> {
  return kioskRows(db).orderBy('k.id').execute();
}

export async function findKiosk(db: Db, kioskId: number): Promise<KioskRow | undefined> {
  return kioskRows(db).where('k.id', '=', kioskId).executeTakeFirst();
}

/** The kiosk if its service point lies in the subtree; outside and absent look the same. */
export async function findKioskInScope(db: Db, kioskId: number, rootPath: string): Promise<KioskRow | undefined> {
  return kioskRows(db)
    .where('k.id', '=', kioskId)
    .where('a.path', 'like', `${escapeLike(rootPath)}%`)
    .executeTakeFirst();
}

/**
 * The counted rating of a kiosk nearest to `at` inside the open window (from, to), other than the
 * rating itself (a resend must not collide with its own first delivery).
 */
export async function nearestCountedRating(
  db: Db,
  kioskId: number,
  at: Date,
  window: { from: Date; to: Date },
  exceptId: string,
): Promise<Date | null> {
  const r = await db
    .selectFrom('kiosk_ratings')
    .select('submitted_at')
    .where('kiosk_id', '=', kioskId)
    .where('counted', '=', true)
    .where('submitted_at', '>', window.from)
    .where('submitted_at', '<', window.to)
    .where('response_id', '<>', exceptId)
    .orderBy(sql`abs(extract(epoch from (submitted_at - ${at}::timestamptz)))`)
    .limit(1)
    .executeTakeFirst();
  return r ? r.submitted_at : null;
}

/** Advisory lock class of a kiosk's ratings (with the kiosk id as the second key). */
const KIOSK_RATINGS_LOCK = 110_001;

/**
 * Serialises the ratings of one kiosk across every app instance until the transaction ends: the
 * minimum-interval decision reads the kiosk's counted ratings and writes one, and two instances
 * deciding at once would both see the other as absent.
 */
export async function lockKioskRatings(trx: Transaction<Database>, kioskId: number): Promise<void> {
  await sql`select pg_advisory_xact_lock(${KIOSK_RATINGS_LOCK}::int, ${kioskId}::int)`.execute(trx);
}

export interface RatingLink {
  responseId: string;
  kioskId: number;
  provinceId: number;
  submittedAt: Date;
  counted: boolean;
  officerName: string | null;
}

/** Links a stored rating to its kiosk; a second call for the same response changes nothing. */
export async function linkRating(db: Db, l: RatingLink): Promise<void> {
  await db
    .insertInto('kiosk_ratings')
    .values({
      response_id: l.responseId,
      kiosk_id: l.kioskId,
      province_id: l.provinceId,
      submitted_at: l.submittedAt,
      counted: l.counted,
      officer_name: l.officerName,
    })
    .onConflict((oc) => oc.column('response_id').doNothing())
    .execute();
}

// ---- the officer's photo -------------------------------------------------------------------------

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
