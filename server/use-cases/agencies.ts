// Changing one agency — create, edit, close (end date and successor), move under a new parent — for
// the agencies pages and `hailong agencies add|edit|close|move` alike (decision 44): scope checked
// against the actor's subtree (outside looks like "does not exist"), written under the tree lock,
// moves followed by the subtree rollups in the same transaction (decision 39), audited with before
// and after. Field formats (code, names, kind, dates) are checked by the caller's parser,
// `AgencyFields` below, so that a page and the command line refuse the same things.
import { sql, type Kysely, type Transaction } from 'kysely';
import { z } from 'zod';
import { findAgencyByCode, findAgencyById, insertAgency, moveAgency, successorChain, updateAgencyDetails } from '../db/queries/agencies.ts';
import { audit } from '../db/queries/audit.ts';
import { closeAgencyRow } from '../db/queries/reorganisation.ts';
import { rebuildSubtreeRollups } from '../db/queries/results-write.ts';
import type { Agency, AgencyKind, Database } from '../db/schema.ts';
import { AGENCY_CODE, AGENCY_KINDS } from '../domain/agency-import.ts';
import { cleanText } from '../domain/text.ts';
import type { MessageKey } from '../i18n/index.ts';
import { formMessage as m } from '../i18n/problems.ts';
import { actorReaches, auditedBy, type Actor } from './actor.ts';

type Db = Kysely<Database> | Transaction<Database>;

const NAME_MAX = 300;
const name = z
  .string()
  .transform((s) => cleanText(s).replace(/\s+/g, ' '))
  .pipe(z.string().min(1, m('agencyForm.error.nameVi')).max(NAME_MAX, m('agencyForm.error.nameTooLong')));
const optionalName = z
  .string()
  .transform((s) => cleanText(s).replace(/\s+/g, ' '))
  .pipe(z.string().max(NAME_MAX, m('agencyForm.error.nameTooLong')))
  .transform((s) => (s === '' ? null : s));

/** The rules of the agency CSV (server/domain/agency-import.ts) for one agency typed in a form or on the command line. */
export const AgencyFields = {
  code: z
    .string()
    .transform((s) => s.trim())
    .pipe(z.string().regex(AGENCY_CODE, m('agencyForm.error.code'))),
  nameVi: name,
  nameEn: optionalName,
  kind: z.enum(AGENCY_KINDS, m('agencyForm.error.kind')),
};

export interface AgencyDetailsInput {
  nameVi: string;
  nameEn: string | null;
  kind: AgencyKind;
}

export interface NewAgencyInput extends AgencyDetailsInput {
  code: string;
  /** Null only from the command line: a new root (a province). */
  parentId: number | null;
  validFrom: string | null;
}

export type AgencyRefusal =
  'not-found' | 'code-taken' | 'parent-not-found' | 'parent-inside' | 'successor-not-found' | 'successor-loop' | 'date-order' | 'closed';

/** What a page or the command line says for each refusal. */
export const AGENCY_REFUSAL_MESSAGE: Record<AgencyRefusal, MessageKey> = {
  'not-found': 'agencyForm.error.agency',
  'code-taken': 'agencyForm.error.codeTaken',
  'parent-not-found': 'agencyForm.error.parent',
  'parent-inside': 'agencyForm.error.parentInside',
  'successor-not-found': 'agencyForm.error.successor',
  'successor-loop': 'agencyForm.error.successorLoop',
  'date-order': 'agencyForm.error.dateOrder',
  closed: 'agencyForm.error.closed',
};

export type AgencyResult = { ok: true; agency: Agency } | { ok: false; reason: AgencyRefusal };

/** One writer of the tree at a time, as the import (server/db/queries/agency-import.ts). */
export async function lockTree(trx: Db): Promise<void> {
  await sql`lock table agencies in share row exclusive mode`.execute(trx);
}

/** The agency if it exists and lies in the actor's subtree. */
export async function agencyInReach(db: Db, actor: Actor, id: number): Promise<Agency | undefined> {
  const a = await findAgencyById(db, id);
  return a && actorReaches(actor, a.path) ? a : undefined;
}

/** What the audit log keeps of an agency, before and after a change. */
export function agencySnapshot(a: Agency) {
  return {
    code: a.code,
    parentId: a.parent_id,
    nameVi: a.name_vi,
    nameEn: a.name_en,
    kind: a.kind,
    validFrom: a.valid_from,
    validTo: a.valid_to,
    successorId: a.successor_id,
  };
}

export async function createAgency(db: Kysely<Database>, actor: Actor, input: NewAgencyInput): Promise<AgencyResult> {
  return db.transaction().execute(async (trx) => {
    await lockTree(trx);
    // A staff member creates inside their subtree only; a new root is the command line's.
    if (input.parentId === null ? actor.scopePath !== null : !(await agencyInReach(trx, actor, input.parentId)))
      return { ok: false as const, reason: 'parent-not-found' as const };
    if (await findAgencyByCode(trx, input.code)) return { ok: false as const, reason: 'code-taken' as const };
    const agency = await insertAgency(trx, { ...input, validTo: null });
    await audit(trx, { action: 'agency.add', ...auditedBy(actor), agencyId: agency.id, details: { after: agencySnapshot(agency) } });
    return { ok: true as const, agency };
  });
}

/** Names and kind; the code is the agency's key in CSV files, URLs and exports and does not change. */
export async function editAgency(db: Kysely<Database>, actor: Actor, id: number, input: AgencyDetailsInput): Promise<AgencyResult> {
  return db.transaction().execute(async (trx) => {
    await lockTree(trx);
    const before = await agencyInReach(trx, actor, id);
    if (!before) return { ok: false as const, reason: 'not-found' as const };
    const changed = await updateAgencyDetails(trx, id, { ...input, validFrom: before.valid_from, validTo: before.valid_to });
    const after = (await findAgencyById(trx, id))!;
    if (changed)
      await audit(trx, {
        action: 'agency.update',
        ...auditedBy(actor),
        agencyId: id,
        details: { code: after.code, before: agencySnapshot(before), after: agencySnapshot(after) },
      });
    return { ok: true as const, agency: after };
  });
}

/** Whether making `successorId` the successor of `id` would close a loop of successors. */
async function wouldLoop(db: Db, id: number, successorId: number): Promise<boolean> {
  if (successorId === id) return true;
  return (await successorChain(db, successorId)).some((a) => a.id === id);
}

/** Ends an agency's validity on `validTo` (its last day), optionally naming the unit that takes over. */
export async function closeAgency(
  db: Kysely<Database>,
  actor: Actor,
  id: number,
  input: { validTo: string; successorId: number | null },
): Promise<AgencyResult> {
  return db.transaction().execute(async (trx) => {
    await lockTree(trx);
    const before = await agencyInReach(trx, actor, id);
    if (!before) return { ok: false as const, reason: 'not-found' as const };
    if (before.valid_from && input.validTo < before.valid_from) return { ok: false as const, reason: 'date-order' as const };
    if (input.successorId !== null) {
      if (!(await agencyInReach(trx, actor, input.successorId))) return { ok: false as const, reason: 'successor-not-found' as const };
      if (await wouldLoop(trx, id, input.successorId)) return { ok: false as const, reason: 'successor-loop' as const };
    }
    await closeAgencyRow(trx, id, input.validTo, input.successorId);
    const after = (await findAgencyById(trx, id))!;
    await audit(trx, {
      action: 'agency.close',
      ...auditedBy(actor),
      agencyId: id,
      details: { code: after.code, before: agencySnapshot(before), after: agencySnapshot(after) },
    });
    return { ok: true as const, agency: after };
  });
}

/** Moves an agency with its subtree under a new parent; results follow (decision 39). */
export async function moveAgencyUnder(db: Kysely<Database>, actor: Actor, id: number, parentId: number): Promise<AgencyResult> {
  return db.transaction().execute(async (trx) => {
    await lockTree(trx);
    const before = await agencyInReach(trx, actor, id);
    if (!before) return { ok: false as const, reason: 'not-found' as const };
    const parent = await agencyInReach(trx, actor, parentId);
    if (!parent) return { ok: false as const, reason: 'parent-not-found' as const };
    if (parent.path.startsWith(before.path)) return { ok: false as const, reason: 'parent-inside' as const };
    if (await moveAgency(trx, id, parentId)) {
      await rebuildSubtreeRollups(trx);
      await audit(trx, {
        action: 'agency.move',
        ...auditedBy(actor),
        agencyId: id,
        details: { code: before.code, before: { parentId: before.parent_id }, after: { parentId, parentCode: parent.code } },
      });
    }
    return { ok: true as const, agency: (await findAgencyById(trx, id))! };
  });
}
