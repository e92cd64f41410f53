// A reorganisation of agencies (issue 13, design.md "reorganisation"): merge several units into one
// (new or existing), split one into several, rename, attach to a new parent — each with an effective
// date. `planReorganisation` works out everything it changes without writing (the wizard's preview);
// `applyReorganisation` plans again under the tree lock and writes that plan in one transaction,
// audited with before and after. History stays where it was: responses keep the agency they were
// given, a closed unit keeps them and points at its successor, and the results pages show them
// within the new unit with the predecessors toggle. What continues moves to the unit that takes
// over: sub-units (with their own history, decision 39 rebuilds the subtree rollups), active service
// points (so new responses count for the new unit), and the open campaigns naming a closed unit
// directly are extended to it.
import type { Kysely, Transaction } from 'kysely';
import { findAgencyByCode, findAgencyById, insertAgency, listChildren, moveAgency, updateAgencyDetails } from '../db/queries/agencies.ts';
import { audit } from '../db/queries/audit.ts';
import {
  activeServicePointsOf,
  addCampaignAgencies,
  closeAgencyRow,
  historyOf,
  moveServicePoints,
  openCampaignsNaming,
} from '../db/queries/reorganisation.ts';
import { rebuildSubtreeRollups } from '../db/queries/results-write.ts';
import type { Agency, Database, ServicePoint } from '../db/schema.ts';
import { addDays } from '../domain/period.ts';
import { localDay } from '../i18n/format.ts';
import type { MessageKey } from '../i18n/index.ts';
import { auditedBy, type Actor } from './actor.ts';
import { agencyInReach, agencySnapshot, lockTree, type AgencyDetailsInput, type NewAgencyInput } from './agencies.ts';

type Db = Kysely<Database> | Transaction<Database>;

export const REORGANISATION_KINDS = ['merge', 'split', 'rename', 'attach'] as const;
export type ReorganisationKind = (typeof REORGANISATION_KINDS)[number];

/** A new unit of a merge or a split, created with the effective date as its first day. */
export type NewUnit = Omit<NewAgencyInput, 'validFrom' | 'parentId'>;

export type Reorganisation =
  | { kind: 'merge'; sourceIds: number[]; into: { id: number } | { unit: NewUnit; parentId: number }; effectiveOn: string }
  | { kind: 'split'; sourceId: number; parts: NewUnit[]; parentId: number; effectiveOn: string }
  | { kind: 'rename'; agencyId: number; names: Pick<AgencyDetailsInput, 'nameVi' | 'nameEn'>; effectiveOn: string }
  | { kind: 'attach'; agencyId: number; parentId: number; effectiveOn: string };

export type ReorganisationRefusal =
  | 'not-found'
  | 'too-few'
  | 'nested'
  | 'closed'
  | 'code-taken'
  | 'code-repeated'
  | 'parent-inside'
  | 'date-future'
  | 'date-order'
  | 'unchanged';

/** What a page or the command line says for each refusal ({code} names the unit concerned). */
export const REORGANISATION_REFUSAL_MESSAGE: Record<ReorganisationRefusal, MessageKey> = {
  'not-found': 'reorganise.refused.notFound',
  'too-few': 'reorganise.refused.tooFew',
  nested: 'reorganise.refused.nested',
  closed: 'reorganise.refused.closed',
  'code-taken': 'reorganise.refused.codeTaken',
  'code-repeated': 'reorganise.refused.codeRepeated',
  'parent-inside': 'reorganise.refused.parentInside',
  'date-future': 'reorganise.refused.dateFuture',
  'date-order': 'reorganise.refused.dateOrder',
  unchanged: 'reorganise.refused.unchanged',
};

export interface ReorganisationPlan {
  kind: ReorganisationKind;
  effectiveOn: string;
  /** The last day of the closed units: the day before the effective date. */
  lastDay: string;
  closed: { agency: Agency; successor: string; responses: number; users: number }[];
  created: (NewUnit & { parent: Agency })[];
  /** The unit that takes over from the closed ones (the first new part of a split). */
  heir: { code: string; existing: Agency | null } | null;
  moved: { agency: Agency; from: Agency | null; to: string }[];
  renamed: { agency: Agency; nameVi: string; nameEn: string | null } | null;
  servicePoints: { point: ServicePoint; from: Agency; to: string }[];
  campaigns: { code: string; nameVi: string; nameEn: string | null; from: Agency }[];
}

export type PlanResult = { ok: true; plan: ReorganisationPlan } | { ok: false; reason: ReorganisationRefusal; code?: string };

const refuse = (reason: ReorganisationRefusal, code?: string): PlanResult => ({ ok: false, reason, ...(code ? { code } : {}) });

/** Everything the reorganisation would change, checked against the actor's subtree; writes nothing. */
export async function planReorganisation(db: Db, actor: Actor, r: Reorganisation, today = localDay(new Date())): Promise<PlanResult> {
  // The tree holds today's organisation: a change is recorded when it has taken effect.
  if (r.effectiveOn > today) return refuse('date-future');
  const lastDay = addDays(r.effectiveOn, -1);
  const plan: ReorganisationPlan = {
    kind: r.kind,
    effectiveOn: r.effectiveOn,
    lastDay,
    closed: [],
    created: [],
    heir: null,
    moved: [],
    renamed: null,
    servicePoints: [],
    campaigns: [],
  };
  const reach = async (id: number) => agencyInReach(db, actor, id);
  const parentOf = async (a: Agency) => (a.parent_id === null ? null : ((await findAgencyById(db, a.parent_id)) ?? null));

  if (r.kind === 'rename') {
    const a = await reach(r.agencyId);
    if (!a) return refuse('not-found');
    if (a.valid_to) return refuse('closed', a.code);
    if (a.name_vi === r.names.nameVi && a.name_en === r.names.nameEn) return refuse('unchanged');
    plan.renamed = { agency: a, ...r.names };
    return { ok: true, plan };
  }
  if (r.kind === 'attach') {
    const a = await reach(r.agencyId);
    const p = await reach(r.parentId);
    if (!a || !p) return refuse('not-found');
    if (p.path.startsWith(a.path)) return refuse('parent-inside', p.code);
    if (a.parent_id === p.id) return refuse('unchanged');
    plan.moved.push({ agency: a, from: await parentOf(a), to: p.code });
    return { ok: true, plan };
  }

  // Merge and split close units and hand what continues to an heir.
  const sourceIds = r.kind === 'merge' ? [...new Set(r.sourceIds)] : [r.sourceId];
  const sources: Agency[] = [];
  for (const id of sourceIds) {
    const a = await reach(id);
    if (!a) return refuse('not-found');
    sources.push(a);
  }
  let heirExisting: Agency | null = null;
  let newUnits: NewUnit[];
  let parent: Agency | undefined;
  if (r.kind === 'merge') {
    if ('id' in r.into) {
      heirExisting = (await reach(r.into.id)) ?? null;
      if (!heirExisting) return refuse('not-found');
      if (heirExisting.valid_to) return refuse('closed', heirExisting.code);
      newUnits = [];
    } else {
      parent = await reach(r.into.parentId);
      if (!parent) return refuse('not-found');
      newUnits = [r.into.unit];
    }
    // Merging one unit into another needs two; merging into a new one needs at least two sources.
    const closing = sources.filter((s) => s.id !== heirExisting?.id);
    if (closing.length < (heirExisting ? 1 : 2)) return refuse('too-few');
  } else {
    parent = await reach(r.parentId);
    if (!parent) return refuse('not-found');
    if (r.parts.length < 2) return refuse('too-few');
    newUnits = r.parts;
  }
  const closing = sources.filter((s) => s.id !== heirExisting?.id);
  for (const s of closing) {
    if (s.valid_to) return refuse('closed', s.code);
    if (s.valid_from && r.effectiveOn <= s.valid_from) return refuse('date-order', s.code);
    // A unit inside another closing one would be closed twice, once as a sub-unit that moves.
    if (sources.some((o) => o.id !== s.id && s.path.startsWith(o.path))) return refuse('nested', s.code);
    if (heirExisting && heirExisting.path.startsWith(s.path)) return refuse('parent-inside', heirExisting.code);
    if (parent && parent.path.startsWith(s.path)) return refuse('parent-inside', parent.code);
  }
  const codes = new Set<string>();
  for (const u of newUnits) {
    if (codes.has(u.code)) return refuse('code-repeated', u.code);
    codes.add(u.code);
    if (await findAgencyByCode(db, u.code)) return refuse('code-taken', u.code);
  }
  plan.created = newUnits.map((u) => ({ ...u, parent: parent! }));
  const heirCode = heirExisting ? heirExisting.code : newUnits[0]!.code;
  plan.heir = { code: heirCode, existing: heirExisting };

  const history = await historyOf(
    db,
    closing.map((s) => s.id),
  );
  for (const s of closing) plan.closed.push({ agency: s, successor: heirCode, ...history.get(s.id)! });
  for (const s of closing) for (const c of await listChildren(db, s.id)) plan.moved.push({ agency: c, from: s, to: heirCode });
  const byId = new Map(closing.map((s) => [s.id, s]));
  for (const p of await activeServicePointsOf(db, [...byId.keys()]))
    plan.servicePoints.push({ point: p, from: byId.get(p.agency_id)!, to: heirCode });
  for (const c of await openCampaignsNaming(db, [...byId.keys()]))
    plan.campaigns.push({ code: c.code, nameVi: c.name_vi, nameEn: c.name_en, from: byId.get(c.agency_id)! });
  return { ok: true, plan };
}

export type ApplyResult = { ok: true; plan: ReorganisationPlan; heirId: number | null } | Extract<PlanResult, { ok: false }>;

/** Plans again under the tree lock (the preview may be stale) and writes the plan in one transaction. */
export async function applyReorganisation(db: Kysely<Database>, actor: Actor, r: Reorganisation, today?: string): Promise<ApplyResult> {
  return db.transaction().execute(async (trx): Promise<ApplyResult> => {
    await lockTree(trx);
    const planned = await planReorganisation(trx, actor, r, today);
    if (!planned.ok) return planned;
    const plan = planned.plan;
    const before = {
      agencies: [
        ...plan.closed.map((c) => c.agency),
        ...plan.moved.map((m) => m.agency),
        ...(plan.renamed ? [plan.renamed.agency] : []),
      ].map(agencySnapshot),
      servicePoints: plan.servicePoints.map((s) => ({ code: s.point.code, agencyId: s.point.agency_id })),
    };
    let heirId: number | null = null;
    const created: Agency[] = [];
    if (plan.renamed) {
      const a = plan.renamed.agency;
      await updateAgencyDetails(trx, a.id, {
        nameVi: plan.renamed.nameVi,
        nameEn: plan.renamed.nameEn,
        kind: a.kind,
        validFrom: a.valid_from,
        validTo: a.valid_to,
      });
      heirId = a.id;
    } else if (r.kind === 'attach') {
      await moveAgency(trx, r.agencyId, r.parentId);
      heirId = r.agencyId;
    } else {
      for (const u of plan.created)
        created.push(await insertAgency(trx, { ...u, parentId: u.parent.id, validFrom: plan.effectiveOn, validTo: null }));
      heirId = plan.heir!.existing?.id ?? created[0]!.id;
      for (const c of plan.closed) await closeAgencyRow(trx, c.agency.id, plan.lastDay, heirId);
      for (const m of plan.moved) await moveAgency(trx, m.agency.id, heirId);
      await moveServicePoints(
        trx,
        plan.servicePoints.map((s) => s.point.id),
        heirId,
      );
      // A split's campaigns go on in every part; a merge's in the unit that takes over.
      const extended = r.kind === 'split' ? created.map((a) => a.id) : [heirId];
      for (const id of new Set(
        (
          await openCampaignsNaming(
            trx,
            plan.closed.map((c) => c.agency.id),
          )
        ).map((c) => c.id),
      ))
        await addCampaignAgencies(trx, id, extended);
    }
    if (plan.moved.length > 0) await rebuildSubtreeRollups(trx);
    const ids = [...plan.closed.map((c) => c.agency.id), ...plan.moved.map((m) => m.agency.id), ...(heirId ? [heirId] : [])];
    const after = await Promise.all([...new Set(ids)].map(async (id) => agencySnapshot((await findAgencyById(trx, id))!)));
    await audit(trx, {
      action: 'agency.reorganise',
      ...auditedBy(actor),
      agencyId: heirId,
      details: {
        kind: plan.kind,
        effectiveOn: plan.effectiveOn,
        before,
        after: {
          agencies: after,
          created: created.map((a) => a.code),
          servicePoints: plan.servicePoints.map((s) => ({ code: s.point.code, agency: plan.heir?.code })),
          campaigns: plan.campaigns.map((c) => c.code),
        },
      },
    });
    return { ok: true, plan, heirId };
  });
}
