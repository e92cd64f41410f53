// `hailong targets import FILE.csv`.
import { basename } from 'node:path';
import { parseOptions, readUtf8File, UsageError, type CliContext, type Command } from '../command.ts';
import { ensureBuiltInQuestionnaires } from '../../db/queries/questionnaires.ts';
import { importTargetCsv } from '../../db/queries/target-import.ts';
import type { TargetImportError } from '../../domain/target-import.ts';

export function formatTargetImportError(e: TargetImportError, ctx: Pick<CliContext, 't'>): string {
  const where = e.column
    ? ctx.t('targets.import.whereColumn', { line: e.line, column: e.column })
    : ctx.t('targets.import.where', { line: e.line });
  return `${where}: ${ctx.t(`targets.import.error.${e.code}`, e.params)}`;
}

const importCommand: Command = {
  name: ['targets', 'import'],
  usage: 'hailong targets import FILE.csv',
  summary: {
    vi: 'Nhập chỉ tiêu từ tệp CSV (agency_code, questionnaire_code, year, period_from, period_to, index_code, comparator, threshold); tệp có lỗi thì không ghi gì.',
    en: 'Import targets from a CSV (agency_code, questionnaire_code, year, period_from, period_to, index_code, comparator, threshold); a file with errors writes nothing.',
  },
  async run(argv, ctx) {
    const { positionals } = parseOptions(argv, {}, this.usage);
    if (positionals.length !== 1) throw new UsageError(ctx.t('targets.import.usage'));
    const file = positionals[0]!;
    const text = readUtf8File(file, ctx, { cannotRead: 'targets.import.cannotRead', notUtf8: 'targets.import.notUtf8' });
    const { db } = await ctx.database();
    // A file naming sipas-2017 or counter-quick must find them even before the server first ran.
    await ensureBuiltInQuestionnaires(db);
    const result = await importTargetCsv(db, text, { label: 'cli' }, basename(file));
    if (!result.ok) {
      for (const e of result.errors) ctx.err(formatTargetImportError(e, ctx));
      ctx.err(ctx.t('targets.import.failed', { count: result.errors.length }));
      return 2;
    }
    ctx.out(ctx.t('targets.import.done', { ...result.counts }));
    return 0;
  },
};

export default [importCommand];
