// Closed periods (kỳ đã chốt): after the annual report a coordinator closes a year for their agency's
// subtree; responses dated in it are then stored flagged 'closed-period' (server/intake/intake.ts)
// and left out until the flag review includes them. One field per form: the year to close for the
// user's own agency, or a reopen button per closed year of an agency in the subtree. Both audited.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { findAgencyByCode } from '../../db/queries/agencies.ts';
import { closePeriod, listClosedPeriods, reopenPeriod } from '../../db/queries/closed-periods.ts';
import { closableYear, FIRST_CLOSABLE_YEAR, lastClosableYear } from '../../domain/closed-period.ts';
import { inScope } from '../../plugins/session.ts';
import { NotFoundError } from './guard.ts';
import { inLocale } from '../../i18n/index.ts';

const CLOSED_PERIODS_PATH = '/closed-periods';

const CloseBody = z.object({ year: z.string().catch('') });
const ReopenBody = z.object({ agency: z.string().max(64).catch(''), year: z.string().catch('') });
const Notice = z.object({
  done: z.enum(['closed', 'reopened']).optional().catch(undefined),
  year: z.coerce.number().int().min(FIRST_CLOSABLE_YEAR).max(2100).optional().catch(undefined),
});

export default async function closedPeriodRoutes(app: FastifyInstance): Promise<void> {
  // Closing a year is about the agency tree's figures; coordinators and admins manage agencies.
  const config = { permission: 'agencies.manage' as const };

  async function render(request: FastifyRequest, reply: FastifyReply, opts: { status?: number; year?: string; error?: string } = {}) {
    const me = request.user!;
    const name = (vi: string, en: string | null) => inLocale(request.locale, vi, en);
    const periods = await listClosedPeriods(app.db, me.agencyPath);
    const q = Notice.parse(request.query ?? {});
    return reply.page(
      'admin/closed-periods/index.eta',
      {
        agency: name(me.agencyNameVi, me.agencyNameEn),
        periods: periods.map((p) => ({
          ...p,
          agencyName: name(p.agencyNameVi, p.agencyNameEn),
          // A year closed above the user's agency shows here but is reopened up there.
          mine: inScope(me, p.agencyPath),
        })),
        maxYear: lastClosableYear(),
        year: opts.year ?? '',
        error: opts.error ?? null,
        errors: opts.error ? [{ field: 'year', message: opts.error }] : [],
        notice: q.done && q.year ? { kind: q.done, year: q.year } : null,
      },
      { status: opts.status, title: request.t('periods.title') },
    );
  }

  app.get(CLOSED_PERIODS_PATH, { config }, async (request, reply) => render(request, reply));

  app.post(CLOSED_PERIODS_PATH, { config }, async (request, reply) => {
    const me = request.user!;
    const typed = CloseBody.parse(request.body ?? {}).year.slice(0, 20);
    const max = lastClosableYear();
    const year = closableYear(typed);
    if (year === null) return render(request, reply, { status: 422, year: typed, error: request.t('periods.error.year', { max }) });
    const closed = await closePeriod(app.db, me.agencyId, year, { userId: me.id, ip: request.ip || null });
    if (!closed) {
      const agency = inLocale(request.locale, me.agencyNameVi, me.agencyNameEn);
      return render(request, reply, { status: 422, year: typed, error: request.t('periods.error.closed', { year, agency }) });
    }
    return reply.redirect(`/admin${CLOSED_PERIODS_PATH}?done=closed&year=${year}`, 303);
  });

  app.post(`${CLOSED_PERIODS_PATH}/reopen`, { config }, async (request, reply) => {
    const me = request.user!;
    const body = ReopenBody.parse(request.body ?? {});
    const agency = body.agency ? await findAgencyByCode(app.db, body.agency) : undefined;
    // Outside the subtree (or above it) answers like an agency that does not exist.
    if (!agency || !inScope(me, agency.path)) throw new NotFoundError();
    const year = /^\d{4}$/.test(body.year) ? Number(body.year) : null;
    if (year === null || !(await reopenPeriod(app.db, agency.id, year, { userId: me.id, ip: request.ip || null })))
      throw new NotFoundError();
    return reply.redirect(`/admin${CLOSED_PERIODS_PATH}?done=reopened&year=${year}`, 303);
  });
}
