// Paper keying: the campaigns and service points a clerk may key forms for, the clerk's own entries
// (response_entries, kept apart from the answers), and the correction of their last form.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../schema.ts';
import { contentHash, contentOfStored } from '../../domain/response-content.ts';
import { escapeLike } from './agencies.ts';
import { audit } from './audit.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** How long after keying a clerk may still correct their last form. */
const CORRECTION_WINDOW_MS = 10 * 60 * 1000;
const WINDOW_SECONDS = CORRECTION_WINDOW_MS / 1000;

export interface PaperCampaign {
  id: number;
  code: string;
  nameVi: string;
  nameEn: string | null;
  questionnaireVersionId: number;
  startsOn: string;
  endsOn: string | null;
}

/**
 * Open campaigns taking paper forms that reach into the subtree: one of their agencies is the
 * subtree's root or above it (covers it all) or lies inside it (covers part of it).
 */
export async function listPaperCampaigns(db: Db, scopePath: string): Promise<PaperCampaign[]> {
  const r = await sql<{
    id: number;
    code: string;
    name_vi: string;
    name_en: string | null;
    questionnaire_version_id: number;
    starts_on: string;
    ends_on: string | null;
  }>`
    select c.id, c.code, c.name_vi, c.name_en, c.questionnaire_version_id, c.starts_on, c.ends_on
    from campaigns c
    where c.status = 'open' and 'paper' = any (c.channels)
      and exists (select 1 from campaign_agencies ca join agencies a on a.id = ca.agency_id
                  where ca.campaign_id = c.id
                    and (${scopePath} like a.path || '%' or a.path like ${escapeLike(scopePath) + '%'}))
    order by c.starts_on desc, c.code`.execute(db);
  return r.rows.map((c) => ({
    id: Number(c.id),
    code: c.code,
    nameVi: c.name_vi,
    nameEn: c.name_en,
    questionnaireVersionId: Number(c.questionnaire_version_id),
    startsOn: c.starts_on,
    endsOn: c.ends_on,
  }));
}

export interface PaperServicePoint {
  id: number;
  code: string;
  nameVi: string;
  nameEn: string | null;
  agencyId: number;
  agencyNameVi: string;
  agencyNameEn: string | null;
}

type ServicePointRow = {
  id: number;
  code: string;
  name_vi: string;
  name_en: string | null;
  agency_id: number;
  agency_name_vi: string;
  agency_name_en: string | null;
};
const toServicePoint = (s: ServicePointRow): PaperServicePoint => ({
  id: Number(s.id),
  code: s.code,
  nameVi: s.name_vi,
  nameEn: s.name_en,
  agencyId: Number(s.agency_id),
  agencyNameVi: s.agency_name_vi,
  agencyNameEn: s.agency_name_en,
});

/** Active service points inside both the campaign's coverage and the subtree. */
export async function listPaperServicePoints(
  db: Db,
  campaignId: number,
  scopePath: string,
  servicePointCode?: string,
): Promise<PaperServicePoint[]> {
  const r = await sql<ServicePointRow>`
    select sp.id, sp.code, sp.name_vi, sp.name_en, a.id as agency_id, a.name_vi as agency_name_vi, a.name_en as agency_name_en
    from service_points sp join agencies a on a.id = sp.agency_id
    where sp.active
      and a.path like ${escapeLike(scopePath) + '%'}
      and exists (select 1 from campaign_agencies ca join agencies c on c.id = ca.agency_id
                  where ca.campaign_id = ${campaignId} and a.path like c.path || '%')
      ${servicePointCode === undefined ? sql`` : sql`and sp.code = ${servicePointCode}`}
    order by a.path, sp.code`.execute(db);
  return r.rows.map(toServicePoint);
}

/**
 * The campaign and service point of a keying page, or undefined when the pair is not one the user
 * may key for (unknown, closed, without paper, outside the coverage or outside the subtree): the
 * page answers 404 for all of them alike.
 */
export async function findPaperTarget(
  db: Db,
  p: { campaignCode: string; servicePointCode: string; scopePath: string },
): Promise<{ campaign: PaperCampaign; servicePoint: PaperServicePoint } | undefined> {
  const campaign = (await listPaperCampaigns(db, p.scopePath)).find((c) => c.code === p.campaignCode);
  if (!campaign) return undefined;
  const [servicePoint] = await listPaperServicePoints(db, campaign.id, p.scopePath, p.servicePointCode);
  return servicePoint && { campaign, servicePoint };
}

/** When the session behind a cookie began: the running count starts there. */
export async function sessionStartedAt(db: Db, sessionHash: string): Promise<Date | null> {
  const r = await db.selectFrom('sessions').select('created_at').where('id_hash', '=', sessionHash).executeTakeFirst();
  return r?.created_at ?? null;
}

/** Forms the user keyed since an instant (their session's start). */
export async function countEntriesSince(db: Db, userId: number, since: Date): Promise<number> {
  const r = await db
    .selectFrom('response_entries')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('entered_by', '=', userId)
    .where('entered_at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export interface OwnEntry {
  responseId: string;
  enteredAt: Date;
  /** Its place among the user's forms since `since` (1 for the first); 0 when keyed before it. */
  position: number;
}

/** A form the user keyed, with its number in the session; undefined when it is not theirs. */
export async function findOwnEntry(db: Db, responseId: string, userId: number, since: Date): Promise<OwnEntry | undefined> {
  const r = await sql<{ entered_at: Date; position: number }>`
    select e.entered_at,
           (select count(*) from response_entries o
             where o.entered_by = e.entered_by and o.entered_at >= ${since} and o.entered_at <= e.entered_at) as position
    from response_entries e
    where e.response_id = ${responseId} and e.entered_by = ${userId}`.execute(db);
  const row = r.rows[0];
  return row && { responseId, enteredAt: new Date(row.entered_at), position: row.entered_at >= since ? Number(row.position) : 0 };
}

export interface LastEntry {
  responseId: string;
  enteredAt: Date;
  /** Until when it may be corrected, by the database's clock. */
  correctableUntil: Date;
  correctable: boolean;
}

/** The user's most recent form and whether it may still be corrected. */
export async function lastEntry(db: Db, userId: number): Promise<LastEntry | undefined> {
  const r = await sql<{ response_id: string; entered_at: Date; until: Date; correctable: boolean }>`
    select response_id, entered_at,
           entered_at + make_interval(secs => ${WINDOW_SECONDS}) as until,
           entered_at > now() - make_interval(secs => ${WINDOW_SECONDS}) as correctable
    from response_entries
    where entered_by = ${userId}
    order by entered_at desc, response_id desc
    limit 1`.execute(db);
  const row = r.rows[0];
  return (
    row && {
      responseId: row.response_id,
      enteredAt: new Date(row.entered_at),
      correctableUntil: new Date(row.until),
      correctable: row.correctable,
    }
  );
}

export interface KeyedForm {
  responseId: string;
  enteredBy: number;
  enteredAt: Date;
  correctableUntil: Date;
  /** Keyed by the user less than the window ago. */
  fresh: boolean;
  /** No later form by the same clerk. */
  last: boolean;
  questionnaireVersionId: number;
  campaignId: number | null;
  campaignCode: string | null;
  campaignNameVi: string | null;
  campaignNameEn: string | null;
  agencyId: number;
  servicePointId: number | null;
  servicePointCode: string | null;
  servicePointNameVi: string | null;
  servicePointNameEn: string | null;
  submittedAt: Date;
  answers: Record<string, unknown>;
  comment: string | null;
  contentHash: string;
}

export type CorrectionRefusal = 'not-yours' | 'too-late' | 'not-last';

/** Why the user may not correct this form, or null when they may. */
export function correctionRefusal(form: Pick<KeyedForm, 'enteredBy' | 'fresh' | 'last'>, userId: number): CorrectionRefusal | null {
  if (form.enteredBy !== userId) return 'not-yours';
  if (!form.fresh) return 'too-late';
  if (!form.last) return 'not-last';
  return null;
}

type KeyedRow = {
  response_id: string;
  entered_by: number;
  entered_at: Date;
  until: Date;
  fresh: boolean;
  last: boolean;
  questionnaire_version_id: number;
  campaign_id: number | null;
  campaign_code: string | null;
  campaign_name_vi: string | null;
  campaign_name_en: string | null;
  agency_id: number;
  service_point_id: number | null;
  service_point_code: string | null;
  service_point_name_vi: string | null;
  service_point_name_en: string | null;
  submitted_at: Date;
  answers: Record<string, unknown> | string;
  comment: string | null;
  content_hash: string;
};

/**
 * A keyed paper form inside the subtree, or undefined (unknown, not keyed on paper, or outside the
 * subtree: all answer 404). `lock` holds the entry row until the transaction ends.
 */
export async function findKeyedForm(
  db: Db,
  responseId: string,
  scopePath: string,
  opts: { lock?: boolean } = {},
): Promise<KeyedForm | undefined> {
  const r = await sql<KeyedRow>`
    select e.response_id, e.entered_by, e.entered_at,
           e.entered_at + make_interval(secs => ${WINDOW_SECONDS}) as until,
           e.entered_at > now() - make_interval(secs => ${WINDOW_SECONDS}) as fresh,
           not exists (select 1 from response_entries l
                        where l.entered_by = e.entered_by and (l.entered_at, l.response_id) > (e.entered_at, e.response_id)) as last,
           r.questionnaire_version_id, r.campaign_id, c.code as campaign_code, c.name_vi as campaign_name_vi,
           c.name_en as campaign_name_en, r.agency_id, r.service_point_id, sp.code as service_point_code,
           sp.name_vi as service_point_name_vi, sp.name_en as service_point_name_en, r.submitted_at, r.answers, rc.body as comment, r.content_hash
    from response_entries e
    join responses r on r.id = e.response_id
    join agencies a on a.id = r.agency_id
    left join campaigns c on c.id = r.campaign_id
    left join service_points sp on sp.id = r.service_point_id
    left join response_comments rc on rc.response_id = r.id
    where e.response_id = ${responseId} and r.channel = 'paper' and a.path like ${escapeLike(scopePath) + '%'}
    ${opts.lock ? sql`for update of e, r` : sql``}`.execute(db);
  const row = r.rows[0];
  if (!row) return undefined;
  return {
    responseId: row.response_id,
    enteredBy: Number(row.entered_by),
    enteredAt: new Date(row.entered_at),
    correctableUntil: new Date(row.until),
    fresh: row.fresh,
    last: row.last,
    questionnaireVersionId: Number(row.questionnaire_version_id),
    campaignId: row.campaign_id === null ? null : Number(row.campaign_id),
    campaignCode: row.campaign_code,
    campaignNameVi: row.campaign_name_vi,
    campaignNameEn: row.campaign_name_en,
    agencyId: Number(row.agency_id),
    servicePointId: row.service_point_id === null ? null : Number(row.service_point_id),
    servicePointCode: row.service_point_code,
    servicePointNameVi: row.service_point_name_vi,
    servicePointNameEn: row.service_point_name_en,
    submittedAt: new Date(row.submitted_at),
    answers: typeof row.answers === 'string' ? (JSON.parse(row.answers) as Record<string, unknown>) : row.answers,
    comment: row.comment,
    contentHash: row.content_hash,
  };
}

export type CorrectionResult = { ok: true; changed: boolean } | { ok: false; reason: CorrectionRefusal | 'gone' };

/**
 * Replaces a keyed form's answers and comment, checked and cleaned by the caller. In one
 * transaction: the entry is locked and the rules checked again (another tab may have keyed a form
 * since the page was shown), the old values go to response_corrections, the row and its hash
 * change, and the audit log records it. The same content again changes nothing.
 */
export async function correctKeyedForm(
  db: Kysely<Database>,
  c: { responseId: string; userId: number; scopePath: string; answers: Record<string, unknown>; comment: string | null; ip: string | null },
): Promise<CorrectionResult> {
  return db.transaction().execute(async (trx) => {
    const form = await findKeyedForm(trx, c.responseId, c.scopePath, { lock: true });
    if (!form) return { ok: false, reason: 'gone' } as const;
    const refusal = correctionRefusal(form, c.userId);
    if (refusal) return { ok: false, reason: refusal } as const;

    const stored = await trx
      .selectFrom('responses')
      .select([
        'questionnaire_version_id',
        'agency_id',
        'service_point_id',
        'campaign_id',
        'channel',
        'submitted_at',
        'locale',
        'province_id',
      ])
      .where('id', '=', c.responseId)
      .executeTakeFirstOrThrow();
    const hash = contentHash({ ...contentOfStored({ ...stored, answers: c.answers }, c.comment) });
    if (hash === form.contentHash) return { ok: true, changed: false } as const;

    await trx
      .insertInto('response_corrections')
      .values({
        response_id: c.responseId,
        corrected_by: c.userId,
        old_answers: JSON.stringify(form.answers),
        old_comment: form.comment,
        old_hash: form.contentHash,
      })
      .execute();
    await trx
      .updateTable('responses')
      .set({ answers: JSON.stringify(c.answers), content_hash: hash })
      .where('id', '=', c.responseId)
      .execute();
    if (c.comment === null) {
      await trx.deleteFrom('response_comments').where('response_id', '=', c.responseId).execute();
    } else {
      await trx
        .insertInto('response_comments')
        .values({ response_id: c.responseId, province_id: stored.province_id, body: c.comment })
        .onConflict((oc) => oc.column('response_id').doUpdateSet({ body: c.comment! }))
        .execute();
    }
    await trx
      .updateTable('response_entries')
      .set({ corrected_at: sql<Date>`now()` })
      .where('response_id', '=', c.responseId)
      .execute();
    await audit(trx, {
      action: 'paper.correct',
      actorUserId: c.userId,
      agencyId: form.agencyId,
      ip: c.ip,
      details: { responseId: c.responseId, oldHash: form.contentHash, newHash: hash },
    });
    return { ok: true, changed: true } as const;
  });
}
