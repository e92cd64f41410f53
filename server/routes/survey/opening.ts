// What a public survey address asks, and about which place: /s/{service point} runs the service
// point's open online campaign (or, without one, the latest SIPAS version), /c/{campaign} runs the
// campaign and first asks where the citizen was served when it covers several places.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import {
  campaignPlaces,
  findSurveyCampaign,
  findSurveyPlace,
  openOnlineCampaignFor,
  type CampaignPlace,
  type SurveyCampaign,
  type SurveyPlace,
} from '../../db/queries/drafts.ts';
import { findQuestionnaireVersion, findQuestionnaireVersionById, type PublishedVersion } from '../../db/queries/questionnaires.ts';
import { surveyPlan, type SurveyPlan } from '../../domain/survey-pages.ts';
import { localDay } from '../../i18n/format.ts';

export type SurveyKind = 's' | 'c';

/** The questionnaire a service point's address falls back to when no campaign runs there. */
export const DEFAULT_QUESTIONNAIRE = 'sipas-2017';

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
      place: SurveyPlace | null;
      places: CampaignPlace[];
    }
  | { ok: false; status: 404 | 410; reason: 'notFound' | 'closed' | 'inactive' };

/** Published versions never change (invariant 3): each app keeps the ones it has read, and their plans. */
export class VersionCache {
  #versions = new Map<number, PublishedVersion>();
  #plans = new WeakMap<object, SurveyPlan>();

  async byId(db: Kysely<Database>, id: number): Promise<PublishedVersion | undefined> {
    const hit = this.#versions.get(id);
    if (hit) return hit;
    const v = await findQuestionnaireVersionById(db, id);
    if (v) this.#versions.set(id, v);
    return v;
  }

  plan(version: PublishedVersion): SurveyPlan {
    let p = this.#plans.get(version.definition);
    if (!p) this.#plans.set(version.definition, (p = surveyPlan(version.definition)));
    return p;
  }
}

export async function openSurvey(db: Kysely<Database>, cache: VersionCache, address: SurveyAddress, now: Date): Promise<Opening> {
  const day = localDay(now);
  if (address.kind === 's') {
    const place = await findSurveyPlace(db, { servicePointCode: address.code }, day);
    if (!place) return { ok: false, status: 404, reason: 'notFound' };
    if (!place.open) return { ok: false, status: 410, reason: 'inactive' };
    const campaign = (await openOnlineCampaignFor(db, place.agencyPath, day)) ?? null;
    const found = campaign
      ? await cache.byId(db, campaign.questionnaireVersionId)
      : await findQuestionnaireVersion(db, DEFAULT_QUESTIONNAIRE);
    const version = found && (await cache.byId(db, found.versionId));
    if (!version) return { ok: false, status: 404, reason: 'notFound' };
    return { ok: true, version, plan: cache.plan(version), campaign, place, places: [] };
  }
  const campaign = await findSurveyCampaign(db, address.code, day);
  if (!campaign) return { ok: false, status: 404, reason: 'notFound' };
  if (!campaign.running) return { ok: false, status: 410, reason: 'closed' };
  const places = await campaignPlaces(db, campaign.id, day);
  if (places.length === 0) return { ok: false, status: 410, reason: 'inactive' };
  const version = await cache.byId(db, campaign.questionnaireVersionId);
  if (!version) return { ok: false, status: 404, reason: 'notFound' };
  const place = places.length === 1 ? ((await resolvePlace(db, places[0]!, day)) ?? null) : null;
  return { ok: true, version, plan: cache.plan(version), campaign, place, places };
}

export async function resolvePlace(db: Kysely<Database>, p: CampaignPlace, day: string): Promise<SurveyPlace | undefined> {
  return findSurveyPlace(db, p.kind === 'service-point' ? { servicePointCode: p.code } : { agencyCode: p.code }, day);
}
