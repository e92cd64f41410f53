// Which provinces publish their results to the public page, and the little the page needs besides
// the results service: a province by its code, the first day it has counts for.
import type { Kysely, Transaction } from 'kysely';
import type { Agency, Database } from '../schema.ts';
import { PUBLICATION_PREFIX, publicationKey } from '../../domain/publication.ts';
import { getSetting, setSetting, settingsWithPrefix } from './settings.ts';

type Db = Kysely<Database> | Transaction<Database>;

// By Vietnamese alphabetical order (Đắk Lắk before Khánh Hòa), which the database's collation may not know.
const collator = new Intl.Collator('vi');
const byName = (a: Agency, b: Agency) => collator.compare(a.name_vi, b.name_vi) || collator.compare(a.code, b.code);

/** A province is a root of the tree; a former province under a new one is not published on its own. */
export async function findProvince(db: Db, code: string): Promise<Agency | undefined> {
  return db.selectFrom('agencies').selectAll().where('code', '=', code).where('parent_id', 'is', null).executeTakeFirst();
}

/** The provinces in a subtree: those a user there may publish (a user below a province has none). */
export async function provincesInScope(db: Db, scopePath: string): Promise<(Agency & { published: boolean })[]> {
  const provinces = await db.selectFrom('agencies').selectAll().where('parent_id', 'is', null).execute();
  const inScope = provinces.filter((p) => p.path.startsWith(scopePath)).sort(byName);
  const published = await publishedCodes(db);
  return inScope.map((p) => ({ ...p, published: published.has(p.code) }));
}

export async function isPublished(db: Db, provinceCode: string): Promise<boolean> {
  return (await getSetting(db, publicationKey(provinceCode))) === true;
}

export async function setPublished(db: Db, provinceCode: string, published: boolean): Promise<void> {
  await setSetting(db, publicationKey(provinceCode), published);
}

async function publishedCodes(db: Db): Promise<Set<string>> {
  const rows = await settingsWithPrefix(db, PUBLICATION_PREFIX);
  return new Set(rows.filter((r) => r.value === true).map((r) => r.key.slice(PUBLICATION_PREFIX.length)));
}

/** The provinces that publish, by name: the list on /ket-qua. */
export async function publishedProvinces(db: Db): Promise<Agency[]> {
  const codes = [...(await publishedCodes(db))];
  if (codes.length === 0) return [];
  const provinces = await db.selectFrom('agencies').selectAll().where('code', 'in', codes).where('parent_id', 'is', null).execute();
  return provinces.sort(byName);
}

/** The first Viet Nam day a province has counted responses of these questionnaire versions, if any. */
export async function firstCountedDay(db: Db, provinceId: number, versionIds: number[]): Promise<string | null> {
  if (versionIds.length === 0) return null;
  const row = await db
    .selectFrom('rollup_days')
    .select((eb) => eb.fn.min('day').as('first'))
    .where('province_id', '=', provinceId)
    .where('questionnaire_version_id', 'in', versionIds)
    .where('responses', '<>', 0)
    .executeTakeFirst();
  return row?.first ? String(row.first) : null;
}

/** Reportable responses in the day rollups: what `hailong results rebuild` reports having recounted. */
export async function countedResponses(db: Db): Promise<number> {
  const row = await db
    .selectFrom('rollup_days')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<string>('responses'), eb.lit(0)).as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
