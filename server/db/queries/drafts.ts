// The online survey's drafts (answers between pages, keyed by the hash of a random cookie id) and the
// campaign look-ups that decide what a public survey address asks (the place itself: places.ts).
import { sql, type Kysely } from 'kysely';
import type { AgencyKind, Channel, Database } from '../schema.ts';
import { executePrepared, preparedQuery } from '../prepared.ts';

type Db = Kysely<Database>;

export interface Draft {
  idHash: string;
  responseId: string;
  questionnaireVersionId: number;
  campaignId: number | null;
  campaignCode: string | null;
  agencyId: number;
  agencyCode: string;
  agencyNameVi: string;
  agencyNameEn: string | null;
  servicePointId: number | null;
  servicePointCode: string | null;
  servicePointNameVi: string | null;
  servicePointNameEn: string | null;
  provinceId: number;
  locale: 'vi' | 'en';
  answers: Record<string, unknown>;
  comment: string | null;
  dossierHash: string | null;
  startedAt: Date;
  expiresAt: Date;
  submittedAt: Date | null;
  /** The highest page number the citizen was sent to. */
  furthestPage: number;
}

export interface NewDraft {
  idHash: string;
  responseId: string;
  questionnaireVersionId: number;
  campaignId: number | null;
  agencyId: number;
  servicePointId: number | null;
  provinceId: number;
  locale: 'vi' | 'en';
  dossierHash: string | null;
  startedAt: Date;
  expiresAt: Date;
  /** The page the citizen is sent to first. */
  firstPage: number;
}

export async function insertDraft(db: Db, d: NewDraft): Promise<void> {
  const insert = db.insertInto('survey_drafts').values({
    id_hash: d.idHash,
    response_id: d.responseId,
    questionnaire_version_id: d.questionnaireVersionId,
    campaign_id: d.campaignId,
    agency_id: d.agencyId,
    service_point_id: d.servicePointId,
    province_id: d.provinceId,
    locale: d.locale,
    answers: JSON.stringify({}),
    dossier_hash: d.dossierHash,
    started_at: d.startedAt,
    updated_at: d.startedAt,
    expires_at: d.expiresAt,
    furthest_page: d.firstPage,
  });
  await executePrepared(db, insert);
}

// Every survey page reads its draft: built and compiled once, prepared once per connection.
const draftQuery = preparedQuery((db: Db, idHash: string, now: Date) =>
  db
    .selectFrom('survey_drafts as d')
    .innerJoin('agencies as a', 'a.id', 'd.agency_id')
    .leftJoin('service_points as sp', 'sp.id', 'd.service_point_id')
    .leftJoin('campaigns as c', 'c.id', 'd.campaign_id')
    .where('d.id_hash', '=', idHash)
    .where('d.expires_at', '>', now)
    .select([
      'd.id_hash',
      'd.response_id',
      'd.questionnaire_version_id',
      'd.campaign_id',
      'c.code as campaign_code',
      'd.agency_id',
      'a.code as agency_code',
      'a.name_vi as agency_name_vi',
      'a.name_en as agency_name_en',
      'd.service_point_id',
      'sp.code as sp_code',
      'sp.name_vi as sp_name_vi',
      'sp.name_en as sp_name_en',
      'd.province_id',
      'd.locale',
      'd.answers',
      'd.comment',
      'd.dossier_hash',
      'd.started_at',
      'd.expires_at',
      'd.submitted_at',
      'd.furthest_page',
    ]),
);

/** A draft with the codes and names its pages show; expired drafts are not returned. */
export async function findDraft(db: Db, idHash: string, now: Date): Promise<Draft | undefined> {
  const r = (await draftQuery(db, idHash, now)).rows[0];
  if (!r) return undefined;
  return {
    idHash: r.id_hash,
    responseId: r.response_id,
    questionnaireVersionId: r.questionnaire_version_id,
    campaignId: r.campaign_id,
    campaignCode: r.campaign_code,
    agencyId: r.agency_id,
    agencyCode: r.agency_code,
    agencyNameVi: r.agency_name_vi,
    agencyNameEn: r.agency_name_en,
    servicePointId: r.service_point_id,
    servicePointCode: r.sp_code,
    servicePointNameVi: r.sp_name_vi,
    servicePointNameEn: r.sp_name_en,
    provinceId: r.province_id,
    locale: r.locale,
    answers: typeof r.answers === 'string' ? (JSON.parse(r.answers) as Record<string, unknown>) : r.answers,
    comment: r.comment,
    dossierHash: r.dossier_hash,
    startedAt: new Date(r.started_at),
    expiresAt: new Date(r.expires_at),
    submittedAt: r.submitted_at === null ? null : new Date(r.submitted_at),
    furthestPage: r.furthest_page,
  };
}

/** Whether the draft that fixed this response id has been submitted (a second tab's late submit). */
export async function draftSubmittedFor(db: Db, responseId: string): Promise<boolean> {
  const r = await db.selectFrom('survey_drafts').select('submitted_at').where('response_id', '=', responseId).executeTakeFirst();
  return Boolean(r?.submitted_at);
}

/**
 * Saves a page's answers into a draft that is still open, with where the citizen is sent next (a
 * page number, or the review) for the drop-off figures; false when it was submitted meanwhile.
 */
export async function saveDraftAnswers(
  db: Db,
  idHash: string,
  d: { answers: Record<string, unknown>; comment: string | null; next: number | 'review' },
  now: Date,
): Promise<boolean> {
  const progress =
    d.next === 'review'
      ? { reached_review_at: sql<Date>`coalesce(reached_review_at, ${now})` }
      : { furthest_page: sql<number>`greatest(furthest_page, ${d.next})` };
  const update = db
    .updateTable('survey_drafts')
    .set({ answers: JSON.stringify(d.answers), comment: d.comment, updated_at: now, ...progress })
    .where('id_hash', '=', idHash)
    .where('submitted_at', 'is', null);
  const r = await executePrepared(db, update);
  return Number(r.numAffectedRows) === 1;
}

export async function markDraftSubmitted(db: Db, idHash: string, locale: 'vi' | 'en', now: Date): Promise<void> {
  const update = db
    .updateTable('survey_drafts')
    .set({ submitted_at: now, updated_at: now, locale })
    .where('id_hash', '=', idHash)
    .where('submitted_at', 'is', null);
  await executePrepared(db, update);
}

export async function deleteDraft(db: Db, idHash: string): Promise<void> {
  await db.deleteFrom('survey_drafts').where('id_hash', '=', idHash).execute();
}

/**
 * Expired drafts lose what the citizen typed (answers, comment, dossier hash); the row stays with its
 * place, version, times and progress for the drop-off figures and the time estimate.
 */
export async function wipeExpiredDrafts(db: Db, now: Date): Promise<number> {
  const r = await db
    .updateTable('survey_drafts')
    .set({ answers: JSON.stringify({}), comment: null, dossier_hash: null, wiped_at: now })
    .where('wiped_at', 'is', null)
    .where('expires_at', '<=', now)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/**
 * How long the latest submitted drafts of a version took, start to submit: their number (at most
 * `latest`) and median in seconds. Drafts live a day at most, so no time here is longer than that.
 */
export async function completionTimes(db: Db, versionId: number, latest: number): Promise<{ count: number; medianSeconds: number | null }> {
  const r = await sql<{ n: number; median: number | null }>`
    select count(*)::int as n,
           percentile_cont(0.5) within group (order by extract(epoch from submitted_at - started_at))::float8 as median
    from (select submitted_at, started_at from survey_drafts
          where questionnaire_version_id = ${versionId} and submitted_at is not null
          order by submitted_at desc limit ${latest}) latest`.execute(db);
  const row = r.rows[0];
  return { count: Number(row?.n ?? 0), medianSeconds: row?.median === null || row?.median === undefined ? null : Number(row.median) };
}

/** Whether a dossier has already answered (its hash is claimed by a stored response). */
export async function dossierAnswered(db: Db, dossierHash: string): Promise<boolean> {
  const r = await db.selectFrom('response_dossiers').select('response_id').where('dossier_hash', '=', dossierHash).executeTakeFirst();
  return r !== undefined;
}

export interface SurveyCampaign {
  id: number;
  code: string;
  nameVi: string;
  nameEn: string | null;
  questionnaireVersionId: number;
  /** Open, offering the online channel, and running on the day asked about. */
  running: boolean;
  /** Open and running on the day, but on other channels only (kiosks, paper): the link must say so, not "ended". */
  notOnline: boolean;
}

export async function findSurveyCampaign(db: Db, code: string, day: string): Promise<SurveyCampaign | undefined> {
  const c = await db
    .selectFrom('campaigns')
    .where('code', '=', code)
    .select(['id', 'code', 'name_vi', 'name_en', 'questionnaire_version_id', 'status', 'channels', 'starts_on', 'ends_on'])
    .executeTakeFirst();
  if (!c) return undefined;
  const channel: Channel = 'online';
  return {
    id: c.id,
    code: c.code,
    nameVi: c.name_vi,
    nameEn: c.name_en,
    questionnaireVersionId: c.questionnaire_version_id,
    running: c.status === 'open' && c.channels.includes(channel) && c.starts_on <= day && (c.ends_on === null || c.ends_on >= day),
    notOnline: c.status === 'open' && !c.channels.includes(channel) && c.starts_on <= day && (c.ends_on === null || c.ends_on >= day),
  };
}

/**
 * The campaign a service point's survey address runs: open, online, running on the day, covering
 * the agency. When several do, the one that started last (then the newest) — a province may open a
 * narrower campaign over a standing one.
 */
export async function openOnlineCampaignFor(db: Db, agencyPath: string, day: string): Promise<SurveyCampaign | undefined> {
  const r = await sql<{ id: number; code: string; name_vi: string; name_en: string | null; questionnaire_version_id: number }>`
    select c.id, c.code, c.name_vi, c.name_en, c.questionnaire_version_id
    from campaigns c
    where c.status = 'open'
      and 'online' = any (c.channels)
      and c.starts_on <= ${day}::date and (c.ends_on is null or c.ends_on >= ${day}::date)
      and exists (select 1 from campaign_agencies ca join agencies a on a.id = ca.agency_id
                  where ca.campaign_id = c.id and ${agencyPath} like a.path || '%')
    order by c.starts_on desc, c.id desc
    limit 1`.execute(db);
  const c = r.rows[0];
  return (
    c && {
      id: Number(c.id),
      code: c.code,
      nameVi: c.name_vi,
      nameEn: c.name_en,
      questionnaireVersionId: Number(c.questionnaire_version_id),
      running: true,
      notOnline: false,
    }
  );
}

export interface CampaignPlace {
  kind: 'service-point' | 'agency';
  code: string;
  nameVi: string;
  nameEn: string | null;
  agencyNameVi: string;
  agencyNameEn: string | null;
  /** The kind of the agency serving there, to group the citizen's choices (issue 13). */
  agencyKind: AgencyKind;
}

/**
 * Where a campaign's citizens may have been served: the active service points of the agencies it
 * covers (with their subtrees) valid on the day; when it covers none, the covered agencies themselves.
 */
export async function campaignPlaces(db: Db, campaignId: number, day: string): Promise<CampaignPlace[]> {
  const points = await sql<{
    code: string;
    name_vi: string;
    name_en: string | null;
    agency_name_vi: string;
    agency_name_en: string | null;
    agency_kind: AgencyKind;
  }>`
    select sp.code, sp.name_vi, sp.name_en, a.name_vi as agency_name_vi, a.name_en as agency_name_en, a.kind as agency_kind
    from service_points sp join agencies a on a.id = sp.agency_id
    where sp.active
      and (a.valid_from is null or a.valid_from <= ${day}::date) and (a.valid_to is null or a.valid_to >= ${day}::date)
      and exists (select 1 from campaign_agencies ca join agencies c on c.id = ca.agency_id
                  where ca.campaign_id = ${campaignId} and a.path like c.path || '%')
    order by a.path, sp.code`.execute(db);
  if (points.rows.length > 0) {
    return points.rows.map((r) => ({
      kind: 'service-point',
      code: r.code,
      nameVi: r.name_vi,
      nameEn: r.name_en,
      agencyNameVi: r.agency_name_vi,
      agencyNameEn: r.agency_name_en,
      agencyKind: r.agency_kind,
    }));
  }
  const agencies = await sql<{ code: string; name_vi: string; name_en: string | null; kind: AgencyKind }>`
    select a.code, a.name_vi, a.name_en, a.kind
    from campaign_agencies ca join agencies a on a.id = ca.agency_id
    where ca.campaign_id = ${campaignId}
      and (a.valid_from is null or a.valid_from <= ${day}::date) and (a.valid_to is null or a.valid_to >= ${day}::date)
    order by a.path`.execute(db);
  return agencies.rows.map((r) => ({
    kind: 'agency',
    code: r.code,
    nameVi: r.name_vi,
    nameEn: r.name_en,
    agencyNameVi: r.name_vi,
    agencyNameEn: r.name_en,
    agencyKind: r.kind,
  }));
}
