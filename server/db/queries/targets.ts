// Targets (chỉ tiêu): a threshold for an index, per agency and period, e.g. "> 80%".
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, TargetsTable } from '../schema.ts';

type Db = Kysely<Database> | Transaction<Database>;
export type Target = Selectable<TargetsTable>;

export interface TargetInput {
  agencyId: number;
  /** Null: the target applies whatever questionnaire computes the index. */
  questionnaireId: number | null;
  periodFrom: string;
  periodTo: string;
  indexCode: string;
  comparator: '>' | '>=';
  /** A share between 0 and 1: 0.8 for "80%". */
  threshold: number;
  createdBy?: number | null;
}

export async function insertTargets(db: Db, targets: TargetInput[]): Promise<Target[]> {
  if (targets.length === 0) return [];
  return db
    .insertInto('targets')
    .values(
      targets.map((t) => ({
        agency_id: t.agencyId,
        questionnaire_id: t.questionnaireId,
        period_from: t.periodFrom,
        period_to: t.periodTo,
        index_code: t.indexCode,
        comparator: t.comparator,
        threshold: t.threshold,
        created_by: t.createdBy ?? null,
      })),
    )
    .returningAll()
    .execute();
}

/** The targets of an agency whose period overlaps [from, to] (YYYY-MM-DD). */
export async function listTargetsOfAgency(db: Db, agencyId: number, from?: string, to?: string): Promise<Target[]> {
  let q = db.selectFrom('targets').selectAll().where('agency_id', '=', agencyId);
  if (to) q = q.where('period_from', '<=', to);
  if (from) q = q.where('period_to', '>=', from);
  return q.orderBy('period_from').orderBy('index_code').execute();
}
