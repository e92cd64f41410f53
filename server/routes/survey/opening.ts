// What a public survey address asks, and about which place: /s/{service point} runs the service
// point's open online campaign (or, without one, the latest SIPAS version), /c/{campaign} runs the
// campaign and first asks where the citizen was served when it covers several places. Every
// look-up here is remembered briefly per app and database (server/db/lookups.ts), as intake's are:
// an intro shown a thousand times a second reads these rows about once a second.
import type { Kysely } from 'kysely';
import { remembered } from '../../db/lookup-cache.ts';
import { placeOf, publishedVersion, versionOf } from '../../db/lookups.ts';
import {
  campaignPlaces,
  findSurveyCampaign,
  openOnlineCampaignFor,
  type CampaignPlace,
  type SurveyCampaign,
} from '../../db/queries/drafts.ts';
import type { Place } from '../../db/queries/places.ts';
import type { PublishedVersion } from '../../db/queries/questionnaires.ts';
import type { Database } from '../../db/schema.ts';
import { placeOpenOn } from '../../domain/place.ts';
import { planOf as planOfDefinition, type SurveyPlan } from '../../domain/survey-pages.ts';
import { localDay } from '../../i18n/format.ts';

type Db = Kysely<Database>;

export type SurveyKind = 's' | 'c';

/** The questionnaire a service point's address falls back to when no campaign runs there. */
const DEFAULT_QUESTIONNAIRE = 'sipas-2017';

export interface SurveyAddress {
  kind: SurveyKind;
  code: string;
  /** The path every page of this survey lives under; also the draft cookie's path. */
  base: string;
}

export function surveyAddress(kind: SurveyKind, code: string): SurveyAddress {
  return { kind, code, base: `/${kind}/${code}` };
}

export type Opening =
  | {
      ok: true;
      version: PublishedVersion;
      plan: SurveyPlan;
      campaign: SurveyCampaign | null;
      place: Place | null;
      places: CampaignPlace[];
    }
  | { ok: false; status: 404 | 410; reason: UnavailableReason };

/** Why an address takes no answers; 'notOnline': the campaign runs, on kiosks or paper only. */
export type UnavailableReason = 'notFound' | 'closed' | 'inactive' | 'notOnline';

/** The pages of a published version, planned once. */
export function planOf(version: PublishedVersion): SurveyPlan {
  return planOfDefinition(version.definition);
}

export async function openSurvey(db: Db, address: SurveyAddress, now: Date): Promise<Opening> {
  const day = localDay(now);
  if (address.kind === 's') {
    const place = await placeOf(db, { servicePointCode: address.code });
    if (!place) return { ok: false, status: 404, reason: 'notFound' };
    if (!placeOpenOn(place, day)) return { ok: false, status: 410, reason: 'inactive' };
    const { campaign, version } = await servicePointSurvey(db, place, day);
    if (!version) return { ok: false, status: 404, reason: 'notFound' };
    return { ok: true, version, plan: planOf(version), campaign, place, places: [] };
  }
  const code = address.code;
  const campaign = await remembered(db, `survey-campaign:${code}:${day}`, () => findSurveyCampaign(db, code, day));
  if (!campaign) return { ok: false, status: 404, reason: 'notFound' };
  if (!campaign.running) return { ok: false, status: 410, reason: campaign.notOnline ? 'notOnline' : 'closed' };
  const places = await remembered(db, `campaign-places:${campaign.id}:${day}`, () => campaignPlaces(db, campaign.id, day));
  if (places.length === 0) return { ok: false, status: 410, reason: 'inactive' };
  const version = await publishedVersion(db, campaign.questionnaireVersionId);
  if (!version) return { ok: false, status: 404, reason: 'notFound' };
  const place = places.length === 1 ? ((await resolvePlace(db, places[0]!, day)) ?? null) : null;
  return { ok: true, version, plan: planOf(version), campaign, place, places };
}

/** What a service point's address asks on `day`: its open online campaign's version, else the default questionnaire's latest. */
export async function servicePointSurvey(
  db: Db,
  place: Pick<Place, 'agencyPath'>,
  day: string,
): Promise<{ campaign: SurveyCampaign | null; version: PublishedVersion | undefined }> {
  const path = place.agencyPath;
  const campaign = (await remembered(db, `survey-campaign:${path}:${day}`, () => openOnlineCampaignFor(db, path, day))) ?? null;
  const version = campaign ? await publishedVersion(db, campaign.questionnaireVersionId) : await versionOf(db, DEFAULT_QUESTIONNAIRE);
  return { campaign, version };
}

/** The place a campaign citizen chose, when it takes answers on `day`. */
export async function resolvePlace(db: Db, p: CampaignPlace, day: string): Promise<Place | undefined> {
  const place = await placeOf(db, p.kind === 'service-point' ? { servicePointCode: p.code } : { agencyCode: p.code });
  return place && placeOpenOn(place, day) ? place : undefined;
}
