// `hailong link --service-point CODE --dossier DOSSIER_CODE [--days N]`: a per-dossier survey link,
// minted as the API mints it, for a one-stop system that calls commands rather than HTTP.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { UsageError, type Command } from '../command.ts';
import { audit } from '../../db/queries/audit.ts';
import { findPlace } from '../../db/queries/places.ts';
import { DOSSIER_CODE, dossierFingerprint } from '../../domain/dossier-link.ts';
import { mintDossierUrl } from '../../domain/dossier-url.ts';
import { formatDateTime } from '../../i18n/format.ts';

const Days = z.coerce.number().int().min(1).max(90);

const link: Command = {
  name: ['link'],
  usage: 'hailong link --service-point CODE --dossier DOSSIER_CODE [--days 1-90]',
  summary: {
    vi: 'Tạo liên kết khảo sát có chữ ký cho một hồ sơ (mỗi hồ sơ đánh giá một lần).',
    en: 'Mint a signed survey link for one dossier (each dossier is rated once).',
  },
  async run(argv, ctx) {
    let values: { 'service-point'?: string | undefined; dossier?: string | undefined; days?: string | undefined };
    let positionals: string[];
    try {
      ({ values, positionals } = parseArgs({
        args: argv,
        allowPositionals: true,
        strict: true,
        options: { 'service-point': { type: 'string' }, dossier: { type: 'string' }, days: { type: 'string' } },
      }));
    } catch (err) {
      throw new UsageError(`${(err as Error).message}\n${ctx.t('intake.link.usage')}`);
    }
    const spCode = values['service-point']?.trim();
    const dossier = values.dossier?.trim();
    if (positionals.length > 0 || !spCode || dossier === undefined) throw new UsageError(ctx.t('intake.link.usage'));
    if (!DOSSIER_CODE.test(dossier)) throw new UsageError(ctx.t('intake.link.badDossier', { value: dossier }));
    const days = values.days === undefined ? undefined : Days.safeParse(values.days);
    if (days && !days.success) throw new UsageError(ctx.t('intake.link.badDays'));

    const { db } = await ctx.database();
    const place = await findPlace(db, { servicePointCode: spCode });
    if (!place) throw new UsageError(ctx.t('intake.link.noServicePoint', { code: spCode }));
    if (!place.servicePointActive) throw new UsageError(ctx.t('intake.problem.service-point-inactive'));

    const minted = mintDossierUrl({
      publicUrl: ctx.config.publicUrl,
      secret: ctx.config.sessionSecret,
      servicePointCode: spCode,
      dossierCode: dossier,
      days: days?.data,
    });
    await audit(db, {
      action: 'link.mint',
      actorLabel: 'cli',
      agencyId: place.agencyId,
      details: { via: 'cli', servicePoint: spCode, dossier: dossierFingerprint(dossier), expiresAt: minted.expiresAt.toISOString() },
    });
    // The URL alone on stdout, so that scripts can capture it; the expiry goes to stderr.
    ctx.out(minted.url);
    ctx.err(ctx.t('intake.link.expires', { at: formatDateTime(minted.expiresAt, ctx.locale) }));
    return 0;
  },
};

export default link;
