// `hailong questionnaire import FILE.json [--dry-run] [--index-rule RULE]` and `hailong questionnaire list`.
import { parseOptions, readUtf8File, UsageError, type Command } from '../command.ts';
import { questionCodes } from '../../domain/questionnaire.ts';
import { listQuestionnaires } from '../../db/queries/questionnaires.ts';
import { CLI_ACTOR } from '../../use-cases/actor.ts';
import { checkQuestionnaireText, publishQuestionnaireText } from '../../use-cases/questionnaires.ts';
import { formatDate } from '../../i18n/format.ts';

const importCommand: Command = {
  name: ['questionnaire', 'import'],
  usage: 'hailong questionnaire import FILE.json [--dry-run] [--index-rule RULE]',
  summary: {
    vi: 'Kiểm tra và xuất bản một phiên bản mới của bộ câu hỏi từ tệp JSON; tệp có lỗi thì liệt kê mọi lỗi và không ghi gì.',
    en: 'Validate a questionnaire definition (JSON) and publish it as a new version; a file with errors lists every error and writes nothing.',
  },
  async run(argv, ctx) {
    const { values, positionals } = parseOptions(argv, { 'dry-run': { type: 'boolean' }, 'index-rule': { type: 'string' } }, this.usage);
    if (positionals.length !== 1) throw new UsageError(ctx.t('questionnaires.import.usage'));
    const file = positionals[0]!;
    const text = readUtf8File(file, ctx, { cannotRead: 'questionnaires.import.cannotRead', notUtf8: 'questionnaires.import.notUtf8' });
    // One implementation with the questionnaires page (server/use-cases/questionnaires.ts).
    const checked = values['dry-run'] ? checkQuestionnaireText(text, values['index-rule']) : null;
    const result = checked ?? (await publishQuestionnaireText((await ctx.database()).db, CLI_ACTOR, text, values['index-rule']));
    switch (result.kind) {
      case 'bad-json':
        ctx.err(ctx.t('questionnaires.import.badJson', { file, line: result.line, column: result.column, reason: result.reason }));
        return 2;
      case 'invalid':
        ctx.err(ctx.t('questionnaires.import.errorsHeader'));
        for (const e of result.errors) ctx.err(`  ${e.path}: ${e.message}`);
        ctx.err(ctx.t('questionnaires.import.failed', { file, count: result.errors.length }));
        return 2;
      case 'bad-rule':
        throw new UsageError(ctx.t('questionnaires.import.badRule', { rule: result.rule, allowed: result.allowed.join(', ') }));
      case 'valid':
        ctx.out(
          ctx.t('questionnaires.import.valid', {
            code: result.definition.code,
            title: ctx.locale === 'en' ? (result.definition.title.en ?? result.definition.title.vi) : result.definition.title.vi,
            questions: questionCodes(result.definition).length,
            rule: result.rule,
          }),
        );
        return 0;
      case 'published':
        ctx.out(
          ctx.t(result.unchanged ? 'questionnaires.import.unchanged' : 'questionnaires.import.published', {
            code: result.code,
            version: result.version,
          }),
        );
        return 0;
    }
  },
};

const listCommand: Command = {
  name: ['questionnaire', 'list'],
  usage: 'hailong questionnaire list',
  summary: { vi: 'Liệt kê các bộ câu hỏi và phiên bản mới nhất.', en: 'List the questionnaires and their latest versions.' },
  async run(argv, ctx) {
    const { positionals } = parseOptions(argv, {}, this.usage);
    if (positionals.length > 0) throw new UsageError(this.usage);
    const { db } = await ctx.database();
    const rows = await listQuestionnaires(db);
    if (rows.length === 0) ctx.out(ctx.t('questionnaires.list.empty'));
    for (const r of rows) {
      ctx.out(
        ctx.t('questionnaires.list.row', {
          code: r.code,
          version: r.latestVersion ?? '—',
          rule: r.latestIndexRule ?? '—',
          date: r.latestPublishedAt ? formatDate(r.latestPublishedAt, ctx.locale) : '—',
          title: ctx.locale === 'en' ? (r.titleEn ?? r.titleVi) : r.titleVi,
        }),
      );
    }
    return 0;
  },
};

export default [importCommand, listCommand];
