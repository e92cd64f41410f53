// The weakness a plan starts from: an index (overall, element or criterion) of an agency for a
// period and questionnaire, with its figure as the results service computes it now. The selection
// travels in the query string (from the agency page) and again in the form's hidden fields; the
// figure is recomputed on every request and never read from the form, so a plan records what the
// results pages show.
import type { FastifyRequest } from 'fastify';
import { resolveQuery, ResultsQuery, type Resolved } from '../../../results/params.ts';
import { agencyResults, type AgencyResults, type ScoredIndex } from '../../../results/service.ts';
import { formatInterval, formatTarget, indexName, periodLabel, shareText, verdictView } from '../../../results/display.ts';
import { formatNumber } from '../../../i18n/format.ts';
import type { Translate, Locale } from '../../../i18n/index.ts';
import { NotFoundError } from '../guard.ts';

/** The selection fields a plan keeps: an unfiltered figure of one agency, questionnaire and period. */
const SELECTION_FIELDS = ['agency', 'questionnaire', 'version', 'period', 'month', 'quarter', 'year', 'from', 'to'] as const;
export type SelectionField = (typeof SELECTION_FIELDS)[number];
const INDEX = /^[A-Za-z0-9._-]{1,64}$/;

export interface Weakness {
  resolved: Extract<Resolved, { ok: true }>;
  results: AgencyResults;
  index: ScoredIndex;
  /** The selection as hidden fields, to carry it through the form. */
  hidden: { name: string; value: string }[];
}

export type WeaknessLookup = { ok: true; weakness: Weakness } | { ok: false; problem: 'selection' | 'index' };

/** The selection and index named by a query string or a form; an agency outside the scope is a 404. */
export async function findWeakness(request: FastifyRequest, source: Record<string, unknown>): Promise<WeaknessLookup> {
  const user = request.user!;
  const picked = Object.fromEntries(SELECTION_FIELDS.map((f) => [f, source[f]]).filter(([, v]) => typeof v === 'string' && v !== ''));
  const parsed = ResultsQuery.safeParse(picked);
  if (!parsed.success || !parsed.data.agency) return { ok: false, problem: 'selection' };
  const resolved = await resolveQuery(request.server.db, { agencyId: user.agencyId, path: user.agencyPath }, parsed.data);
  if (!resolved.ok) {
    if (resolved.status === 404) throw new NotFoundError();
    return { ok: false, problem: 'selection' };
  }
  const code = typeof source['index'] === 'string' ? source['index'] : '';
  if (!INDEX.test(code)) return { ok: false, problem: 'index' };
  const results = await agencyResults(request.server.db, resolved.agency, resolved.filter);
  const index = [results.overall, ...results.elements, ...results.criteria].find((i) => i.code === code);
  if (!index) return { ok: false, problem: 'index' };
  const hidden = [...Object.entries(picked).map(([name, value]) => ({ name, value: String(value) })), { name: 'index', value: index.code }];
  return { ok: true, weakness: { resolved, results, index, hidden } };
}

/** "E1.2 Trang thiết bị …: 62,50% (n = 120; khoảng tin cậy 95%: …; chỉ tiêu > 80%: chưa đạt, rõ ràng), năm 2026." */
export function weaknessText(w: Weakness, t: Translate, locale: Locale): string {
  const i = w.index;
  const name = indexName(w.results.questionnaire.definition, i.code, t, locale);
  const v = verdictView(i.verdict, t);
  return t('plans.weakness.text', {
    code: i.code,
    name,
    share: shareText(i.share, locale),
    n: formatNumber(i.n, locale),
    interval: formatInterval(i.interval, locale),
    target: i.target
      ? t('plans.weakness.target', { target: formatTarget(i.target, locale), verdict: v.detail ? `${v.text}, ${v.detail}` : v.text })
      : t('plans.weakness.noTarget'),
    period: periodLabel(w.resolved.period, t, locale),
  });
}
