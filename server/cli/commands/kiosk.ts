// `hailong kiosk pair|revoke|list`: counter kiosks from the command line, for setting up many at
// once or when no coordinator account exists yet. The pairing code is printed once.
import { parseOptions, UsageError, type Command } from '../command.ts';
import { audit } from '../../db/queries/audit.ts';
import { findKiosk, listAllKiosks, registerKiosk, revokeKiosk } from '../../db/queries/kiosks.ts';
import { issuePairingCode } from '../../db/queries/kiosk-pairing.ts';
import { findServicePointByCode } from '../../db/queries/service-points.ts';
import { kioskStatus, pairingUrl } from '../../domain/kiosk-pairing.ts';
import { cleanText } from '../../domain/text.ts';
import { formatDateTime, formatNumber } from '../../i18n/format.ts';

const ID = /^[1-9][0-9]{0,15}$/;

const pair: Command = {
  name: ['kiosk', 'pair'],
  usage: 'hailong kiosk pair --service-point CODE [--name NAME] | --kiosk ID',
  summary: {
    vi: 'Đăng ký màn hình đánh giá cho một điểm tiếp nhận (hoặc tạo mã mới cho màn hình có sẵn) và in mã ghép nối.',
    en: 'Register a rating kiosk for a service point (or a new code for an existing kiosk) and print its pairing code.',
  },
  async run(argv, ctx) {
    const usage = ctx.t('kiosk.cli.pair.usage');
    const { values, positionals } = parseOptions(
      argv,
      { 'service-point': { type: 'string' }, name: { type: 'string' }, kiosk: { type: 'string' } },
      usage,
    );
    const byKiosk = values.kiosk !== undefined;
    if (positionals.length > 0 || byKiosk === (values['service-point'] !== undefined) || (byKiosk && values.name !== undefined))
      throw new UsageError(usage);
    const { db } = await ctx.database();
    const publicUrl = ctx.config.publicUrl;

    let issued: { kioskId: number; name: string; code: string; expiresAt: Date };
    if (byKiosk) {
      const id = values.kiosk!;
      const kiosk = ID.test(id) ? await findKiosk(db, Number(id)) : undefined;
      if (!kiosk) throw new UsageError(ctx.t('kiosk.cli.notFound', { id }));
      const code = kiosk.revokedAt ? undefined : await issuePairingCode(db, kiosk.id);
      if (!code) throw new UsageError(ctx.t('kiosk.cli.isRevoked', { id: kiosk.id, name: kiosk.name }));
      await audit(db, {
        action: 'kiosk.code',
        actorLabel: 'cli',
        agencyId: kiosk.agencyId,
        details: { kioskId: kiosk.id, name: kiosk.name, expiresAt: code.expiresAt.toISOString() },
      });
      ctx.out(ctx.t('kiosk.cli.newCode', { id: kiosk.id, name: kiosk.name }));
      issued = { kioskId: kiosk.id, name: kiosk.name, ...code };
    } else {
      const spCode = values['service-point']!;
      const point = await findServicePointByCode(db, spCode);
      if (!point) throw new UsageError(ctx.t('kiosk.cli.noServicePoint', { code: spCode }));
      if (!point.active) throw new UsageError(ctx.t('kiosk.cli.inactive', { code: spCode }));
      const name = cleanText(values.name ?? point.name_vi);
      if (name.length < 1 || name.length > 200) throw new UsageError(ctx.t('kiosk.cli.badName'));
      const r = await registerKiosk(db, { servicePointId: point.id, name, actorLabel: 'cli' });
      ctx.out(ctx.t('kiosk.cli.registered', { id: r.kioskId, name, servicePoint: point.code }));
      issued = { kioskId: r.kioskId, name, code: r.code, expiresAt: r.expiresAt };
    }
    ctx.out(ctx.t('kiosk.cli.code', { code: issued.code, time: formatDateTime(issued.expiresAt, ctx.locale) }));
    ctx.out(ctx.t('kiosk.cli.url', { url: pairingUrl(publicUrl, issued.code) }));
    return 0;
  },
};

const revoke: Command = {
  name: ['kiosk', 'revoke'],
  usage: 'hailong kiosk revoke ID',
  summary: { vi: 'Thu hồi một màn hình đánh giá (thiết bị dừng ngay).', en: 'Revoke a rating kiosk (the device stops at once).' },
  async run(argv, ctx) {
    const usage = ctx.t('kiosk.cli.revoke.usage');
    const { positionals } = parseOptions(argv, {}, usage);
    if (positionals.length !== 1) throw new UsageError(usage);
    const id = positionals[0]!;
    const { db } = await ctx.database();
    const kiosk = ID.test(id) ? await findKiosk(db, Number(id)) : undefined;
    if (!kiosk) throw new UsageError(ctx.t('kiosk.cli.notFound', { id }));
    const revoked = await db.transaction().execute(async (tx) => {
      const done = await revokeKiosk(tx, kiosk.id, new Date());
      if (done)
        await audit(tx, {
          action: 'kiosk.revoke',
          actorLabel: 'cli',
          agencyId: kiosk.agencyId,
          details: { kioskId: kiosk.id, name: kiosk.name },
        });
      return done;
    });
    ctx.out(ctx.t(revoked ? 'kiosk.cli.revoked' : 'kiosk.cli.alreadyRevoked', { id: kiosk.id, name: kiosk.name }));
    return 0;
  },
};

const list: Command = {
  name: ['kiosk', 'list'],
  usage: 'hailong kiosk list',
  summary: { vi: 'Liệt kê các màn hình đánh giá và lần hoạt động cuối.', en: 'List rating kiosks and when each was last seen.' },
  async run(argv, ctx) {
    const { positionals } = parseOptions(argv, {}, this.usage);
    if (positionals.length > 0) throw new UsageError(this.usage);
    const { db } = await ctx.database();
    const kiosks = await listAllKiosks(db);
    if (kiosks.length === 0) {
      ctx.out(ctx.t('kiosk.cli.list.empty'));
      return 0;
    }
    ctx.out(ctx.t('kiosk.cli.list.header'));
    const now = new Date();
    for (const k of kiosks) {
      const status = ctx.t(`kiosks.status.${kioskStatus(k, now)}`);
      const seen = k.lastSeenAt ? formatDateTime(k.lastSeenAt, ctx.locale) : ctx.t('kiosks.never');
      const queue = k.queueLength === null ? '—' : formatNumber(k.queueLength, ctx.locale);
      ctx.out(`#${k.id}  ${k.servicePointCode}  ${k.name}  (${status}; ${seen}; ${k.appVersion ?? '—'}; ${queue})`);
    }
    return 0;
  },
};

export default [pair, revoke, list];
