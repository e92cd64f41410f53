// Creates the demo province in one transaction: the agency tree with its former Ninh Thuận units,
// service points, one campaign per built-in questionnaire, targets, staff accounts, the synthetic
// responses and the publication of its results. Either all of it lands or nothing does.
import type { Kysely } from 'kysely';
import type { Database, Role } from '../db/schema.ts';
import { findAgencyByCode, insertAgency } from '../db/queries/agencies.ts';
import { audit } from '../db/queries/audit.ts';
import { insertCampaign } from '../db/queries/campaigns.ts';
import { ensureBuiltInQuestionnaires, findQuestionnaireVersion, type PublishedVersion } from '../db/queries/questionnaires.ts';
import { setPublished } from '../db/queries/publication.ts';
import { insertResponses } from '../db/queries/responses.ts';
import { insertServicePoint } from '../db/queries/service-points.ts';
import { insertTargets, type TargetInput } from '../db/queries/targets.ts';
import { insertUser } from '../db/queries/users.ts';
import { generatePassword, hashPassword } from '../domain/passwords.ts';
import { questionList } from '../domain/questionnaire.ts';
import { localDay } from '../i18n/format.ts';
import type { DemoAccount } from './accounts-file.ts';
import { monthsBefore } from './calendar.ts';
import { planServed } from './served.ts';
import { writeServed } from '../db/queries/served.ts';
import { DEMO_UNITS, FORMER_PROVINCE_CODE, PROVINCE_CODE } from './province.ts';
import { planResponses, type PlannedUnit } from './responses.ts';

const DEMO_SEED = 'hai-long-khanh-hoa';
export const DEMO_RESPONSES = 20_000;
const DEMO_MONTHS = 24;
const SIPAS_CODE = 'sipas-2017';
const QUICK_CODE = 'counter-quick';

export interface DemoOptions {
  seed?: string;
  /** How many responses; tests use a few hundred. */
  responses?: number;
  months?: number;
  /** The end of the generated history. */
  now?: Date;
  /** Recorded in the audit log: 'system' at first start, 'cli' from `hailong demo`. */
  actorLabel?: string;
}

export interface DemoResult {
  provinceId: number;
  accounts: DemoAccount[];
  agencies: number;
  servicePoints: number;
  responses: number;
  /** Wall time of the whole creation, and of generating and inserting the responses. */
  ms: { total: number; responses: number };
}

export class DemoExistsError extends Error {
  constructor(readonly code: string) {
    super(`the demo province ${code} already exists`);
    this.name = 'DemoExistsError';
  }
}

const USERS: { role: Role; local: string; agency: string; displayName: string }[] = [
  { role: 'admin', local: 'admin', agency: PROVINCE_CODE, displayName: 'Quản trị viên (dữ liệu mẫu)' },
  // The provincial coordinator works at Sở Nội vụ but manages the whole province.
  { role: 'coordinator', local: 'coordinator', agency: PROVINCE_CODE, displayName: 'Điều phối viên — Sở Nội vụ' },
  { role: 'manager', local: 'manager', agency: 'KHA-SXD', displayName: 'Lãnh đạo Sở Xây dựng' },
  { role: 'clerk', local: 'clerk', agency: 'KHA-TTPVHCC', displayName: 'Cán bộ nhập phiếu — Trung tâm Phục vụ hành chính công' },
];
const DEMO_EMAIL_DOMAIN = 'demo.hailong.vn';

export async function demoExists(db: Kysely<Database>): Promise<boolean> {
  return (await findAgencyByCode(db, PROVINCE_CODE)) !== undefined;
}

export async function createDemo(db: Kysely<Database>, opts: DemoOptions = {}): Promise<DemoResult> {
  const started = performance.now();
  const seed = opts.seed ?? DEMO_SEED;
  const now = opts.now ?? new Date();
  const months = opts.months ?? DEMO_MONTHS;
  const total = opts.responses ?? DEMO_RESPONSES;
  if (await demoExists(db)) throw new DemoExistsError(PROVINCE_CODE);
  await ensureBuiltInQuestionnaires(db);
  const sipas = await builtIn(db, SIPAS_CODE);
  const quick = await builtIn(db, QUICK_CODE);

  // Hashing is deliberately slow: done before the transaction so that it holds no locks meanwhile.
  const accounts = await Promise.all(
    USERS.map(async (u) => {
      const password = generatePassword();
      return { ...u, email: `${u.local}@${DEMO_EMAIL_DOMAIN}`, password, hash: await hashPassword(password) };
    }),
  );

  return db.transaction().execute(async (trx) => {
    const ids = new Map<string, { id: number; provinceId: number }>();
    const units: PlannedUnit[] = [];
    let servicePoints = 0;
    for (const unit of DEMO_UNITS) {
      const a = await insertAgency(trx, {
        code: unit.code,
        parentId: unit.parent === null ? null : ids.get(unit.parent)!.id,
        nameVi: unit.nameVi,
        nameEn: unit.nameEn,
        kind: unit.kind,
        validFrom: unit.validFrom,
        validTo: unit.validTo,
        successorId: unit.successor === null ? null : ids.get(unit.successor)!.id,
      });
      const provinceId = a.province_id ?? a.id;
      ids.set(unit.code, { id: a.id, provinceId });
      const planned: PlannedUnit = { unit, agencyId: a.id, provinceId, servicePoints: [] };
      for (const sp of unit.servicePoints) {
        const row = await insertServicePoint(trx, { code: sp.code, agencyId: a.id, nameVi: sp.nameVi, nameEn: sp.nameEn });
        planned.servicePoints.push({
          id: row.id,
          code: sp.code,
          weight: sp.weight,
          offset: sp.offset ?? 0,
          fields: sp.fields ?? unit.fields,
        });
        servicePoints++;
      }
      units.push(planned);
    }
    const province = ids.get(PROVINCE_CODE)!;

    const userIds = new Map<Role, number>();
    for (const u of accounts) {
      const row = await insertUser(trx, {
        email: u.email,
        displayName: u.displayName,
        passwordHash: u.hash,
        role: u.role,
        agencyId: ids.get(u.agency)!.id,
        createdBy: null,
      });
      userIds.set(u.role, row.id);
    }
    const admin = userIds.get('admin') ?? null;

    const year = Number(localDay(now).slice(0, 4));
    const first = monthsBefore(now, months);
    const campaignOf = async (
      code: string,
      nameVi: string,
      nameEn: string,
      version: PublishedVersion,
      channels: ('kiosk' | 'online' | 'paper' | 'api')[],
    ) =>
      insertCampaign(trx, {
        code,
        nameVi,
        nameEn,
        questionnaireVersionId: version.versionId,
        provinceId: province.id,
        startsOn: first,
        endsOn: `${year}-12-31`,
        channels,
        createdBy: admin,
        agencyIds: [province.id],
      });
    const sipasCampaign = await campaignOf(
      `KHA-SIPAS-${year}`,
      'Khảo sát sự hài lòng của người dân, tổ chức (SIPAS) — Tỉnh Khánh Hòa',
      'Citizen satisfaction survey (SIPAS) — Khánh Hòa Province',
      sipas,
      ['online', 'paper', 'api'],
    );
    const quickCampaign = await campaignOf(
      `KHA-QUAY-${year}`,
      'Đánh giá nhanh tại quầy — Tỉnh Khánh Hòa',
      'Quick rating at the counter — Khánh Hòa Province',
      quick,
      ['kiosk'],
    );

    // The demo shows what citizens would see, so its province publishes its results (/ket-qua).
    await setPublished(trx, PROVINCE_CODE, true);
    await insertTargets(trx, demoTargets(ids, Number(first.slice(0, 4)), year, sipas.questionnaireId, quick.questionnaireId, admin));

    const responsesStarted = performance.now();
    const rows = planResponses({
      seed,
      now,
      months,
      total,
      sipas: { versionId: sipas.versionId, campaignId: sipasCampaign.id, items: questionList(sipas.definition) },
      quick: { versionId: quick.versionId, campaignId: quickCampaign.id, items: questionList(quick.definition) },
      units,
    });
    await insertResponses(trx, rows);
    const responsesMs = performance.now() - responsesStarted;
    // The people served, for the response rate (issue 16 point 4).
    const served = await writeServed(trx, planServed(seed, now, units, rows, first), { source: 'csv', userId: null, tokenId: null });

    await audit(trx, {
      action: 'demo.create',
      actorLabel: opts.actorLabel ?? 'system',
      agencyId: province.id,
      details: { seed, responses: rows.length, months, servedRows: served.length },
    });
    return {
      provinceId: province.id,
      accounts: accounts.map((u) => ({ role: u.role, email: u.email, password: u.password, agencyCode: u.agency })),
      agencies: ids.size,
      servicePoints,
      responses: rows.length,
      ms: { total: Math.round(performance.now() - started), responses: Math.round(responsesMs) },
    };
  });
}

async function builtIn(db: Kysely<Database>, code: string): Promise<PublishedVersion> {
  const v = await findQuestionnaireVersion(db, code);
  if (!v) throw new Error(`built-in questionnaire ${code} is not published`);
  return v;
}

/** "Trên 80%" for the province's SIPAS index, "≥ 85%" at the counters and for a few units, each year. */
function demoTargets(
  ids: Map<string, { id: number }>,
  fromYear: number,
  toYear: number,
  sipasId: number,
  quickId: number,
  createdBy: number | null,
): TargetInput[] {
  const out: TargetInput[] = [];
  const add = (code: string, questionnaireId: number, comparator: '>' | '>=', threshold: number, from: string, to: string) =>
    out.push({
      agencyId: ids.get(code)!.id,
      questionnaireId,
      periodFrom: from,
      periodTo: to,
      indexCode: 'overall',
      comparator,
      threshold,
      createdBy,
    });
  for (let y = fromYear; y <= toYear; y++) {
    const from = `${y}-01-01`;
    const to = `${y}-12-31`;
    add(PROVINCE_CODE, sipasId, '>', 0.8, from, to);
    add(PROVINCE_CODE, quickId, '>=', 0.85, from, to);
    add('KHA-TTPVHCC', quickId, '>=', 0.85, from, to);
    add('KHA-STP', sipasId, '>=', 0.85, from, to);
    add('KHA-SXD', sipasId, '>=', 0.85, from, to);
    if (y <= 2025) add(FORMER_PROVINCE_CODE, sipasId, '>', 0.8, from, y === 2025 ? '2025-06-30' : to);
  }
  return out;
}
