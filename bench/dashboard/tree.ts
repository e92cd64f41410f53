// The synthetic province of bench/dashboard, made through the app's own query functions: one
// province, LEVEL_ONE departments and communes under it, the rest of the units spread under those,
// a service point per unit, a SIPAS campaign per year, province and department targets, a staff
// user who reads results for the whole province and a 'read' API token.
import type { Kysely } from 'kysely';
import { insertAgency } from '../../server/db/queries/agencies.ts';
import { createApiToken } from '../../server/db/queries/api-tokens.ts';
import { insertCampaign } from '../../server/db/queries/campaigns.ts';
import { ensureBuiltInQuestionnaires, findQuestionnaireVersion } from '../../server/db/queries/questionnaires.ts';
import { insertServicePoint } from '../../server/db/queries/service-points.ts';
import { insertTargets, type TargetInput } from '../../server/db/queries/targets.ts';
import { insertUser } from '../../server/db/queries/users.ts';
import type { Database } from '../../server/db/schema.ts';
import { hashPassword } from '../../server/domain/passwords.ts';
import { Random } from '../../server/demo/random.ts';
import type { PlannedAgency } from './generate.ts';

export const LEVEL_ONE = 30;
export const PROVINCE_CODE = 'BT';
export const STAFF_EMAIL = 'bench-dashboard@example.vn';
export const STAFF_PASSWORD = 'mật-khẩu-bench-dashboard-đủ-dài';
const FIELDS = ['land', 'environment', 'construction', 'transport', 'business', 'justice', 'labour', 'agriculture', 'culture'] as const;

export interface Province {
  provinceId: number;
  sipasVersionId: number;
  quickVersionId: number;
  campaigns: Record<string, number>;
  agencies: PlannedAgency[];
  /** Total rows in agencies (province and level one included). */
  agencyCount: number;
  token: string;
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');

/** `units` units below LEVEL_ONE agencies below one province; `years` gets a campaign and targets each. */
export async function createProvince(db: Kysely<Database>, units: number, years: string[], seed: string): Promise<Province> {
  const rng = new Random(`${seed}:tree`);
  await ensureBuiltInQuestionnaires(db);
  const sipas = (await findQuestionnaireVersion(db, 'sipas-2017'))!;
  const quick = (await findQuestionnaireVersion(db, 'counter-quick'))!;
  const agency = (code: string, parentId: number | null, nameVi: string, kind: 'province' | 'department' | 'commune' | 'unit' | 'branch') =>
    insertAgency(db, { code, parentId, nameVi, nameEn: null, kind, validFrom: null, validTo: null });
  const province = await agency(PROVINCE_CODE, null, 'Tỉnh Thử Nghiệm', 'province');
  const planned: PlannedAgency[] = [];
  const levelOne: number[] = [];
  const perParent = Math.ceil(units / LEVEL_ONE);
  let made = 0;
  let count = 1;
  for (let i = 1; i <= LEVEL_ONE; i++) {
    const commune = i > (LEVEL_ONE * 2) / 3;
    const code = `${PROVINCE_CODE}-${commune ? 'X' : 'S'}${pad(i, 2)}`;
    const parent = await agency(code, province.id, commune ? `Xã Thử ${i}` : `Sở Thử ${i}`, commune ? 'commune' : 'department');
    count++;
    levelOne.push(parent.id);
    const fields = rng.weightedDistinct(
      FIELDS.map((f) => [f, 1] as const),
      2,
    );
    const quality = 0.7 + rng.next() * 0.22;
    // The parent's own counter takes citizens too.
    const ownPoint = await insertServicePoint(db, {
      code: `${code}-MC`,
      agencyId: parent.id,
      nameVi: `Bộ phận một cửa ${code}`,
      nameEn: null,
    });
    planned.push({ id: parent.id, provinceId: province.id, servicePointId: ownPoint.id, weight: 3, quality, fields });
    for (let j = 1; j <= perParent && made < units; j++, made++) {
      const unitCode = `${code}-${pad(j, 3)}`;
      const unit = await agency(unitCode, parent.id, `Đơn vị ${unitCode}`, commune ? 'branch' : 'unit');
      count++;
      const point = await insertServicePoint(db, { code: `${unitCode}-MC`, agencyId: unit.id, nameVi: `Quầy ${unitCode}`, nameEn: null });
      planned.push({
        id: unit.id,
        provinceId: province.id,
        servicePointId: point.id,
        // A few busy units and many quiet ones, as in a real province.
        weight: Math.exp(rng.normal(0, 0.8)),
        quality: clampQuality(quality + rng.normal(0, 0.06)),
        fields: rng.chance(0.7) ? [rng.pick(fields)] : fields,
      });
    }
  }
  const campaigns: Record<string, number> = {};
  const targets: TargetInput[] = [];
  for (const year of years) {
    const c = await insertCampaign(db, {
      code: `${PROVINCE_CODE}-SIPAS-${year}`,
      nameVi: `Đo lường sự hài lòng năm ${year}`,
      nameEn: null,
      questionnaireVersionId: sipas.versionId,
      provinceId: province.id,
      startsOn: `${year}-01-01`,
      endsOn: `${year}-12-31`,
      channels: ['online', 'paper', 'api'],
      agencyIds: [province.id],
    });
    campaigns[year] = c.id;
    const period = { periodFrom: `${year}-01-01`, periodTo: `${year}-12-31`, comparator: '>=' as const };
    targets.push({ ...period, agencyId: province.id, questionnaireId: null, indexCode: 'overall', threshold: 0.8 });
    for (const e of ['E1', 'E2', 'E3', 'E4', 'E5'])
      targets.push({ ...period, agencyId: province.id, questionnaireId: sipas.questionnaireId, indexCode: e, threshold: 0.75 });
    for (const id of levelOne) targets.push({ ...period, agencyId: id, questionnaireId: null, indexCode: 'overall', threshold: 0.85 });
  }
  await insertTargets(db, targets);
  await insertUser(db, {
    email: STAFF_EMAIL,
    displayName: 'Bench',
    passwordHash: await hashPassword(STAFF_PASSWORD),
    role: 'manager',
    agencyId: province.id,
    createdBy: null,
  });
  const { token } = await createApiToken(db, { name: 'bench-dashboard', agencyId: province.id, scope: 'read' });
  return {
    provinceId: province.id,
    sipasVersionId: sipas.versionId,
    quickVersionId: quick.versionId,
    campaigns,
    agencies: planned,
    agencyCount: count,
    token,
  };
}

const clampQuality = (q: number) => Math.min(0.97, Math.max(0.45, q));
