// `hailong served import FILE.csv`: the people served per service point and day or month.
import { basename } from 'node:path';
import { parseOptions, readUtf8File, UsageError, type CliContext, type Command } from '../command.ts';
import { DEFAULT_RATE_FLOOR } from '../../domain/response-rate.ts';
import type { ServedImportError } from '../../domain/served-import.ts';
import { CLI_ACTOR } from '../../use-cases/actor.ts';
import { importServed, setRateFloor } from '../../use-cases/served.ts';

function formatServedError(e: ServedImportError, ctx: Pick<CliContext, 't'>): string {
  const where = e.column
    ? ctx.t('served.import.whereColumn', { line: e.line, column: e.column })
    : ctx.t('served.import.where', { line: e.line });
  return `${where}: ${ctx.t(`served.import.error.${e.code}`, e.params)}`;
}

const importCommand: Command = {
  name: ['served', 'import'],
  usage: 'hailong served import FILE.csv',
  summary: {
    vi: 'Nhập số lượt phục vụ từ tệp CSV (service_point_code, period = NĂM-THÁNG-NGÀY hoặc NĂM-THÁNG, served); nhập lại cùng kỳ thì thay số cũ; tệp có lỗi thì không ghi gì.',
    en: 'Import the people served from a CSV (service_point_code, period = YEAR-MONTH-DAY or YEAR-MONTH, served); the same period again replaces its count; a file with errors writes nothing.',
  },
  async run(argv, ctx) {
    const { positionals } = parseOptions(argv, {}, this.usage);
    if (positionals.length !== 1) throw new UsageError(ctx.t('served.import.usage'));
    const file = positionals[0]!;
    const text = readUtf8File(file, ctx, { cannotRead: 'served.import.cannotRead', notUtf8: 'served.import.notUtf8' });
    const { db } = await ctx.database();
    // One implementation with the page and the API (server/use-cases/served.ts).
    const result = await importServed(db, CLI_ACTOR, text, basename(file));
    if (!result.ok) {
      for (const e of result.errors) ctx.err(formatServedError(e, ctx));
      ctx.err(ctx.t('served.import.failed', { count: result.errors.length }));
      return 2;
    }
    ctx.out(ctx.t('served.import.done', { ...result.counts }));
    return 0;
  },
};

const floorCommand: Command = {
  name: ['served', 'floor'],
  usage: 'hailong served floor PROVINCE_CODE PERCENT',
  summary: {
    vi: 'Đặt ngưỡng tỷ lệ phản hồi của một tỉnh (phần trăm, mặc định 5); đơn vị dưới ngưỡng được đánh dấu trên trang kết quả và báo cáo.',
    en: "Set a province's response-rate floor (per cent, 5 by default); units under it are marked on the results pages and reports.",
  },
  async run(argv, ctx) {
    const { positionals } = parseOptions(argv, {}, this.usage);
    const [code, percent] = positionals;
    const value = percent !== undefined && /^\d{1,2}([.,]\d{1,2})?$/.test(percent) ? Number(percent.replace(',', '.')) : NaN;
    if (positionals.length !== 2 || !(value > 0 && value < 100)) throw new UsageError(ctx.t('served.floor.usage'));
    const { db } = await ctx.database();
    const done = await setRateFloor(db, CLI_ACTOR, code!, value / 100);
    if (!done.ok) {
      ctx.err(ctx.t('served.floor.notProvince', { code: code! }));
      return 2;
    }
    ctx.out(
      ctx.t('served.floor.done', {
        province: code!,
        floor: percent!,
        before: String(Math.round((done.before ?? DEFAULT_RATE_FLOOR) * 10000) / 100),
      }),
    );
    return 0;
  },
};

export default [importCommand, floorCommand];
