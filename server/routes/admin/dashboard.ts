// The staff home: what the signed-in role does, what waits for it in its subtree with live counts
// (units below their target this year, new comments, plans, flagged responses, kiosks gone quiet,
// tokens about to expire), and the screens it may open — the same table the menu is built from
// (server/domain/staff-screens.ts). Each count is shown only to a role that can act on it.
import type { FastifyInstance } from 'fastify';
import { countTokensExpiring } from '../../db/queries/api-tokens.ts';
import { countKiosksOffline } from '../../db/queries/staff-home.ts';
import type { SessionUser } from '../../db/queries/sessions.ts';
import { can } from '../../domain/roles.ts';
import { screensFor } from '../../domain/staff-screens.ts';
import { formatNumber, localDay } from '../../i18n/format.ts';
import { resolveQuery } from '../../results/params.ts';
import { overview } from '../../results/service.ts';
import { followUpCounts } from './follow-up-counts.ts';

/** A kiosk not heard from for this long during the day is counted as offline. */
const KIOSK_QUIET_MINUTES = 60;
/** Tokens expiring within this many days are counted, so that their system gets a new one in time. */
const TOKEN_EXPIRY_WARNING_DAYS = 30;

/** Units of the user's own view (their agency and the units directly under it) below their target this year. */
async function unitsBelowTarget(app: FastifyInstance, user: SessionUser): Promise<{ below: number; year: string } | null> {
  if (!can(user.role, 'results.read')) return null;
  const resolved = await resolveQuery(app.db, { agencyId: user.agencyId, path: user.agencyPath }, {});
  if (!resolved.ok) return null;
  const view = await overview(app.db, resolved.agency, resolved.filter, null);
  const below = [view.root, ...view.rows].filter((r) => r.overall.verdict.status === 'not-met').length;
  return { below, year: resolved.filter.from.slice(0, 4) };
}

export default async function dashboardRoutes(app: FastifyInstance): Promise<void> {
  app.get('/', { config: { permission: 'staff' } }, async (request, reply) => {
    const user = request.user!;
    const [counts, targets, kiosksOffline, tokensExpiring] = await Promise.all([
      followUpCounts(app.db, user, localDay(new Date())),
      unitsBelowTarget(app, user),
      can(user.role, 'kiosks.manage') ? countKiosksOffline(app.db, user.agencyPath, KIOSK_QUIET_MINUTES) : null,
      can(user.role, 'tokens.manage') ? countTokensExpiring(app.db, user.agencyPath, TOKEN_EXPIRY_WARNING_DAYS) : null,
    ]);
    const n = (x: number) => formatNumber(x, request.locale);
    return reply.page(
      'admin/dashboard.eta',
      {
        homeScreens: screensFor(user.role).filter((s) => s.id !== 'home'),
        todo: {
          targets: targets && { n: n(targets.below), year: targets.year },
          comments: counts.comments && { new: n(counts.comments.new), open: n(counts.comments.open), overdue: n(counts.comments.overdue) },
          plans: counts.plans && { open: n(counts.plans.open), overdue: n(counts.plans.overdue) },
          flagged: counts.flagged === null ? null : n(counts.flagged),
          kiosks: kiosksOffline === null ? null : { n: n(kiosksOffline), minutes: KIOSK_QUIET_MINUTES },
          tokens: tokensExpiring === null ? null : { n: n(tokensExpiring), days: TOKEN_EXPIRY_WARNING_DAYS },
        },
      },
      { title: request.t('dashboard.title') },
    );
  });
}
