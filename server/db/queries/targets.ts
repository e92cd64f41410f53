// Targets (chỉ tiêu): a threshold for an index, per agency and period, e.g. "> 80%".
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { QuestionnaireDefinition } from '../../domain/questionnaire.ts';
import { effectiveTargets, indexCodesOf, nearestFirst, type IndexCodeOption } from '../../domain/targets.ts';
import type { Database, TargetsTable } from '../schema.ts';
import { escapeLike } from './agencies.ts';

type Db = Kysely<Database> | Transaction<Database>;
export type StoredTarget = Selectable<TargetsTable>;

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

export async function insertTargets(db: Db, targets: TargetInput[]): Promise<StoredTarget[]> {
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
export async function listTargetsOfAgency(db: Db, agencyId: number, from?: string, to?: string): Promise<StoredTarget[]> {
  let q = db.selectFrom('targets').selectAll().where('agency_id', '=', agencyId);
  if (to) q = q.where('period_from', '<=', to);
  if (from) q = q.where('period_to', '>=', from);
  return q.orderBy('period_from').orderBy('index_code').execute();
}

/** A target with the names the pages and the CLI show beside it. */
export interface TargetWithNames extends StoredTarget {
  agencyCode: string;
  agencyPath: string;
  agencyNameVi: string;
  agencyNameEn: string | null;
  questionnaireCode: string | null;
  questionnaireTitleVi: string | null;
  questionnaireTitleEn: string | null;
}

function targetRows(db: Db) {
  return db
    .selectFrom('targets as t')
    .innerJoin('agencies as a', 'a.id', 't.agency_id')
    .leftJoin('questionnaires as q', 'q.id', 't.questionnaire_id')
    .selectAll('t')
    .select([
      'a.code as agencyCode',
      'a.path as agencyPath',
      'a.name_vi as agencyNameVi',
      'a.name_en as agencyNameEn',
      'q.code as questionnaireCode',
      'q.title_vi as questionnaireTitleVi',
      'q.title_en as questionnaireTitleEn',
    ]);
}

/** Every target set for an agency of the subtree at scopePath, newest period first. */
export async function listTargetsInSubtree(db: Db, scopePath: string): Promise<TargetWithNames[]> {
  return targetRows(db)
    .where('a.path', 'like', `${escapeLike(scopePath)}%`)
    .orderBy('t.period_from', 'desc')
    .orderBy('t.index_code')
    .orderBy('t.id', 'desc')
    .execute();
}

/** A target by id, only if its agency lies in the subtree at scopePath. */
export async function findTargetInScope(db: Db, id: number, scopePath: string): Promise<TargetWithNames | undefined> {
  return targetRows(db)
    .where('t.id', '=', id)
    .where('a.path', 'like', `${escapeLike(scopePath)}%`)
    .executeTakeFirst();
}

/** What makes two targets the same target: a second one would only shadow the first. */
export type TargetKey = Pick<TargetInput, 'agencyId' | 'questionnaireId' | 'periodFrom' | 'periodTo' | 'indexCode'>;

/** The stored targets with this key (normally none or one). */
export async function findTargetsByKey(db: Db, k: TargetKey): Promise<StoredTarget[]> {
  return db
    .selectFrom('targets')
    .selectAll()
    .where('agency_id', '=', k.agencyId)
    .where(sql<boolean>`questionnaire_id is not distinct from ${k.questionnaireId}::bigint`)
    .where('period_from', '=', k.periodFrom)
    .where('period_to', '=', k.periodTo)
    .where('index_code', '=', k.indexCode)
    .orderBy('id')
    .execute();
}

export async function deleteTarget(db: Db, id: number): Promise<StoredTarget | undefined> {
  return db.deleteFrom('targets').where('id', '=', id).returningAll().executeTakeFirst();
}

/** Sets a stored target's comparator and threshold; returns whether anything changed. */
export async function updateTargetThreshold(db: Db, id: number, comparator: '>' | '>=', threshold: number): Promise<boolean> {
  const r = await db
    .updateTable('targets')
    .set({ comparator, threshold })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('comparator', '<>', comparator), eb('threshold', '<>', threshold)]))
    .returning('id')
    .executeTakeFirst();
  return r !== undefined;
}

/**
 * The effective targets (server/domain/targets.ts) of each agency for a questionnaire (null: only
 * targets for any questionnaire) and the period [from, to], per index code. Two queries whatever the
 * number of agencies: their paths, then every applicable target of them and their ancestors.
 * Agencies that do not exist are left out of the map; an agency without targets maps to an empty map.
 */
export async function resolveTargets(
  db: Db,
  agencyIds: readonly number[],
  questionnaireId: number | null,
  from: string,
  to: string,
): Promise<Map<number, Map<string, StoredTarget>>> {
  const out = new Map<number, Map<string, StoredTarget>>();
  if (agencyIds.length === 0) return out;
  const agencies = await sql<{ id: number; path: string }>`
    select id, path from agencies where id = any(${[...new Set(agencyIds)]}::bigint[])`.execute(db);
  const chains = new Map(agencies.rows.map((a) => [a.id, nearestFirst(a.path)]));
  const ids = [...new Set([...chains.values()].flat())];
  const candidates = await db
    .selectFrom('targets')
    .selectAll()
    .where(sql<boolean>`agency_id = any(${ids}::bigint[])`)
    .where('period_from', '<=', to)
    .where('period_to', '>=', from)
    .where((eb) =>
      questionnaireId === null
        ? eb('questionnaire_id', 'is', null)
        : eb.or([eb('questionnaire_id', 'is', null), eb('questionnaire_id', '=', questionnaireId)]),
    )
    .execute();
  const q = { questionnaireId, from, to };
  for (const id of agencyIds) {
    const chain = chains.get(id);
    if (chain) out.set(id, effectiveTargets(candidates, chain, q));
  }
  return out;
}

export interface QuestionnaireIndexCodes {
  id: number;
  code: string;
  titleVi: string;
  titleEn: string | null;
  /** Every index code any published version computes, the latest version's order first. */
  indexCodes: IndexCodeOption[];
}

/** The questionnaires with a published version, and the index codes a target may name for each. */
export async function listIndexCodes(db: Db): Promise<QuestionnaireIndexCodes[]> {
  const rows = await db
    .selectFrom('questionnaire_versions as v')
    .innerJoin('questionnaires as q', 'q.id', 'v.questionnaire_id')
    .select(['q.id', 'q.code', 'q.title_vi as titleVi', 'q.title_en as titleEn', 'v.definition'])
    .orderBy('q.code')
    .orderBy('v.version', 'desc')
    .execute();
  const byId = new Map<number, QuestionnaireIndexCodes>();
  for (const r of rows) {
    let entry = byId.get(r.id);
    if (!entry) byId.set(r.id, (entry = { id: r.id, code: r.code, titleVi: r.titleVi, titleEn: r.titleEn, indexCodes: [] }));
    const have = new Set(entry.indexCodes.map((c) => c.code));
    // Stored definitions were validated when published.
    for (const c of indexCodesOf(r.definition as QuestionnaireDefinition)) if (!have.has(c.code)) entry.indexCodes.push(c);
  }
  return [...byId.values()];
}
