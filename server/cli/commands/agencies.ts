// `hailong agencies import FILE.csv` and `hailong agencies list [--root CODE]`.
import { basename } from 'node:path';
import { parseOptions, readUtf8File, UsageError, type CliContext, type Command } from '../command.ts';
import type { AgencyImportError } from '../../domain/agency-import.ts';
import { treeOrder } from '../../domain/agency-tree.ts';
import { findAgencyByCode, findAgencyById, listAgencies, listSubtree } from '../../db/queries/agencies.ts';
import { CLI_ACTOR } from '../../use-cases/actor.ts';
import { importAgencies } from '../../use-cases/imports.ts';
import { formatDate } from '../../i18n/format.ts';
import { inLocale } from '../../i18n/index.ts';

function formatImportError(e: AgencyImportError, ctx: Pick<CliContext, 't'>): string {
  const where = e.column
    ? ctx.t('agencies.import.whereColumn', { line: e.line, column: e.column })
    : ctx.t('agencies.import.where', { line: e.line });
  return `${where}: ${ctx.t(`agencies.import.error.${e.code}`, e.params)}`;
}

const importCommand: Command = {
  name: ['agencies', 'import'],
  usage: 'hailong agencies import FILE.csv',
  summary: {
    vi: 'Nhập cây cơ quan, đơn vị từ tệp CSV (code, parent_code, name_vi, name_en, kind, valid_from, valid_to, successor_code); tệp có lỗi thì không ghi gì.',
    en: 'Import the agency tree from a CSV (code, parent_code, name_vi, name_en, kind, valid_from, valid_to, successor_code); a file with errors writes nothing.',
  },
  async run(argv, ctx) {
    const { positionals } = parseOptions(argv, {}, this.usage);
    if (positionals.length !== 1) throw new UsageError(ctx.t('agencies.import.usage'));
    const file = positionals[0]!;
    const text = readUtf8File(file, ctx, { cannotRead: 'agencies.import.cannotRead', notUtf8: 'agencies.import.notUtf8' });
    const { db } = await ctx.database();
    // One implementation with the pages (server/use-cases/imports.ts).
    const result = await importAgencies(db, CLI_ACTOR, text, basename(file));
    if (!result.ok) {
      for (const e of result.errors) ctx.err(formatImportError(e, ctx));
      ctx.err(ctx.t('agencies.import.failed', { count: result.errors.length }));
      return 2;
    }
    ctx.out(ctx.t('agencies.import.done', { ...result.counts }));
    return 0;
  },
};

const listCommand: Command = {
  name: ['agencies', 'list'],
  usage: 'hailong agencies list [--root CODE]',
  summary: { vi: 'In cây cơ quan, đơn vị (hoặc một nhánh).', en: 'Print the agency tree (or one branch).' },
  async run(argv, ctx) {
    const { values, positionals } = parseOptions(argv, { root: { type: 'string' } }, this.usage);
    if (positionals.length > 0) throw new UsageError(this.usage);
    const { db } = await ctx.database();
    let agencies;
    if (values.root !== undefined) {
      const root = await findAgencyByCode(db, values.root);
      if (!root) throw new UsageError(ctx.t('agencies.list.noRoot', { code: values.root }));
      agencies = await listSubtree(db, root.path);
    } else agencies = await listAgencies(db);
    if (agencies.length === 0) {
      ctx.out(ctx.t('agencies.list.empty'));
      return 0;
    }
    const codeOf = new Map(agencies.map((a) => [a.id, a.code]));
    const missing = agencies.filter((a) => a.successor_id !== null && !codeOf.has(a.successor_id));
    for (const a of missing) {
      const s = await findAgencyById(db, a.successor_id!);
      if (s) codeOf.set(s.id, s.code);
    }
    for (const { agency: a, level } of treeOrder(agencies)) {
      const name = inLocale(ctx.locale, a.name_vi, a.name_en);
      const notes = [ctx.t(`agency.kind.${a.kind}`)];
      if (a.valid_from) notes.push(ctx.t('agencies.list.from', { date: formatDate(a.valid_from, ctx.locale) }));
      if (a.valid_to) notes.push(ctx.t('agencies.list.until', { date: formatDate(a.valid_to, ctx.locale) }));
      if (a.successor_id !== null)
        notes.push(ctx.t('agencies.list.successor', { code: codeOf.get(a.successor_id) ?? String(a.successor_id) }));
      ctx.out(`${'  '.repeat(level)}${a.code}  ${name}  (${notes.join('; ')})`);
    }
    return 0;
  },
};

export default [importCommand, listCommand];
