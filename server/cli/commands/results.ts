// `hailong results publish|rebuild|status`: publishing a province's results on the public page,
// recounting the aggregate tables from the raw responses, and how far the aggregator lags.
import { parseOptions, UsageError, type Command } from '../command.ts';
import { audit } from '../../db/queries/audit.ts';
import { countedResponses, findProvince, isPublished, setPublished } from '../../db/queries/publication.ts';
import { rebuildResults, resultQueueLength } from '../../db/queries/results-write.ts';
import { formatNumber } from '../../i18n/format.ts';
import { inLocale } from '../../i18n/index.ts';

const publish: Command = {
  name: ['results', 'publish'],
  usage: 'hailong results publish PROVINCE_CODE --on|--off',
  summary: {
    vi: 'Bật hoặc tắt việc công bố kết quả của một tỉnh tại /ket-qua.',
    en: 'Turn the publication of a province’s results at /ket-qua on or off.',
  },
  async run(argv, ctx) {
    const usage = ctx.t('publicResults.cli.publishUsage');
    const { values, positionals } = parseOptions(argv, { on: { type: 'boolean' }, off: { type: 'boolean' } }, usage);
    if (positionals.length !== 1 || Boolean(values.on) === Boolean(values.off)) throw new UsageError(usage);
    const code = positionals[0]!;
    const published = Boolean(values.on);
    const { db } = await ctx.database();
    const province = await findProvince(db, code);
    if (!province) throw new UsageError(ctx.t('publicResults.cli.noProvince', { code }));
    await db.transaction().execute(async (trx) => {
      if ((await isPublished(trx, province.code)) === published) return;
      await setPublished(trx, province.code, published);
      await audit(trx, {
        action: published ? 'results.publish' : 'results.unpublish',
        actorLabel: 'cli',
        agencyId: province.id,
        details: { province: province.code },
      });
    });
    const name = inLocale(ctx.locale, province.name_vi, province.name_en);
    ctx.out(ctx.t(published ? 'publicResults.cli.on' : 'publicResults.cli.off', { province: name, code: province.code }));
    return 0;
  },
};

const rebuild: Command = {
  name: ['results', 'rebuild'],
  usage: 'hailong results rebuild [--province CODE] [--from YYYY-MM] [--to YYYY-MM] [--progress]',
  summary: {
    vi: 'Đếm lại bảng tổng hợp kết quả từ các phiếu gốc: tất cả, hoặc một tỉnh và/hoặc các tháng.',
    en: 'Recount the results rollups from the raw responses: all of them, or one province and/or some months.',
  },
  async run(argv, ctx) {
    const { values, positionals } = parseOptions(
      argv,
      { province: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, progress: { type: 'boolean' } },
      this.usage,
    );
    const month = /^\d{4}-(0[1-9]|1[0-2])$/;
    if (positionals.length > 0) throw new UsageError(this.usage);
    for (const m of [values.from, values.to]) if (m !== undefined && !month.test(m)) throw new UsageError(this.usage);
    if (values.from && values.to && values.to < values.from) throw new UsageError(this.usage);
    const { db } = await ctx.database();
    let provinceId: number | undefined;
    if (values.province !== undefined) {
      const province = await findProvince(db, values.province);
      if (!province) throw new UsageError(ctx.t('publicResults.cli.noProvince', { code: values.province }));
      provinceId = province.id;
    }
    const started = performance.now();
    const counted = await rebuildResults(db, { provinceId, from: values.from, to: values.to }, (p) => {
      if (values.progress) ctx.out(`${p.month} ${p.province}: ${formatNumber(p.responses, ctx.locale)}`);
    });
    const whole = provinceId === undefined && values.from === undefined && values.to === undefined;
    const seconds = (performance.now() - started) / 1000;
    ctx.out(ctx.t('publicResults.cli.rebuilt', { count: formatNumber(whole ? await countedResponses(db) : counted, ctx.locale) }));
    if (values.progress) ctx.out(`${seconds.toFixed(1)} s, ${formatNumber(Math.round(counted / Math.max(seconds, 0.001)), ctx.locale)}/s`);
    return 0;
  },
};

const status: Command = {
  name: ['results', 'status'],
  usage: 'hailong results status',
  summary: {
    vi: 'Số thay đổi đang chờ cộng vào bảng tổng hợp kết quả.',
    en: 'How many changes wait to be added to the results aggregate tables.',
  },
  async run(argv, ctx) {
    const { positionals } = parseOptions(argv, {}, this.usage);
    if (positionals.length > 0) throw new UsageError(this.usage);
    const { db } = await ctx.database();
    const [queued, counted] = await Promise.all([resultQueueLength(db), countedResponses(db)]);
    ctx.out(ctx.t('publicResults.cli.queue', { count: formatNumber(queued, ctx.locale) }));
    ctx.out(ctx.t('publicResults.cli.counted', { count: formatNumber(counted, ctx.locale) }));
    return 0;
  },
};

export default [publish, rebuild, status];
