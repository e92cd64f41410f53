// Improvement plans (kế hoạch khắc phục) of a staff user's subtree: the list (overdue ones by their
// deadline), one plan, its creation and update, the staff home's counts and the plans an export's
// section "Hạn chế và khắc phục" lists. A plan is in scope when its agency is.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, ImprovementPlan, PlanStatus } from '../schema.ts';
import { OPEN_PLAN_STATUSES } from '../../domain/improvement-plans.ts';
import { escapeLike } from './agencies.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface PlanInput {
  agencyId: number;
  provinceId: number;
  questionnaireId: number;
  questionnaireVersion: number | null;
  indexCode: string;
  periodFrom: string;
  periodTo: string;
  share: number | null;
  n: number;
  intervalLow: number | null;
  intervalHigh: number | null;
  targetComparator: '>' | '>=' | null;
  targetThreshold: number | null;
  weakness: string;
  measures: string;
  responsibleAgencyId: number;
  dueOn: string;
  createdBy: number | null;
}

export async function insertPlan(db: Db, p: PlanInput): Promise<ImprovementPlan> {
  return db
    .insertInto('improvement_plans')
    .values({
      agency_id: p.agencyId,
      province_id: p.provinceId,
      questionnaire_id: p.questionnaireId,
      questionnaire_version: p.questionnaireVersion,
      index_code: p.indexCode,
      period_from: p.periodFrom,
      period_to: p.periodTo,
      share: p.share,
      n: p.n,
      interval_low: p.intervalLow,
      interval_high: p.intervalHigh,
      target_comparator: p.targetComparator,
      target_threshold: p.targetThreshold,
      weakness: p.weakness,
      measures: p.measures,
      responsible_agency_id: p.responsibleAgencyId,
      due_on: p.dueOn,
      created_by: p.createdBy,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
    .then(numeric);
}

/** numeric columns arrive as numbers (decision 8); ids as numbers too, whatever the driver. */
function numeric<T extends ImprovementPlan>(p: T): T {
  const n = (v: number | null) => (v === null ? null : Number(v));
  return {
    ...p,
    id: Number(p.id),
    agency_id: Number(p.agency_id),
    province_id: Number(p.province_id),
    questionnaire_id: Number(p.questionnaire_id),
    responsible_agency_id: Number(p.responsible_agency_id),
    share: n(p.share),
    n: Number(p.n),
    interval_low: n(p.interval_low),
    interval_high: n(p.interval_high),
    target_threshold: n(p.target_threshold),
  };
}

export interface PlanRow extends ImprovementPlan {
  agencyCode: string;
  agencyNameVi: string;
  agencyNameEn: string | null;
  responsibleCode: string;
  responsibleNameVi: string;
  responsibleNameEn: string | null;
  questionnaireCode: string;
  questionnaireTitleVi: string;
  questionnaireTitleEn: string | null;
  createdByEmail: string | null;
  updatedByEmail: string | null;
}

function planQuery(db: Db) {
  return db
    .selectFrom('improvement_plans as p')
    .innerJoin('agencies as a', 'a.id', 'p.agency_id')
    .innerJoin('agencies as r', 'r.id', 'p.responsible_agency_id')
    .innerJoin('questionnaires as q', 'q.id', 'p.questionnaire_id')
    .leftJoin('users as c', 'c.id', 'p.created_by')
    .leftJoin('users as u', 'u.id', 'p.updated_by')
    .selectAll('p')
    .select([
      'a.code as agencyCode',
      'a.name_vi as agencyNameVi',
      'a.name_en as agencyNameEn',
      'r.code as responsibleCode',
      'r.name_vi as responsibleNameVi',
      'r.name_en as responsibleNameEn',
      'q.code as questionnaireCode',
      'q.title_vi as questionnaireTitleVi',
      'q.title_en as questionnaireTitleEn',
      'c.email as createdByEmail',
      'u.email as updatedByEmail',
    ]);
}

export async function findPlanInScope(db: Db, id: number, scopePath: string): Promise<PlanRow | undefined> {
  const row = await planQuery(db)
    .where('p.id', '=', id)
    .where('a.path', 'like', `${escapeLike(scopePath)}%`)
    .executeTakeFirst();
  return row && numeric(row);
}

export type PlanListStatus = PlanStatus | 'open' | 'overdue' | 'all';

/** The plans of a subtree: open ones first by deadline (overdue at the top), then the rest, newest deadline first. */
export async function listPlansInScope(db: Db, scopePath: string, status: PlanListStatus, today: string): Promise<PlanRow[]> {
  let q = planQuery(db).where('a.path', 'like', `${escapeLike(scopePath)}%`);
  if (status === 'open') q = q.where('p.status', 'in', [...OPEN_PLAN_STATUSES]);
  else if (status === 'overdue') q = q.where('p.status', 'in', [...OPEN_PLAN_STATUSES]).where('p.due_on', '<', today);
  else if (status !== 'all') q = q.where('p.status', '=', status);
  const rows = await q
    .orderBy(sql`case when p.status in ('planned', 'in_progress') then 0 else 1 end`)
    .orderBy(sql`case when p.status in ('planned', 'in_progress') then p.due_on end`)
    .orderBy('p.due_on', 'desc')
    .orderBy('p.id')
    .limit(1000)
    .execute();
  return rows.map(numeric);
}

export interface PlanUpdate {
  measures: string;
  responsibleAgencyId: number;
  dueOn: string;
  status: PlanStatus;
  outcome: string | null;
}

/** Writes a plan's changing parts; run it in the transaction that audits the change. */
export async function updatePlan(db: Db, id: number, u: PlanUpdate, by: number, now: Date): Promise<void> {
  await db
    .updateTable('improvement_plans')
    .set({
      measures: u.measures,
      responsible_agency_id: u.responsibleAgencyId,
      due_on: u.dueOn,
      status: u.status,
      outcome: u.outcome,
      updated_at: now,
      updated_by: by,
    })
    .where('id', '=', id)
    .execute();
}

/** The staff home's counts of a subtree's plans: still open, and open past their deadline. */
export async function planCounts(db: Db, scopePath: string, today: string): Promise<{ open: number; overdue: number }> {
  const r = await sql<{ open: number; overdue: number }>`
    select count(*)::int as open, count(*) filter (where p.due_on < ${today}::date)::int as overdue
    from improvement_plans p join agencies a on a.id = p.agency_id
    where a.path like ${`${escapeLike(scopePath)}%`} and p.status = any(${[...OPEN_PLAN_STATUSES]}::text[])`.execute(db);
  return { open: Number(r.rows[0]?.open ?? 0), overdue: Number(r.rows[0]?.overdue ?? 0) };
}

/**
 * The plans an export lists: in the agency's subtree, for weaknesses found in a period that overlaps
 * the export's, cancelled ones left out; by agency, then index.
 */
export async function plansForReport(db: Db, agencyPath: string, from: string, to: string): Promise<PlanRow[]> {
  const rows = await planQuery(db)
    .where('a.path', 'like', `${escapeLike(agencyPath)}%`)
    .where('p.status', '<>', 'cancelled')
    .where('p.period_from', '<=', to)
    .where('p.period_to', '>=', from)
    .orderBy('a.path')
    .orderBy('p.index_code')
    .orderBy('p.id')
    .limit(500)
    .execute();
  return rows.map(numeric);
}
