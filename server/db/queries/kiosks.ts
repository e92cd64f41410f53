// Kiosks as the coordinator keeps them: registering one (with its first pairing code), its settings,
// revoking it, and the lists and look-ups of the admin pages and the CLI. Pairing, the device's own
// requests, its ratings and the officer's photo have files of their own (kiosk-*.ts).
import type { Kysely, Transaction } from 'kysely';
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
async function insertKiosk(db: Db, k: KioskInput): Promise<{ id: number }> {
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

const DEFAULT_KIOSK_QUESTIONNAIRE = 'counter-quick';

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

export async function setKioskMinInterval(db: Db, kioskId: number, seconds: number): Promise<void> {
  await db.updateTable('kiosks').set({ min_interval_seconds: seconds }).where('id', '=', kioskId).execute();
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
