// `hailong targets import FILE.csv`.
import { basename } from 'node:path';
import { parseOptions, readUtf8File, UsageError, type CliContext, type Command } from '../command.ts';
import { CLI_ACTOR } from '../../use-cases/actor.ts';
import { importTargets } from '../../use-cases/imports.ts';
import type { TargetImportError } from '../../domain/target-import.ts';

function formatTargetImportError(e: TargetImportError, ctx: Pick<CliContext, 't'>): string {
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
    // One implementation with the targets page (server/use-cases/imports.ts).
    const result = await importTargets(db, CLI_ACTOR, text, basename(file));
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
