// Service points (issue 13 pt 3): create one under an agency, edit its names or agency, close it
// (its poster's QR then answers that the place no longer takes surveys) and reopen it — for the
// service-points pages, scoped to the actor's subtree (outside looks like "does not exist") and
// audited with before and after.
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { z } from 'zod';
import { audit } from '../db/queries/audit.ts';
import { forgetLookups } from '../db/lookup-cache.ts';
import { findServicePointByCode, insertServicePoint } from '../db/queries/service-points.ts';
import type { Agency, Database, ServicePoint } from '../db/schema.ts';
import { localDay } from '../i18n/format.ts';
import { formMessage as m } from '../i18n/problems.ts';
import { auditedBy, type Actor } from './actor.ts';
import { AgencyFields, agencyInReach } from './agencies.ts';

/** A point's code is printed in its QR link; the database's own rule, as for agencies. */
export const ServicePointFields = {
  code: z
    .string()
    .transform((s) => s.trim())
    .pipe(z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, m('servicePointForm.error.code'))),
  nameVi: AgencyFields.nameVi,
  nameEn: AgencyFields.nameEn,
};

export interface ServicePointInput {
  agencyId: number;
  nameVi: string;
  nameEn: string | null;
}

export type ServicePointResult =
  | { ok: true; point: ServicePoint; agency: Agency }
  | { ok: false; reason: 'not-found' | 'agency-not-found' | 'code-taken' | 'agency-closed' };

/** An agency whose last day has passed (one closing later still takes new points until then). */
const closedBefore = (a: Agency) => a.valid_to !== null && a.valid_to < localDay(new Date());

const snapshot = (p: ServicePoint) => ({ code: p.code, agencyId: p.agency_id, nameVi: p.name_vi, nameEn: p.name_en, active: p.active });

/** The point if it exists and its agency lies in the actor's subtree. */
export async function servicePointInReach(
  db: Kysely<Database>,
  actor: Actor,
  code: string,
): Promise<{ point: ServicePoint; agency: Agency } | undefined> {
  const point = await findServicePointByCode(db, code);
  const agency = point ? await agencyInReach(db, actor, point.agency_id) : undefined;
  return point && agency ? { point, agency } : undefined;
}

export async function createServicePoint(
  db: Kysely<Database>,
  actor: Actor,
  input: ServicePointInput & { code: string },
): Promise<ServicePointResult> {
  return db.transaction().execute(async (trx) => {
    const agency = await agencyInReach(trx, actor, input.agencyId);
    if (!agency) return { ok: false as const, reason: 'agency-not-found' as const };
    if (closedBefore(agency)) return { ok: false as const, reason: 'agency-closed' as const };
    // Serialises two creations of the same code; the unique index would otherwise answer with an error.
    await sql`select pg_advisory_xact_lock(hashtext(${`service-point:${input.code}`}))`.execute(trx);
    if (await findServicePointByCode(trx, input.code)) return { ok: false as const, reason: 'code-taken' as const };
    const point = await insertServicePoint(trx, input);
    await audit(trx, { action: 'service-point.add', ...auditedBy(actor), agencyId: agency.id, details: { after: snapshot(point) } });
    return { ok: true as const, point, agency };
  });
}

/** Names and agency (a counter handed to another unit keeps its code, so its printed QR still works). */
export async function editServicePoint(
  db: Kysely<Database>,
  actor: Actor,
  code: string,
  input: ServicePointInput,
): Promise<ServicePointResult> {
  return db.transaction().execute(async (trx) => {
    const found = await servicePointInReach(trx, actor, code);
    if (!found) return { ok: false as const, reason: 'not-found' as const };
    const agency = await agencyInReach(trx, actor, input.agencyId);
    if (!agency) return { ok: false as const, reason: 'agency-not-found' as const };
    if (closedBefore(agency) && agency.id !== found.agency.id) return { ok: false as const, reason: 'agency-closed' as const };
    const point = await trx
      .updateTable('service_points')
      .set({ agency_id: agency.id, province_id: agency.province_id ?? agency.id, name_vi: input.nameVi, name_en: input.nameEn })
      .where('id', '=', found.point.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    forgetLookups();
    const before = snapshot(found.point);
    const after = snapshot(point);
    if (JSON.stringify(before) !== JSON.stringify(after))
      await audit(trx, { action: 'service-point.update', ...auditedBy(actor), agencyId: agency.id, details: { code, before, after } });
    return { ok: true as const, point, agency };
  });
}

/** Closes (active = false) or reopens a point; a point already in that state writes nothing. */
export async function setServicePointActive(
  db: Kysely<Database>,
  actor: Actor,
  code: string,
  active: boolean,
): Promise<ServicePointResult & { changed?: boolean }> {
  return db.transaction().execute(async (trx) => {
    const found = await servicePointInReach(trx, actor, code);
    if (!found) return { ok: false as const, reason: 'not-found' as const };
    if (found.point.active === active) return { ok: true as const, ...found, changed: false };
    const point = await trx
      .updateTable('service_points')
      .set({ active })
      .where('id', '=', found.point.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    forgetLookups();
    await audit(trx, {
      action: active ? 'service-point.reopen' : 'service-point.close',
      ...auditedBy(actor),
      agencyId: found.agency.id,
      details: { code, before: { active: found.point.active }, after: { active } },
    });
    return { ok: true as const, point, agency: found.agency, changed: true };
  });
}
