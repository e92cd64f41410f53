// Recording the people served (issue 16 point 4), for the staff page, `hailong served import` and
// POST /api/v1/served alike: every row checked first (codes, periods, counts, the actor's subtree),
// nothing written on any error, the same point and period replacing its count, audited with each
// change's before and after.
import type { Kysely } from 'kysely';
import { findAgencyByCode } from '../db/queries/agencies.ts';
import { audit } from '../db/queries/audit.ts';
import { getSetting, setSetting } from '../db/queries/settings.ts';
import { rateFloorSetting } from '../results/served.ts';
import { servicePointsByCode, writeServed, type ServedChange } from '../db/queries/served.ts';
import type { Database } from '../db/schema.ts';
import { parseServedCsv, sortServedErrors, type ServedImportError, type ServedInput } from '../domain/served-import.ts';
import { localDay } from '../i18n/format.ts';
import { actorReaches, auditedBy, type Actor } from './actor.ts';

export interface ServedCounts {
  rows: number;
  created: number;
  replaced: number;
  unchanged: number;
}

export type ServedResult = { ok: true; counts: ServedCounts } | { ok: false; errors: ServedImportError[] };

/** The audit entry keeps this many changes with before and after; the rest are counted. */
const AUDITED_CHANGES = 500;

function countsOf(changes: ServedChange[]): ServedCounts {
  return {
    rows: changes.length,
    created: changes.filter((c) => c.before === null).length,
    replaced: changes.filter((c) => c.before !== null && c.before !== c.after).length,
    unchanged: changes.filter((c) => c.before === c.after).length,
  };
}

/**
 * Writes checked rows: a code that is unknown, or names a point outside the actor's subtree, is an
 * error on its line (the two are told apart only for the command line, which has no subtree).
 */
export async function recordServed(
  db: Kysely<Database>,
  actor: Actor,
  input: { rows: ServedInput[]; errors: ServedImportError[] },
  meta: { source: 'csv' | 'api'; tokenId?: number | null; file?: string },
): Promise<ServedResult> {
  return db.transaction().execute(async (trx) => {
    const points = await servicePointsByCode(trx, [...new Set(input.rows.map((r) => r.servicePointCode))]);
    const byCode = new Map(points.filter((p) => actorReaches(actor, p.agencyPath)).map((p) => [p.code, p]));
    const errors = [...input.errors];
    for (const r of input.rows)
      if (!byCode.has(r.servicePointCode))
        errors.push({ line: r.line, column: 'service_point_code', code: 'point.unknown', params: { value: r.servicePointCode } });
    if (errors.length > 0) return { ok: false as const, errors: sortServedErrors(errors) };

    const changes = await writeServed(
      trx,
      input.rows.map((r) => {
        const p = byCode.get(r.servicePointCode)!;
        return { servicePointId: p.id, provinceId: p.provinceId, kind: r.kind, start: r.start, served: r.served };
      }),
      { source: meta.source, userId: actor.userId, tokenId: meta.tokenId ?? null },
    );
    const counts = countsOf(changes);
    const codeOf = new Map(points.map((p) => [p.id, p.code]));
    const changed = changes.filter((c) => c.before !== c.after);
    await audit(trx, {
      action: 'served.record',
      ...auditedBy(actor),
      details: {
        source: meta.source,
        ...(meta.file ? { file: meta.file } : {}),
        ...(meta.tokenId ? { tokenId: meta.tokenId } : {}),
        ...counts,
        changes: changed.slice(0, AUDITED_CHANGES).map((c) => ({
          servicePoint: codeOf.get(c.servicePointId),
          period: c.kind === 'month' ? c.start.slice(0, 7) : c.start,
          before: c.before,
          after: c.after,
        })),
        ...(changed.length > AUDITED_CHANGES ? { changesNotListed: changed.length - AUDITED_CHANGES } : {}),
      },
    });
    return { ok: true as const, counts };
  });
}

/** A people-served CSV from a page or the command line. */
export async function importServed(db: Kysely<Database>, actor: Actor, text: string, file?: string): Promise<ServedResult> {
  return recordServed(db, actor, parseServedCsv(text, localDay(new Date())), { source: 'csv', ...(file ? { file } : {}) });
}

/** A province's response-rate floor (a share), audited with before and after; refused for an agency that is not a province. */
export async function setRateFloor(
  db: Kysely<Database>,
  actor: Actor,
  provinceCode: string,
  floor: number,
): Promise<{ ok: true; before: number | null } | { ok: false }> {
  return db.transaction().execute(async (trx) => {
    const province = await findAgencyByCode(trx, provinceCode);
    if (!province || province.kind !== 'province' || !actorReaches(actor, province.path)) return { ok: false as const };
    const old = await getSetting(trx, rateFloorSetting(province.code));
    const before = typeof old === 'number' ? old : null;
    await setSetting(trx, rateFloorSetting(province.code), floor);
    await audit(trx, { action: 'served.floor', ...auditedBy(actor), agencyId: province.id, details: { before, after: floor } });
    return { ok: true as const, before };
  });
}
