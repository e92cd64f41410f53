// Writes a targets CSV: everything in one transaction, or nothing when any row is wrong. A row whose
// agency, questionnaire, period and index already have a target sets that target's comparator and
// threshold instead of adding a second one, so importing a corrected file again does what it says.
import { sql, type Kysely } from 'kysely';
import { parseTargetCsv, resolveTargetRows, type TargetImportError } from '../../domain/target-import.ts';
import type { Database } from '../schema.ts';
import { audit } from './audit.ts';
import type { ImportActor } from './agency-import.ts';
import { insertTargets, listIndexCodes, updateTargetThreshold } from './targets.ts';

export interface TargetImportCounts {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
}

export type TargetImportResult = { ok: true; counts: TargetImportCounts } | { ok: false; errors: TargetImportError[] };

export async function importTargetCsv(db: Kysely<Database>, text: string, actor: ImportActor, file?: string): Promise<TargetImportResult> {
  const parsed = parseTargetCsv(text);
  return db.transaction().execute(async (trx) => {
    // No other writer of targets between reading what exists and writing the file's rows.
    await sql`lock table targets in share row exclusive mode`.execute(trx);
    const codes = [...new Set(parsed.rows.map((r) => r.agencyCode))];
    const agencies =
      codes.length === 0
        ? []
        : await trx
            .selectFrom('agencies')
            .select(['id', 'code', 'path'])
            .where(sql<boolean>`code = any(${codes}::text[])`)
            .execute()
            // An agency outside the importer's subtree is as unknown as one that does not exist.
            .then((rows) => rows.filter((a) => !actor.scopePath || a.path.startsWith(actor.scopePath)));
    const questionnaires = await listIndexCodes(trx);
    const { errors, targets } = resolveTargetRows(parsed, {
      agencies: new Map(agencies.map((a) => [a.code, a.id])),
      questionnaires: new Map(questionnaires.map((q) => [q.code, { id: q.id, indexCodes: new Set(q.indexCodes.map((c) => c.code)) }])),
    });
    if (errors.length > 0) return { ok: false as const, errors };

    const ids = [...new Set(targets.map((t) => t.agencyId))];
    const existing = await trx
      .selectFrom('targets')
      .selectAll()
      .where(sql<boolean>`agency_id = any(${ids}::bigint[])`)
      .execute();
    const keyOf = (t: { agencyId: number; questionnaireId: number | null; periodFrom: string; periodTo: string; indexCode: string }) =>
      [t.agencyId, t.questionnaireId ?? '', t.periodFrom, t.periodTo, t.indexCode].join('|');
    const stored = new Map<string, typeof existing>();
    for (const e of existing) {
      const k = keyOf({
        agencyId: e.agency_id,
        questionnaireId: e.questionnaire_id,
        periodFrom: e.period_from,
        periodTo: e.period_to,
        indexCode: e.index_code,
      });
      stored.set(k, [...(stored.get(k) ?? []), e]);
    }
    const counts: TargetImportCounts = { rows: targets.length, created: 0, updated: 0, unchanged: 0 };
    const fresh = [];
    for (const t of targets) {
      const same = stored.get(keyOf(t));
      if (!same) {
        fresh.push({ ...t, createdBy: actor.userId ?? null });
        continue;
      }
      let changed = false;
      for (const e of same) if (await updateTargetThreshold(trx, e.id, t.comparator, t.threshold)) changed = true;
      if (changed) counts.updated++;
      else counts.unchanged++;
    }
    counts.created = (await insertTargets(trx, fresh)).length;
    await audit(trx, {
      action: 'targets.import',
      actorUserId: actor.userId ?? null,
      actorLabel: actor.label ?? null,
      ip: actor.ip ?? null,
      details: { ...counts, ...(file ? { file } : {}) },
    });
    return { ok: true as const, counts };
  });
}
