// `hailong period close|reopen|list`: closing a year's figures for an agency's subtree after the
// annual report (kỳ đã chốt), opening it again, and listing what is closed. Audited as 'cli'.
import { parseOptions, UsageError, type Command, type CliContext } from '../command.ts';
import { findAgencyByCode } from '../../db/queries/agencies.ts';
import { closePeriod, listClosedPeriods, reopenPeriod } from '../../db/queries/closed-periods.ts';
import type { Agency } from '../../db/schema.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { closableYear } from '../../domain/closed-period.ts';
import { inLocale } from '../../i18n/index.ts';

const options = { agency: { type: 'string' }, year: { type: 'string' } } as const;

async function target(argv: string[], ctx: CliContext, usage: string): Promise<{ agency: Agency; year: number; db: CliDb }> {
  const { values, positionals } = parseOptions(argv, options, usage);
  if (positionals.length > 0 || !values.agency || !values.year) throw new UsageError(usage);
  const year = closableYear(values.year);
  if (year === null) throw new UsageError(ctx.t('periods.cli.badYear', { year: values.year }));
  const { db } = await ctx.database();
  const agency = await findAgencyByCode(db, values.agency);
  if (!agency) throw new UsageError(ctx.t('periods.cli.noAgency', { code: values.agency }));
  return { agency, year, db };
}
type CliDb = Awaited<ReturnType<CliContext['database']>>['db'];

const name = (a: Agency, ctx: CliContext) => inLocale(ctx.locale, a.name_vi, a.name_en);

const close: Command = {
  name: ['period', 'close'],
  usage: 'hailong period close --agency CODE --year YYYY',
  summary: {
    vi: 'Chốt số liệu một năm cho một cơ quan và các đơn vị trực thuộc (phiếu gửi muộn vào năm đó bị đánh dấu).',
    en: 'Close a year’s figures for an agency and every unit below it (late responses into it are flagged).',
  },
  async run(argv, ctx) {
    const { agency, year, db } = await target(argv, ctx, this.usage);
    const done = await closePeriod(db, agency.id, year, { label: 'cli' });
    ctx.out(ctx.t(done ? 'periods.cli.closed' : 'periods.cli.alreadyClosed', { year, agency: name(agency, ctx), code: agency.code }));
    return 0;
  },
};

const reopen: Command = {
  name: ['period', 'reopen'],
  usage: 'hailong period reopen --agency CODE --year YYYY',
  summary: {
    vi: 'Mở lại một năm đã chốt.',
    en: 'Open a closed year again.',
  },
  async run(argv, ctx) {
    const { agency, year, db } = await target(argv, ctx, this.usage);
    const done = await reopenPeriod(db, agency.id, year, { label: 'cli' });
    if (!done) throw new UsageError(ctx.t('periods.cli.notClosed', { year, agency: name(agency, ctx), code: agency.code }), 1);
    ctx.out(ctx.t('periods.cli.reopened', { year, agency: name(agency, ctx), code: agency.code }));
    return 0;
  },
};

const list: Command = {
  name: ['period', 'list'],
  usage: 'hailong period list',
  summary: {
    vi: 'Liệt kê các năm đã chốt.',
    en: 'List the closed years.',
  },
  async run(argv, ctx) {
    const { positionals } = parseOptions(argv, {}, this.usage);
    if (positionals.length > 0) throw new UsageError(this.usage);
    const { db } = await ctx.database();
    const periods = await listClosedPeriods(db, '/');
    if (periods.length === 0) ctx.out(ctx.t('periods.none'));
    for (const p of periods) {
      const who = p.closedBy ?? '—';
      ctx.out(`${p.year}\t${p.agencyCode}\t${formatDateTime(p.closedAt, ctx.locale)}\t${who}`);
    }
    return 0;
  },
};

export default [close, reopen, list];
