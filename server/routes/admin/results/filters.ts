// The filter form every staff results page shares (views/admin/results/_filters.eta): what to show
// in each field (the resolved selection, or what was typed when it had problems), the choices of
// the user's province, and the problems as an error summary linking to the fields.
import type { FastifyRequest } from 'fastify';
import { pathIds } from '../../../db/queries/agencies.ts';
import { listCampaignsOfProvince } from '../../../db/queries/campaigns.ts';
import { findQuestionnaireVersion, listQuestionnaires } from '../../../db/queries/questionnaires.ts';
import { questionList } from '../../../domain/questionnaire.ts';
import { resultsProblemKey } from '../../../i18n/messages/results.ts';
import { CHANNELS, DEFAULT_QUESTIONNAIRE } from '../../../results/params.ts';
import type { StaffSelection } from './selection.ts';
import { inLocale } from '../../../i18n/index.ts';

/** The query parameters the form has a field for. */
const FILTER_FIELDS = [
  'period',
  'month',
  'quarter',
  'year',
  'from',
  'to',
  'questionnaire',
  'campaign',
  'channel',
  'field',
  'type',
  'predecessors',
] as const;
export type FilterField = (typeof FILTER_FIELDS)[number];

export interface Option {
  value: string;
  label: string;
}

export interface FilterForm {
  /** Where the GET form goes: the page's own address. */
  action: string;
  /** With JavaScript, the element htmx swaps with the answer (e.g. '#results-panel'); null: none. */
  target: string | null;
  values: Record<FilterField, string>;
  /** Parameters the page keeps that have no field here (agency, version, sort, …). */
  hidden: { name: string; value: string }[];
  /** For the error summary: the element id of the field, and the message. */
  errors: { field?: string; message: string }[];
  fieldErrors: Partial<Record<FilterField, string>>;
  periods: Option[];
  questionnaires: Option[];
  campaigns: Option[];
  channels: Option[];
  fields: Option[];
  types: Option[];
}

/** The element id of a filter field: prefixed, so that a page may use 'from' or 'field' itself. */
export const filterId = (name: string): string => (name === 'period' ? 'filter-period' : `filter-${name}`);

const PERIOD_KINDS = ['month', 'quarter', 'year', 'custom'] as const;

function quarterOf(day: string): string {
  return `${day.slice(0, 4)}-Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;
}

function valuesOf(selection: StaffSelection): Record<FilterField, string> {
  if (!selection.ok) {
    const q = selection.query;
    const out = Object.fromEntries(FILTER_FIELDS.map((f) => [f, (q[f] ?? '').trim()])) as Record<FilterField, string>;
    if (!out.period) out.period = out.from || out.to ? 'custom' : out.month ? 'month' : out.quarter ? 'quarter' : 'year';
    return out;
  }
  const { query, resolved } = selection;
  const p = resolved.period;
  return {
    period: p.kind,
    // Every kind's field shows the chosen period's own month, quarter or year, so switching kind
    // starts from where the user is.
    month: p.kind === 'month' ? p.from.slice(0, 7) : (query.month ?? p.from.slice(0, 7)),
    quarter: p.kind === 'quarter' ? quarterOf(p.from) : (query.quarter ?? quarterOf(p.from)),
    year: p.kind === 'year' ? p.from.slice(0, 4) : (query.year ?? p.from.slice(0, 4)),
    from: p.kind === 'custom' ? p.from : (query.from ?? ''),
    to: p.kind === 'custom' ? p.to : (query.to ?? ''),
    questionnaire: resolved.questionnaireCode,
    campaign: query.campaign ?? '',
    channel: query.channel ?? '',
    field: query.field ?? '',
    type: query.type ?? '',
    predecessors: resolved.filter.includePredecessors ? '1' : '',
  };
}

/** The options of a background question of the SIPAS questionnaire (B.FIELD, B.TYPE). */
async function backgroundOptions(request: FastifyRequest, code: 'B.FIELD' | 'B.TYPE'): Promise<Option[]> {
  const sipas = await findQuestionnaireVersion(request.server.db, DEFAULT_QUESTIONNAIRE);
  const item = sipas ? questionList(sipas.definition).find((q) => q.code === code) : undefined;
  return (item?.options ?? []).map((o) => ({ value: String(o.value), label: inLocale(request.locale, o.vi, o.en) }));
}

export async function filterForm(
  request: FastifyRequest,
  selection: StaffSelection,
  opts: { action: string; target?: string | null; hidden?: Record<string, string | number | undefined | null> },
): Promise<FilterForm> {
  const db = request.server.db;
  const t = request.t;
  const en = request.locale === 'en';
  const provinceId = pathIds(request.user!.agencyPath)[0]!;
  const [questionnaires, campaigns, fields, types] = await Promise.all([
    listQuestionnaires(db),
    listCampaignsOfProvince(db, provinceId),
    backgroundOptions(request, 'B.FIELD'),
    backgroundOptions(request, 'B.TYPE'),
  ]);

  const problems = selection.ok ? [] : selection.problems;
  const fieldErrors: Partial<Record<FilterField, string>> = {};
  const errors: FilterForm['errors'] = [];
  for (const p of problems) {
    const message = t(resultsProblemKey(p.code));
    const name = p.field as FilterField;
    const hasField = (FILTER_FIELDS as readonly string[]).includes(name);
    if (hasField && fieldErrors[name]) continue;
    if (hasField) fieldErrors[name] = message;
    errors.push({ field: hasField ? filterId(name) : undefined, message });
  }

  return {
    action: opts.action,
    target: opts.target ?? null,
    values: valuesOf(selection),
    hidden: Object.entries(opts.hidden ?? {})
      .filter(([, v]) => v !== undefined && v !== null && v !== '')
      .map(([name, v]) => ({ name, value: String(v) })),
    errors,
    fieldErrors,
    periods: PERIOD_KINDS.map((k) => ({ value: k, label: t(`dashboards.filters.period.${k}`) })),
    questionnaires: questionnaires.map((q) => ({ value: q.code, label: en && q.titleEn ? q.titleEn : q.titleVi })),
    campaigns: campaigns.map((c) => ({ value: c.code, label: `${en && c.name_en ? c.name_en : c.name_vi} (${c.code})` })),
    channels: CHANNELS.map((c) => ({ value: c, label: t(`results.channel.${c}`) })),
    fields,
    types,
  };
}
