// Writes an agency CSV: everything in one transaction, or nothing when any row is wrong.
import { sql, type Kysely } from 'kysely';
import {
  parseAgencyCsv,
  planAgencyImport,
  referencedCodes,
  scopeErrors,
  type AgencyImportError,
  type AgencyImportStep,
} from '../../domain/agency-import.ts';
import type { Database } from '../schema.ts';
import { rebuildSubtreeRollups } from './results-write.ts';
import { agencyRefs, insertAgency, moveAgency, setAgencySuccessor, updateAgencyDetails } from './agencies.ts';
import { audit } from './audit.ts';

export interface AgencyImportCounts {
  rows: number;
  created: number;
  updated: number;
  moved: number;
  unchanged: number;
}

export type AgencyImportResult = { ok: true; counts: AgencyImportCounts } | { ok: false; errors: AgencyImportError[] };

export interface ImportActor {
  userId?: number | null;
  /** 'cli' when run from the command line. */
  label?: string | null;
  ip?: string | null;
  /**
   * The subtree a staff member imports into (issue 13): an agency outside it is treated as unknown.
   * Null or absent for the command line, which answers for the whole installation.
   */
  scopePath?: string | null;
  /** The agency whose subtree a staff member imported into, for the audit log page's scope. */
  scopeAgencyId?: number | null;
}

/** Validates the CSV against itself and the database, then writes it; a bad file writes nothing. */
export async function importAgencyCsv(db: Kysely<Database>, text: string, actor: ImportActor, file?: string): Promise<AgencyImportResult> {
  const parsed = parseAgencyCsv(text);
  return db.transaction().execute(async (trx) => {
    // One import at a time, and no other writer of agencies between the checks and the writes.
    await sql`lock table agencies in share row exclusive mode`.execute(trx);
    const refs = await agencyRefs(trx, referencedCodes(parsed));
    const plan = planAgencyImport(parsed, refs);
    if (actor.scopePath) plan.errors.push(...scopeErrors(parsed, refs, actor.scopePath));
    plan.errors.sort((a, b) => a.line - b.line);
    if (plan.errors.length > 0) return { ok: false as const, errors: plan.errors };
    const counts = await applySteps(trx, plan.steps);
    await audit(trx, {
      action: 'agencies.import',
      actorUserId: actor.userId ?? null,
      actorLabel: actor.label ?? null,
      ip: actor.ip ?? null,
      agencyId: actor.scopeAgencyId ?? null,
      details: { ...counts, ...(file ? { file } : {}) },
    });
    return { ok: true as const, counts };
  });
}

async function applySteps(trx: Kysely<Database>, steps: AgencyImportStep[]): Promise<AgencyImportCounts> {
  const counts: AgencyImportCounts = { rows: steps.length, created: 0, updated: 0, moved: 0, unchanged: 0 };
  const ids = new Map<string, number>();
  for (const s of steps) if (s.existingId !== null) ids.set(s.row.code, s.existingId);
  const inFile = new Set(steps.map((s) => s.row.code));
  // Parents and successors outside the file are already in the database.
  const outside = [...new Set(steps.flatMap((s) => [s.row.parentCode, s.row.successorCode]))].filter(
    (c): c is string => c !== null && !inFile.has(c),
  );
  if (outside.length > 0) {
    const rows = await trx.selectFrom('agencies').select(['id', 'code']).where('code', 'in', outside).execute();
    for (const r of rows) ids.set(r.code, r.id);
  }
  const idOf = (code: string | null) => (code === null ? null : ids.get(code)!);

  // Steps come parents-first in the tree as it will be, so each parent is in place when needed.
  const changed = new Set<string>();
  for (const { row, existingId } of steps) {
    const details = { nameVi: row.nameVi, nameEn: row.nameEn, kind: row.kind, validFrom: row.validFrom, validTo: row.validTo };
    if (existingId === null) {
      const a = await insertAgency(trx, { code: row.code, parentId: idOf(row.parentCode), ...details });
      ids.set(row.code, a.id);
      counts.created++;
      continue;
    }
    if (await updateAgencyDetails(trx, existingId, details)) changed.add(row.code);
    if (await moveAgency(trx, existingId, idOf(row.parentCode))) {
      changed.add(row.code);
      counts.moved++;
    }
  }
  // Successors last: a successor may be created later in the file than the unit it replaces.
  for (const { row, existingId } of steps) {
    if (existingId === null && row.successorCode === null) continue;
    const successorChanged = await setAgencySuccessor(trx, ids.get(row.code)!, idOf(row.successorCode));
    if (existingId !== null && successorChanged) changed.add(row.code);
  }
  // Moved agencies have new ancestors: the subtree rollups of results follow them.
  if (counts.moved > 0) await rebuildSubtreeRollups(trx);
  for (const { row, existingId } of steps) {
    if (existingId === null) continue;
    if (changed.has(row.code)) counts.updated++;
    else counts.unchanged++;
  }
  return counts;
}
