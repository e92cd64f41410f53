// `hailong questionnaire import FILE.json [--dry-run] [--index-rule RULE]` and `hailong questionnaire list`.
import { parseOptions, readUtf8File, UsageError, type Command } from '../command.ts';
import { indexRuleOf, indexRulesFor, parseQuestionnaire, questionCodes, type IndexRule } from '../../domain/questionnaire.ts';
import { readJson } from '../../domain/questionnaire-json.ts';
import { ensureBuiltInQuestionnaires, listQuestionnaires, publishQuestionnaireVersion } from '../../db/queries/questionnaires.ts';
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
    const json = readJson(
      readUtf8File(file, ctx, { cannotRead: 'questionnaires.import.cannotRead', notUtf8: 'questionnaires.import.notUtf8' }),
    );
    if (!json.ok) {
      ctx.err(ctx.t('questionnaires.import.badJson', { file, line: json.line, column: json.column, reason: json.reason }));
      return 2;
    }
    const parsed = parseQuestionnaire(json.value);
    if (!parsed.ok) {
      ctx.err(ctx.t('questionnaires.import.errorsHeader'));
      for (const e of parsed.errors) ctx.err(`  ${e.path}: ${e.message}`);
      ctx.err(ctx.t('questionnaires.import.failed', { file, count: parsed.errors.length }));
      return 2;
    }
    const definition = parsed.definition;
    const allowed = indexRulesFor(definition);
    const rule = (values['index-rule'] ?? indexRuleOf(definition)) as IndexRule;
    if (!allowed.includes(rule)) throw new UsageError(ctx.t('questionnaires.import.badRule', { rule, allowed: allowed.join(', ') }));

    if (values['dry-run']) {
      ctx.out(
        ctx.t('questionnaires.import.valid', {
          code: definition.code,
          title: ctx.locale === 'en' ? (definition.title.en ?? definition.title.vi) : definition.title.vi,
          questions: questionCodes(definition).length,
          rule,
        }),
      );
      return 0;
    }
    const { db } = await ctx.database();
    // The shipped version 1 comes first, so that an edited copy of it becomes version 2.
    await ensureBuiltInQuestionnaires(db);
    const result = await publishQuestionnaireVersion(db, definition, { indexRule: rule, actorLabel: 'cli' });
    const key = result.unchanged ? 'questionnaires.import.unchanged' : 'questionnaires.import.published';
    ctx.out(ctx.t(key, { code: definition.code, version: result.version }));
    return 0;
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
