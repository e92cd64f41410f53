// Importing the agency tree and the targets from CSV, for `hailong agencies import`, `hailong
// targets import` and the pages alike: every bad row listed with its line (and column), nothing
// written on any error, audited. A staff member's import is held to their subtree: an agency code
// outside it is reported like one that does not exist.
import type { Kysely } from 'kysely';
import { pathIds } from '../db/queries/agencies.ts';
import { importAgencyCsv, type AgencyImportResult } from '../db/queries/agency-import.ts';
import { ensureBuiltInQuestionnaires } from '../db/queries/questionnaires.ts';
import { importTargetCsv, type TargetImportResult } from '../db/queries/target-import.ts';
import type { Database } from '../db/schema.ts';
import type { Actor } from './actor.ts';

const importer = (actor: Actor) => ({ userId: actor.userId, label: actor.label, ip: actor.ip, scopePath: actor.scopePath });

export async function importTargets(db: Kysely<Database>, actor: Actor, text: string, file?: string): Promise<TargetImportResult> {
  // A file naming sipas-2017 or counter-quick must find them even before the server first ran.
  await ensureBuiltInQuestionnaires(db);
  return importTargetCsv(db, text, importer(actor), file);
}

/** The whole tree from the command line; a staff member's subtree from the page, checked row by row (scopeErrors). */
export async function importAgencies(db: Kysely<Database>, actor: Actor, text: string, file?: string): Promise<AgencyImportResult> {
  const root = actor.scopePath === null ? undefined : pathIds(actor.scopePath).at(-1);
  return importAgencyCsv(db, text, { ...importer(actor), scopeAgencyId: root ?? null }, file);
}
