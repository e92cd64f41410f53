// GET /admin/results/agency/:code: one agency's results for the selection in the query string —
// overall and element indices against the target, criteria weakest first, the monthly trend, the
// breakdowns, the heat map, expectations, where citizens stop the online survey (drop-off.ts), the
// indices with an improvement plan marked at the plan's month (plan-trends.ts) and the latest comments. An agency outside the user's subtree is a 404, like one that does not exist; an
// htmx request to the same URL gets the panel.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { findAgencyInScope } from '../../../db/queries/agencies.ts';
import { can } from '../../../domain/roles.ts';
import { NotFoundError } from '../guard.ts';
import { COMMENT_LIMIT, loadAgencyPage } from './agency-page.ts';
import { agencyView } from './agency-view.ts';
import { dropOffView } from './drop-off.ts';
import { dropOff } from '../../../results/drop-off.ts';
import { responseRateOf } from '../../../results/served.ts';
import { rateView } from '../../../results/served-display.ts';
import { filterForm } from './filters.ts';
import { agencyPageHref, overviewHref } from './links.ts';
import { agencyName, breadcrumb, PANEL } from './overview.ts';
import { localDay } from '../../../i18n/format.ts';
import { loadPlanTrends, planTrendViews } from './plan-trends.ts';
import { presetLinks } from './presets.ts';
import { staffSelection } from './selection.ts';

const Params = z.object({ code: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/) });

export default async function agencyResultsRoutes(app: FastifyInstance): Promise<void> {
  app.get('/results/agency/:code', { config: { permission: 'results.read' } }, async (request, reply) => {
    const params = Params.safeParse(request.params);
    if (!params.success) throw new NotFoundError();
    const user = request.user!;
    const { t, locale } = request;
    // Checked before the query is read, so a bad filter on someone else's agency is still a 404.
    const agency = await findAgencyInScope(app.db, params.data.code, user.agencyPath);
    if (!agency) throw new NotFoundError();

    const selection = await staffSelection(request, { agency: agency.code });
    const action = agencyPageHref({}, agency.code);
    const filters = await filterForm(request, selection, { action, target: `#${PANEL}`, hidden: { version: selection.query.version } });
    const name = agencyName(agency, locale);
    const query = selection.ok ? selection.query : {};
    // The way back up: the overviews from the user's own agency down to this one's.
    const crumbs = [...(await breadcrumb(request, agency, query)), { name, href: overviewHref(query, agency.code) }];
    const presets = presetLinks(action, query, selection.ok ? selection.resolved.period : null, t, {
      version: selection.ok && selection.query.version !== undefined ? String(selection.query.version) : undefined,
    });
    const common = { panel: PANEL, filters, presets, crumbs, agency: { code: agency.code, name } };
    const title = t('agencyResults.title', { agency: name });

    if (!selection.ok) return reply.page('admin/results/agency.eta', { ...common, page: null }, { status: 422, title });

    const [data, drops, planTrends, rate] = await Promise.all([
      loadAgencyPage(app.db, selection.resolved, { scopePath: user.agencyPath, readsComments: can(user.role, 'comments.read') }),
      dropOff(app.db, selection.resolved.agency, selection.resolved.filter),
      loadPlanTrends(app.db, selection.resolved),
      responseRateOf(app.db, selection.resolved.agency, selection.resolved.filter),
    ]);
    const today = localDay(new Date());
    const page = { ...agencyView(data, t, locale, today), planTrends: planTrendViews(planTrends, data.results, { t, locale, today }) };
    return reply.page(
      'admin/results/agency.eta',
      { ...common, page, dropOff: dropOffView(drops, t, locale), responseRate: rateView(rate, t, locale), commentLimit: COMMENT_LIMIT },
      { title },
    );
  });
}
