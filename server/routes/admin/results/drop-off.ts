// The drop-off panel: where citizens stop the online survey, as a server-drawn bar chart with its
// data table. It is a partial of the agency page (views/admin/results/agency-dropoff.eta) and a
// fragment of its own at GET /admin/results/agency/:code/drop-off (the whole page without htmx, the
// panel alone with it), so that the agency page can place it wherever its layout wants.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { findAgencyInScope } from '../../../db/queries/agencies.ts';
import { barChart, type Svg } from '../../../charts/index.ts';
import { formatNumber, formatPercent } from '../../../i18n/format.ts';
import type { Locale, Translate } from '../../../i18n/index.ts';
import { dropOff, pageSection, stepName, type DropOff } from '../../../results/drop-off.ts';
import { NotFoundError } from '../guard.ts';
import { agencyPageHref, overviewHref } from './links.ts';
import { agencyName, breadcrumb } from './overview.ts';
import { filterForm } from './filters.ts';
import { staffSelection } from './selection.ts';

export interface DropOffRowView {
  step: string;
  /** What the page asks (its element or section); empty for the start, review and submit. */
  section: string;
  sectionLang: 'vi' | null;
  drafts: string;
  share: string;
}

export interface DropOffView {
  online: boolean;
  versions: { version: number; id: string; chart: Svg; rows: DropOffRowView[] }[];
}

export function dropOffView(data: DropOff, t: Translate, locale: Locale): DropOffView {
  const pct = (s: number) => formatPercent(s, locale);
  const num = (n: number) => formatNumber(n, locale);
  return {
    online: data.online,
    versions: data.versions.map((v) => {
      const id = `drop-off-v${v.version}`;
      const rows = v.steps.map((s): DropOffRowView => {
        const page = s.kind === 'page' ? v.plan.pages[s.page - 1] : undefined;
        const section = page ? pageSection(page, t, locale) : { text: '', lang: null };
        return {
          step: stepName(s, t),
          section: section.text,
          sectionLang: section.lang,
          drafts: num(s.drafts),
          share: s.share === null ? '' : pct(s.share),
        };
      });
      const chart = barChart({
        id: `${id}-chart`,
        title: t('dropOff.chartTitle', { version: v.version }),
        description: t('dropOff.chartDesc'),
        items: v.steps.map((s) => {
          const element = s.kind === 'page' ? v.plan.pages[s.page - 1]?.element?.code : undefined;
          return { label: element ? `${stepName(s, t)} · ${element}` : stepName(s, t), share: s.share, n: s.drafts };
        }),
        formatShare: pct,
        formatN: (n) => `(${num(n)})`,
        noDataLabel: t('results.noData'),
      });
      return { version: v.version, id, chart, rows };
    }),
  };
}

const Params = z.object({ code: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/) });

export default async function dropOffRoutes(app: FastifyInstance): Promise<void> {
  app.get('/results/agency/:code/drop-off', { config: { permission: 'results.read' } }, async (request, reply) => {
    const params = Params.safeParse(request.params);
    if (!params.success) throw new NotFoundError();
    const user = request.user!;
    const { t, locale } = request;
    const agency = await findAgencyInScope(app.db, params.data.code, user.agencyPath);
    if (!agency) throw new NotFoundError();
    const selection = await staffSelection(request, { agency: agency.code });
    const name = agencyName(agency, locale);
    const title = t('dropOff.pageTitle', { agency: name });
    if (!selection.ok) {
      // The problems as the agency page's filters word them; the filters themselves are on that page.
      const form = await filterForm(request, selection, { action: agencyPageHref({}, agency.code), target: null, hidden: {} });
      const errors = form.errors.map((e) => ({ message: e.message }));
      return reply.page('admin/results/drop-off.eta', { agency: { name }, crumbs: [], errors, dropOff: null }, { status: 422, title });
    }
    const { resolved, query } = selection;
    const data = await dropOff(app.db, resolved.agency, resolved.filter);
    const crumbs = [
      ...(await breadcrumb(request, agency, query)),
      { name, href: overviewHref(query, agency.code) },
      { name: t('agencyResults.crumb'), href: agencyPageHref(query, agency.code) },
    ];
    return reply.page(
      'admin/results/drop-off.eta',
      { agency: { name }, crumbs, errors: [], dropOff: dropOffView(data, t, locale) },
      { title },
    );
  });
}
