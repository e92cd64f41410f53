// `hailong token add|revoke|list`: API tokens for other systems. The secret is printed once.
import { z } from 'zod';
import { parseOptions, UsageError, type Command } from '../command.ts';
import { cleanText } from '../../domain/text.ts';
import { TOKEN_SCOPES } from '../../db/schema.ts';
import { findAgencyByCode } from '../../db/queries/agencies.ts';
import { findApiTokens, listApiTokens } from '../../db/queries/api-tokens.ts';
import { CLI_ACTOR } from '../../use-cases/actor.ts';
import { createToken, revokeToken } from '../../use-cases/tokens.ts';
import { formatDateTime } from '../../i18n/format.ts';

const AddInput = z.object({
  agency: z.string().min(1),
  name: z
    .string()
    .transform(cleanText)
    .pipe(z.string().min(1, { error: 'tokens.add.badName' }).max(200, { error: 'tokens.add.badName' })),
  scope: z.enum(TOKEN_SCOPES, { error: 'tokens.add.badScope' }),
});

const add: Command = {
  name: ['token', 'add'],
  usage: 'hailong token add --agency CODE --name NAME --scope submit|read|served',
  summary: {
    vi: 'Tạo mã truy cập API cho một cơ quan (in ra đúng một lần).',
    en: 'Create an API token for an agency (printed once).',
  },
  async run(argv, ctx) {
    const { values, positionals } = parseOptions(
      argv,
      { agency: { type: 'string' }, name: { type: 'string' }, scope: { type: 'string' } },
      ctx.t('tokens.add.usage'),
    );
    if (positionals.length > 0 || !values.agency || values.name === undefined || !values.scope)
      throw new UsageError(ctx.t('tokens.add.usage'));
    const parsed = AddInput.safeParse(values);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const key = issue.message === 'tokens.add.badScope' ? 'tokens.add.badScope' : 'tokens.add.badName';
      throw new UsageError(ctx.t(key, { value: String(values.scope) }));
    }
    const input = parsed.data;
    const { db } = await ctx.database();
    const agency = await findAgencyByCode(db, input.agency);
    if (!agency) throw new UsageError(ctx.t('tokens.add.noAgency', { code: input.agency }));
    const created = await createToken(db, CLI_ACTOR, { agencyId: agency.id, name: input.name, scope: input.scope, expiresAt: null });
    if (!created.ok) throw new UsageError(ctx.t('tokens.add.noAgency', { code: input.agency }));
    const { token, row } = created;
    ctx.out(ctx.t('tokens.add.done', { id: row.id, name: row.name, prefix: `hl_${row.prefix}`, agency: agency.code, scope: row.scope }));
    ctx.out(ctx.t('tokens.add.once'));
    ctx.out(token);
    return 0;
  },
};

const revoke: Command = {
  name: ['token', 'revoke'],
  usage: 'hailong token revoke ID_OR_PREFIX',
  summary: { vi: 'Thu hồi một mã truy cập API.', en: 'Revoke an API token.' },
  async run(argv, ctx) {
    const { positionals } = parseOptions(argv, {}, ctx.t('tokens.revoke.usage'));
    if (positionals.length !== 1) throw new UsageError(ctx.t('tokens.revoke.usage'));
    const value = positionals[0]!;
    const { db } = await ctx.database();
    const matches = await findApiTokens(db, value);
    if (matches.length === 0) throw new UsageError(ctx.t('tokens.revoke.notFound', { value }));
    if (matches.length > 1) throw new UsageError(ctx.t('tokens.revoke.ambiguous', { value, count: matches.length }));
    const t = matches[0]!;
    const params = { id: t.id, name: t.name, prefix: `hl_${t.prefix}` };
    const revoked = (await revokeToken(db, CLI_ACTOR, t.id)).result === 'revoked';
    ctx.out(ctx.t(revoked ? 'tokens.revoke.done' : 'tokens.revoke.already', params));
    return 0;
  },
};

const list: Command = {
  name: ['token', 'list'],
  usage: 'hailong token list',
  summary: { vi: 'Liệt kê các mã truy cập API (không bao giờ in mã bí mật).', en: 'List API tokens (never prints secrets).' },
  async run(argv, ctx) {
    const { positionals } = parseOptions(argv, {}, this.usage);
    if (positionals.length > 0) throw new UsageError(this.usage);
    const { db } = await ctx.database();
    const tokens = await listApiTokens(db);
    if (tokens.length === 0) {
      ctx.out(ctx.t('tokens.list.empty'));
      return 0;
    }
    ctx.out(ctx.t('tokens.list.header'));
    for (const t of tokens) {
      const used = t.last_used_at ? formatDateTime(t.last_used_at, ctx.locale) : ctx.t('tokens.list.never');
      const status = t.revoked_at
        ? ctx.t('tokens.list.revoked', { at: formatDateTime(t.revoked_at, ctx.locale) })
        : ctx.t('tokens.list.active');
      ctx.out(
        `#${t.id}  hl_${t.prefix}  ${t.scope.padEnd(6)}  ${t.agency_code}  ${t.name}  (${formatDateTime(t.created_at, ctx.locale)}; ${used}; ${status})`,
      );
    }
    return 0;
  },
};

export default [add, revoke, list];
