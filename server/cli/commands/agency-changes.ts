// `hailong agencies add|edit|close|move|merge`: one agency change at a time from the command line,
// through the same use-cases as the agencies pages and the reorganisation wizard
// (server/use-cases/agencies.ts, reorganisation.ts), so the rules, the audit entry and the rollups
// that follow a move are written once. The command line answers for the whole installation.
import type { z } from 'zod';
import { parseOptions, UsageError, type CliContext, type Command } from '../command.ts';
import { findAgencyByCode } from '../../db/queries/agencies.ts';
import type { Agency } from '../../db/schema.ts';
import { isDay } from '../../domain/period.ts';
import { CLI_ACTOR } from '../../use-cases/actor.ts';
import {
  AGENCY_REFUSAL_MESSAGE,
  AgencyFields,
  closeAgency,
  createAgency,
  editAgency,
  moveAgencyUnder,
  type AgencyResult,
} from '../../use-cases/agencies.ts';
import { applyReorganisation, REORGANISATION_REFUSAL_MESSAGE } from '../../use-cases/reorganisation.ts';

async function agency(ctx: CliContext, code: string | undefined): Promise<Agency> {
  const { db } = await ctx.database();
  const a = code ? await findAgencyByCode(db, code) : undefined;
  if (!a) throw new UsageError(ctx.t('agencies.list.noRoot', { code: code ?? '' }));
  return a;
}

/** A value checked by the same rule as the form, or a usage error saying what is wrong. */
function field<T>(ctx: CliContext, schema: z.ZodType<T>, value: string | undefined, usage: string): T {
  const r = schema.safeParse(value ?? '');
  if (r.success) return r.data;
  const message = r.error.issues[0]?.message ?? '';
  // Form messages are catalogue keys behind a prefix (server/i18n/problems.ts).
  const key = message.startsWith('hl:') ? message.slice(3) : null;
  throw new UsageError(`${key ? ctx.t(key as Parameters<CliContext['t']>[0]) : message}\n${usage}`);
}

function day(ctx: CliContext, value: string | undefined, usage: string): string {
  if (!value || !isDay(value)) throw new UsageError(`${ctx.t('agencyForm.error.date')}\n${usage}`);
  return value;
}

function answer(ctx: CliContext, r: AgencyResult, done: string): number {
  if (!r.ok) {
    ctx.err(ctx.t(AGENCY_REFUSAL_MESSAGE[r.reason]));
    return 2;
  }
  ctx.out(done);
  return 0;
}

const add: Command = {
  name: ['agencies', 'add'],
  usage: 'hailong agencies add CODE --name-vi NAME --kind KIND [--parent CODE] [--name-en NAME] [--from YYYY-MM-DD]',
  summary: { vi: 'Thêm một cơ quan, đơn vị.', en: 'Add one agency.' },
  async run(argv, ctx) {
    const o = {
      parent: { type: 'string' },
      'name-vi': { type: 'string' },
      'name-en': { type: 'string' },
      kind: { type: 'string' },
      from: { type: 'string' },
    } as const;
    const { values, positionals } = parseOptions(argv, o, this.usage);
    if (positionals.length !== 1) throw new UsageError(this.usage);
    const parent = values.parent === undefined ? null : await agency(ctx, values.parent);
    const input = {
      code: field(ctx, AgencyFields.code, positionals[0], this.usage),
      nameVi: field(ctx, AgencyFields.nameVi, values['name-vi'], this.usage),
      nameEn: field(ctx, AgencyFields.nameEn, values['name-en'], this.usage),
      kind: field(ctx, AgencyFields.kind, values.kind, this.usage),
      parentId: parent?.id ?? null,
      validFrom: values.from === undefined ? null : day(ctx, values.from, this.usage),
    };
    const { db } = await ctx.database();
    return answer(ctx, await createAgency(db, CLI_ACTOR, input), ctx.t('agenciesPage.done.created', { code: input.code }));
  },
};

const edit: Command = {
  name: ['agencies', 'edit'],
  usage: 'hailong agencies edit CODE [--name-vi NAME] [--name-en NAME] [--kind KIND]',
  summary: { vi: 'Sửa tên, loại của một cơ quan, đơn vị.', en: 'Change the names or kind of one agency.' },
  async run(argv, ctx) {
    const o = { 'name-vi': { type: 'string' }, 'name-en': { type: 'string' }, kind: { type: 'string' } } as const;
    const { values, positionals } = parseOptions(argv, o, this.usage);
    if (positionals.length !== 1) throw new UsageError(this.usage);
    const a = await agency(ctx, positionals[0]);
    const input = {
      nameVi: field(ctx, AgencyFields.nameVi, values['name-vi'] ?? a.name_vi, this.usage),
      nameEn: field(ctx, AgencyFields.nameEn, values['name-en'] ?? a.name_en ?? '', this.usage),
      kind: field(ctx, AgencyFields.kind, values.kind ?? a.kind, this.usage),
    };
    const { db } = await ctx.database();
    return answer(ctx, await editAgency(db, CLI_ACTOR, a.id, input), ctx.t('agenciesPage.done.edited', { code: a.code }));
  },
};

const close: Command = {
  name: ['agencies', 'close'],
  usage: 'hailong agencies close CODE --last-day YYYY-MM-DD [--successor CODE]',
  summary: {
    vi: 'Đóng một cơ quan, đơn vị (ngày hoạt động cuối cùng, đơn vị kế thừa nếu có).',
    en: 'Close one agency (its last day, and its successor if any).',
  },
  async run(argv, ctx) {
    const { values, positionals } = parseOptions(argv, { 'last-day': { type: 'string' }, successor: { type: 'string' } }, this.usage);
    if (positionals.length !== 1) throw new UsageError(this.usage);
    const a = await agency(ctx, positionals[0]);
    const validTo = day(ctx, values['last-day'], this.usage);
    const successor = values.successor === undefined ? null : await agency(ctx, values.successor);
    const { db } = await ctx.database();
    return answer(
      ctx,
      await closeAgency(db, CLI_ACTOR, a.id, { validTo, successorId: successor?.id ?? null }),
      ctx.t('agenciesPage.done.closed', { code: a.code }),
    );
  },
};

const move: Command = {
  name: ['agencies', 'move'],
  usage: 'hailong agencies move CODE --parent CODE',
  summary: {
    vi: 'Chuyển một cơ quan, đơn vị (cùng các đơn vị trực thuộc và kết quả) sang cơ quan cấp trên khác.',
    en: 'Move one agency (with its sub-units and results) under another parent.',
  },
  async run(argv, ctx) {
    const { values, positionals } = parseOptions(argv, { parent: { type: 'string' } }, this.usage);
    if (positionals.length !== 1 || values.parent === undefined) throw new UsageError(this.usage);
    const a = await agency(ctx, positionals[0]);
    const parent = await agency(ctx, values.parent);
    const { db } = await ctx.database();
    return answer(ctx, await moveAgencyUnder(db, CLI_ACTOR, a.id, parent.id), ctx.t('agenciesPage.done.moved', { code: a.code }));
  },
};

const merge: Command = {
  name: ['agencies', 'merge'],
  usage: 'hailong agencies merge CODE... --into CODE --on YYYY-MM-DD',
  summary: {
    vi: 'Sáp nhập các đơn vị vào một đơn vị đã có từ ngày có hiệu lực (như trình hướng dẫn "Sắp xếp lại").',
    en: 'Merge units into an existing one from an effective date (as the "Reorganise" wizard does).',
  },
  async run(argv, ctx) {
    const { values, positionals } = parseOptions(argv, { into: { type: 'string' }, on: { type: 'string' } }, this.usage);
    if (positionals.length < 1 || values.into === undefined) throw new UsageError(this.usage);
    const sources = await Promise.all(positionals.map((c) => agency(ctx, c)));
    const into = await agency(ctx, values.into);
    const effectiveOn = day(ctx, values.on, this.usage);
    const { db } = await ctx.database();
    const r = await applyReorganisation(db, CLI_ACTOR, {
      kind: 'merge',
      sourceIds: sources.map((s) => s.id),
      into: { id: into.id },
      effectiveOn,
    });
    if (!r.ok) {
      ctx.err(ctx.t(REORGANISATION_REFUSAL_MESSAGE[r.reason], { code: r.code ?? '' }));
      return 2;
    }
    ctx.out(ctx.t('agenciesPage.done.reorganised', { code: into.code }));
    return 0;
  },
};

export default [add, edit, close, move, merge];
