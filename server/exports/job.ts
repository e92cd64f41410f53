// From a resolved results query to an export job: the same selection the dashboards show, plus
// the two switches an export has (the raw-responses sheet, identifiers when the province allows).
import type { Kysely } from 'kysely';
import { getSetting } from '../db/queries/settings.ts';
import type { Database } from '../db/schema.ts';
import type { Locale } from '../i18n/index.ts';
import type { ResultsQuery, Resolved } from '../results/params.ts';
import type { ExportJob } from './export.ts';

/** The setting a coordinator turns on to put dossier hashes and officer names into exports. */
export const identifiersSetting = (provinceCode: string) => `exports.identifiers.${provinceCode}`;

async function identifiersAllowed(db: Kysely<Database>, agency: { id: number; province_id: number | null }): Promise<boolean> {
  const provinceId = agency.province_id ?? agency.id;
  const province = await db.selectFrom('agencies').select('code').where('id', '=', provinceId).executeTakeFirst();
  return province ? (await getSetting(db, identifiersSetting(province.code))) === true : false;
}

export async function exportJob(
  db: Kysely<Database>,
  resolved: Extract<Resolved, { ok: true }>,
  query: ResultsQuery,
  opts: { locale: Locale; madeBy: string; includeResponses?: boolean; wantIdentifiers?: boolean; includeLabels?: boolean },
): Promise<ExportJob> {
  const filters: Record<string, string> = {};
  for (const [k, v] of Object.entries(query)) if (typeof v === 'string' && v !== '' && k !== 'lang') filters[k] = v;
  if (query.version !== undefined) filters['version'] = String(query.version);
  filters['questionnaire'] ??= resolved.questionnaireCode;
  return {
    db,
    agency: resolved.agency,
    filter: resolved.filter,
    period: resolved.period,
    previous: resolved.previous,
    filters,
    locale: opts.locale,
    includeResponses: opts.includeResponses ?? false,
    includeLabels: opts.includeLabels ?? false,
    includeIdentifiers: (opts.wantIdentifiers ?? true) && (await identifiersAllowed(db, resolved.agency)),
    madeBy: opts.madeBy,
    madeAt: new Date(),
  };
}
