// The public results pages (issue 5): no sign-in, only for provinces that publish (settings
// `results.public.<CODE>`). /ket-qua lists them; /ket-qua/:province shows each agency's overall
// satisfaction for one complete year, with n and interval, from the same results service as the
// dashboards. A province that does not publish answers exactly like one that does not exist.
// On a phone (issue 14): one card per agency — share, a bar with the target line, n, verdict — in
// the organisation's order by default, or by share or name when the reader asks (`thu-tu`).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { findQuestionnaireVersion } from '../../db/queries/questionnaires.ts';
import { findProvince, firstCountedDay, isPublished, publishedProvinces } from '../../db/queries/publication.ts';
import type { Agency } from '../../db/schema.ts';
import type { IndexTarget, Verdict } from '../../domain/indices.ts';
import { yearPeriod } from '../../domain/period.ts';
import { completeYears } from '../../domain/publication.ts';
import { NotFoundError } from '../../plugins/http-error.ts';
import { formatDate, formatNumber, formatPercent } from '../../i18n/format.ts';
import { inLocale, type Locale, type Translate } from '../../i18n/index.ts';
import { overview, type OverviewRow } from '../../results/service.ts';
import { selectQuestionnaire } from '../../results/selection.ts';
import { METHODOLOGY_PATH } from './methodology.ts';
import { cardBar } from '../../charts/card-bar.ts';
import type { Svg } from '../../charts/svg.ts';

const RESULTS_PATH = '/ket-qua';
/** The questionnaire citizens know the published SIPAS figures by. */
const PUBLIC_QUESTIONNAIRE = 'sipas-2017';
/** Indentation stops here: deeper units are still marked by their level in words. */
const MAX_INDENT = 5;

const ProvinceParams = z.object({ province: z.string().max(64) });
const YearQuery = z.object({ nam: z.string().optional().catch('') });
/** The orders a reader may choose; the organisation's order is the default and not a ranking. */
const PUBLIC_ORDERS = ['co-cau', 'cao-truoc', 'thap-truoc', 'ten'] as const;
export type PublicOrder = (typeof PUBLIC_ORDERS)[number];
const OrderQuery = z.object({ 'thu-tu': z.enum(PUBLIC_ORDERS).optional().catch(undefined) });

export interface PublicRow {
  code: string;
  name: string;
  /** Levels below the province, for the indentation and its words. */
  depth: number;
  ended: string | null;
  /** The share, or null when n is below the minimum: no figure then, so none to rank. */
  share: string | null;
  n: string;
  responses: string;
  interval: string;
  target: string | null;
  verdict: { status: Verdict['status']; icon: string; text: string } | null;
  /** The card's bar (share, interval, target line); hidden from screen readers, which read the words. */
  bar: Svg | null;
  /** For ordering: the share when shown, else null. */
  shareValue: number | null;
}

const name = (a: Pick<Agency, 'name_vi' | 'name_en'>, locale: Locale) => inLocale(locale, a.name_vi, a.name_en);

/** "trên 80%", "từ 85,5% trở lên": thresholds as people write them. */
function targetText(target: IndexTarget, t: Translate, locale: Locale): string {
  const pct = new Intl.NumberFormat(locale === 'vi' ? 'vi-VN' : 'en-GB', { style: 'percent', maximumFractionDigits: 2 }).format(
    target.threshold,
  );
  return t(target.comparator === '>' ? 'methodology.target.gt' : 'methodology.target.ge', { threshold: pct });
}

function verdictText(v: Verdict, t: Translate): PublicRow['verdict'] {
  switch (v.status) {
    case 'met':
    case 'not-met':
      return {
        status: v.status,
        icon: v.status === 'met' ? '✔' : '✖',
        text: `${t(`results.verdict.${v.status}`)}, ${t(v.clear ? 'results.verdict.clear' : 'results.verdict.uncertain')}`,
      };
    case 'insufficient':
      return { status: v.status, icon: '○', text: t('results.verdict.insufficient') };
    case 'no-target':
      return null;
  }
}

/** One row as the public page writes it, in the reader's language and number format. */
function publicRow(r: OverviewRow, root: Agency, minN: number, t: Translate, locale: Locale): PublicRow {
  const o = r.overall;
  // Below the overall's minimum of respondents (the province's rule) it is "chưa đủ mẫu" too.
  const reportable = o.share !== null && o.interval !== null && o.n >= minN && !o.belowMinimum;
  return {
    code: r.agency.code,
    name: name(r.agency, locale),
    depth: r.agency.depth - root.depth,
    ended: r.ended && r.agency.valid_to ? t('publicResults.ended', { date: formatDate(r.agency.valid_to, locale) }) : null,
    share: reportable ? formatPercent(o.share!, locale) : null,
    n: formatNumber(o.n, locale),
    responses: formatNumber(r.responses, locale),
    interval: reportable ? `${formatPercent(o.interval![0], locale)} – ${formatPercent(o.interval![1], locale)}` : '—',
    target: o.target ? targetText(o.target, t, locale) : null,
    verdict: verdictText(o.verdict, t),
    bar: reportable ? cardBar({ share: o.share, interval: o.interval, target: o.target?.threshold ?? null }) : null,
    shareValue: reportable ? o.share : null,
  };
}

/** Rows in the chosen order; rows without a figure stay last when ordering by share. */
function orderRows(rows: PublicRow[], order: PublicOrder, locale: Locale): PublicRow[] {
  if (order === 'co-cau') return rows;
  const byName = (a: PublicRow, b: PublicRow) => a.name.localeCompare(b.name, locale === 'vi' ? 'vi' : 'en');
  if (order === 'ten') return [...rows].sort(byName);
  const sign = order === 'cao-truoc' ? -1 : 1;
  return [...rows].sort((a, b) => {
    if (a.shareValue === null || b.shareValue === null)
      return (a.shareValue === null ? 1 : 0) - (b.shareValue === null ? 1 : 0) || byName(a, b);
    return sign * (a.shareValue - b.shareValue) || byName(a, b);
  });
}

/** Whether the unit existed at some time in the period: units not yet created or long gone have no row. */
function existedIn(a: Agency, from: string, to: string): boolean {
  return (a.valid_from === null || a.valid_from <= to) && (a.valid_to === null || a.valid_to >= from);
}

export default async function publicResultsRoutes(app: FastifyInstance): Promise<void> {
  // Citizens' figures change at most once a year, so shared caches may keep a page five minutes.
  // A signed-in visitor's page carries their name and a form token: that one stays private.
  app.addHook('onSend', async (request, reply) => {
    if (reply.statusCode !== 200) return;
    if (request.user) {
      reply.header('Cache-Control', 'private, no-store');
      return;
    }
    // No cookie may ride on a response a shared cache hands to everyone (the page has no form).
    reply.removeHeader('set-cookie');
    reply.header('Cache-Control', 'public, max-age=300');
  });

  app.get(RESULTS_PATH, async (request, reply) => {
    const provinces = await publishedProvinces(app.db);
    return reply.page(
      'pages/results/list.eta',
      {
        provinces: provinces.map((p) => ({
          code: p.code,
          name: name(p, request.locale),
          href: `${RESULTS_PATH}/${encodeURIComponent(p.code)}`,
        })),
      },
      { title: request.t('publicResults.title') },
    );
  });

  app.get(`${RESULTS_PATH}/:province`, async (request: FastifyRequest, reply: FastifyReply) => {
    const { t, locale } = request;
    const params = ProvinceParams.safeParse(request.params);
    if (!params.success) throw new NotFoundError();
    const province = await findProvince(app.db, params.data.province);
    if (!province || !(await isPublished(app.db, province.code))) throw new NotFoundError();

    const version = await findQuestionnaireVersion(app.db, PUBLIC_QUESTIONNAIRE);
    if (!version) throw new NotFoundError();
    const questionnaire = await selectQuestionnaire(app.db, version.questionnaireId);
    const years = completeYears(await firstCountedDay(app.db, province.id, questionnaire.versionIds), new Date());
    const asked = YearQuery.parse(request.query ?? {}).nam;
    const year = asked === undefined || asked === '' ? years[0]! : /^\d{4}$/.test(asked) ? Number(asked) : NaN;
    if (!years.includes(year)) {
      const message = t('publicResults.badYear', { first: years.at(-1)!, last: years[0]! });
      return reply.page(
        'pages/error.eta',
        { status: 400, heading: t('publicResults.badYearTitle'), message },
        { status: 400, title: t('publicResults.badYearTitle') },
      );
    }

    const period = yearPeriod(year);
    const result = await overview(
      app.db,
      province,
      { agencyId: province.id, from: period.from, to: period.to, questionnaireId: questionnaire.questionnaireId },
      null,
      {
        everyLevel: true,
      },
    );
    const order = OrderQuery.parse(request.query ?? {})['thu-tu'] ?? 'co-cau';
    const rows = orderRows(
      [result.root, ...result.rows.filter((r) => existedIn(r.agency, period.from, period.to))].map((r) =>
        publicRow(r, province, result.minN, t, locale),
      ),
      order,
      locale,
    );
    const provinceName = name(province, locale);
    return reply.page(
      'pages/results/province.eta',
      {
        province: { code: province.code, name: provinceName },
        year,
        years,
        action: `${RESULTS_PATH}/${encodeURIComponent(province.code)}`,
        questionnaire: {
          code: questionnaire.code,
          title: inLocale(locale, questionnaire.titleVi, questionnaire.titleEn),
        },
        minN: result.minN,
        rows,
        order,
        orders: PUBLIC_ORDERS.map((o) => ({ value: o, label: t(`publicCards.order.${o}`) })),
        maxIndent: MAX_INDENT,
        methodologyPath: METHODOLOGY_PATH,
      },
      { title: t('publicResults.provinceTitle', { province: provinceName }) },
    );
  });
}
