// The remembered look-ups that intake, the survey and the kiosk share, one memory per app and
// database (server/db/lookup-cache.ts): a place for a second, a published version for good (it
// never changes, invariant 3), the latest version of a questionnaire for a second. Every caller
// that names the same thing gets the same object, so what is derived from a definition (its survey
// plan, its answer schema) is derived once.
import type { Kysely } from 'kysely';
import { kept, remembered } from './lookup-cache.ts';
import { findPlace, type Place, type PlaceKey } from './queries/places.ts';
import { findQuestionnaireVersion, findQuestionnaireVersionById, type PublishedVersion } from './queries/questionnaires.ts';
import type { Database } from './schema.ts';

type Db = Kysely<Database>;

/** A place by service point or agency code, remembered for a second. */
export function placeOf(db: Db, by: PlaceKey): Promise<Place | undefined> {
  const key = 'servicePointCode' in by ? `place:sp:${by.servicePointCode}` : `place:agency:${by.agencyCode}`;
  return remembered(db, key, () => findPlace(db, by));
}

/** A published version by id, kept for the life of the process. */
export function publishedVersion(db: Db, versionId: number): Promise<PublishedVersion | undefined> {
  return kept(db, `version:${versionId}`, () => findQuestionnaireVersionById(db, versionId));
}

/** A questionnaire's version by number, or its latest (which may change: a second's memory of which it is). */
export async function versionOf(db: Db, code: string, version?: number): Promise<PublishedVersion | undefined> {
  const found = await remembered(db, `version:${code}:${version ?? 'latest'}`, () => findQuestionnaireVersion(db, code, version));
  return found && ((await publishedVersion(db, found.versionId)) ?? found);
}
