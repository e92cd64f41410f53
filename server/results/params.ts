// The query string every results view shares (dashboards, their htmx partials, the results API):
// parsed with zod, then resolved against the database and the caller's scope into a ResultsFilter.
// Bookmarkable: everything is in the URL; blank form fields mean "not set".
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { findAgencyByCode } from '../db/queries/agencies.ts';
import { findCampaignByCode } from '../db/queries/campaigns.ts';
import type { Agency, Channel, Database } from '../db/schema.ts';
import { localDay } from '../i18n/format.ts';
import { daysBetween, isDay, monthPeriod, previousPeriod, quarterPeriod, yearPeriod, type Period } from '../domain/period.ts';
import type { ResultsFilter } from './selection.ts';

const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v);
const opt = <T extends z.ZodType>(s: T) => z.preprocess(blank, s.optional());
/** A parameter that must be given (the results API's): blank is as missing as absent. */
export const needed = <T extends z.ZodType>(s: T) => z.preprocess(blank, s);

export const CHANNELS: readonly Channel[] = ['kiosk', 'online', 'paper', 'api'];
export const CODE = /^[A-Za-z0-9._-]{1,64}$/;
/** Longest period a selection may span: 5 years of days. */
export const MAX_DAYS = 5 * 366;

export const ResultsQuery = z.object({
  agency: opt(z.string().regex(CODE, 'hl:invalid-agency')),
  questionnaire: opt(z.string().regex(CODE, 'hl:unknown-questionnaire')),
  version: opt(
    z.coerce
      .number({ error: 'hl:invalid-version' })
      .int('hl:invalid-version')
      .min(1, 'hl:invalid-version')
      .max(100_000, 'hl:invalid-version'),
  ),
  period: opt(z.enum(['month', 'quarter', 'year', 'custom'], { error: 'hl:invalid-period' })),
  month: opt(z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'hl:invalid-month')),
  quarter: opt(z.string().regex(/^\d{4}-Q[1-4]$/, 'hl:invalid-quarter')),
  year: opt(z.string().regex(/^(19|20|21)\d{2}$/, 'hl:invalid-year')),
  from: opt(z.string().refine(isDay, 'hl:invalid-date')),
  to: opt(z.string().refine(isDay, 'hl:invalid-date')),
  campaign: opt(z.string().regex(CODE, 'hl:unknown-campaign')),
  channel: opt(z.enum(CHANNELS as [Channel, ...Channel[]], { error: 'hl:invalid-channel' })),
  field: opt(z.string().regex(/^[a-z0-9_-]{1,64}$/, 'hl:invalid-field')),
  // The respondent type (B.TYPE): an option value of the questionnaire, like a field code.
  type: opt(z.string().regex(/^[a-z0-9_-]{1,64}$/, 'hl:invalid-type')),
  predecessors: opt(z.enum(['1', 'on', 'true', '0', 'off', 'false'], { error: 'hl:invalid-toggle' })),
  lang: opt(z.string()),
});
export type ResultsQuery = z.infer<typeof ResultsQuery>;

export interface ParamProblem {
  field: string;
  code: string;
}

/** The period the query names; by default the current year so far, in Vietnam time. */
function periodOf(q: ResultsQuery, today: string = localDay(new Date())): Period | ParamProblem {
  const kind = q.period ?? (q.from || q.to ? 'custom' : q.month ? 'month' : q.quarter ? 'quarter' : 'year');
  switch (kind) {
    case 'month': {
      const m = q.month ?? today.slice(0, 7);
      return monthPeriod(Number(m.slice(0, 4)), Number(m.slice(5, 7)));
    }
    case 'quarter': {
      const v = q.quarter ?? `${today.slice(0, 4)}-Q${Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1}`;
      return quarterPeriod(Number(v.slice(0, 4)), Number(v.slice(6)));
    }
    case 'year':
      return yearPeriod(Number(q.year ?? today.slice(0, 4)));
    case 'custom': {
      if (!q.from) return { field: 'from', code: 'missing-date' };
      if (!q.to) return { field: 'to', code: 'missing-date' };
      if (q.to < q.from) return { field: 'to', code: 'date-order' };
      if (daysBetween(q.from, q.to) > MAX_DAYS) return { field: 'to', code: 'period-too-long' };
      return { kind: 'custom', from: q.from, to: q.to };
    }
  }
}

export type Resolved =
  | { ok: true; agency: Agency; filter: ResultsFilter; period: Period; previous: Period; questionnaireCode: string }
  | { ok: false; status: 404 | 422; problems: ParamProblem[] };

// 'unknown-agency' and 'out-of-scope' are both 404 for staff pages (they must look the same); an
// API client acting for a subtree is told which of the two it is.

export const DEFAULT_QUESTIONNAIRE = 'sipas-2017';

/**
 * Resolves codes to rows and checks scope: an agency outside `scopePath` is a 404, the same as one
 * that does not exist (invariant 5). Unknown questionnaires, campaigns and bad periods are 422.
 */
export async function resolveQuery(
  db: Kysely<Database>,
  scope: { agencyId: number; path: string },
  q: ResultsQuery,
  today?: string,
): Promise<Resolved> {
  const problems: ParamProblem[] = [];
  const period = periodOf(q, today);
  if ('code' in period) problems.push(period);

  const agency = q.agency
    ? await findAgencyByCode(db, q.agency)
    : await db.selectFrom('agencies').selectAll().where('id', '=', scope.agencyId).executeTakeFirst();
  if (!agency) return { ok: false, status: 404, problems: [{ field: 'agency', code: 'unknown-agency' }] };
  if (!agency.path.startsWith(scope.path)) return { ok: false, status: 404, problems: [{ field: 'agency', code: 'out-of-scope' }] };

  const questionnaireCode = q.questionnaire ?? DEFAULT_QUESTIONNAIRE;
  const questionnaire = await db.selectFrom('questionnaires').select('id').where('code', '=', questionnaireCode).executeTakeFirst();
  if (!questionnaire) problems.push({ field: 'questionnaire', code: 'unknown-questionnaire' });
  else if (q.version !== undefined) {
    const v = await db
      .selectFrom('questionnaire_versions')
      .select('id')
      .where('questionnaire_id', '=', questionnaire.id)
      .where('version', '=', q.version)
      .executeTakeFirst();
    if (!v) problems.push({ field: 'version', code: 'unknown-version' });
  }

  let campaignId: number | undefined;
  if (q.campaign) {
    const c = await findCampaignByCode(db, q.campaign);
    // A campaign of another province is as unknown as one that does not exist.
    const province = agency.province_id ?? agency.id;
    if (!c || Number(c.province_id) !== Number(province)) problems.push({ field: 'campaign', code: 'unknown-campaign' });
    else campaignId = Number(c.id);
  }

  if (problems.length > 0 || 'code' in period || !questionnaire) return { ok: false, status: 422, problems };
  return {
    ok: true,
    agency,
    period,
    previous: previousPeriod(period),
    questionnaireCode,
    filter: {
      agencyId: agency.id,
      from: period.from,
      to: period.to,
      questionnaireId: Number(questionnaire.id),
      version: q.version,
      campaignId,
      channel: q.channel,
      field: q.field,
      respondentType: q.type,
      includePredecessors: q.predecessors === '1' || q.predecessors === 'on' || q.predecessors === 'true',
    },
  };
}

/** The query string of a selection, for links that keep the filters (sorting, drilling down). */
export function queryString(q: ResultsQuery, changes: Partial<Record<keyof ResultsQuery, string | undefined>> = {}): string {
  const merged: Record<string, string | number | undefined> = { ...q, ...changes };
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(merged)) if (v !== undefined && v !== '' && k !== 'lang') params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}
