// `hailong user add|disable|enable`: staff accounts from the command line, for the first admin of
// a fresh installation and for recovery. A generated password is printed once; nothing stores it.
import type { ParseArgsConfig } from 'node:util';
import { z } from 'zod';
import { parseOptions, UsageError, type CliContext, type Command } from '../command.ts';
import { findAgencyByCode } from '../../db/queries/agencies.ts';
import { EmailTakenError, findUserByEmail, normaliseEmail } from '../../db/queries/users.ts';
import { passwordProblem } from '../../domain/passwords.ts';
import { isRole, ROLES } from '../../domain/roles.ts';
import { cleanText } from '../../domain/text.ts';
import { CLI_ACTOR } from '../../use-cases/actor.ts';
import { createStaffUser, setStaffUserDisabled } from '../../use-cases/users.ts';

// parseArgs throws on an unknown or incomplete option: that is a usage mistake, not a crash.
function args<O extends ParseArgsConfig['options']>(argv: string[], options: O, usage: string) {
  const parsed = parseOptions(argv, options, usage);
  if (parsed.positionals.length > 0) throw new UsageError(`unexpected argument: ${parsed.positionals[0]}\n${usage}`);
  return parsed.values;
}

function required(ctx: CliContext, value: string | undefined, option: string, usage: string): string {
  if (value === undefined || value.trim() === '') throw new UsageError(`${ctx.t('users.cli.missing', { option })}\n${usage}`);
  return value;
}

const validEmail = z.email().max(254);

const add: Command = {
  name: ['user', 'add'],
  usage: 'hailong user add --email E --role admin|coordinator|manager|clerk|viewer --agency CODE [--password P] [--name NAME]',
  summary: {
    vi: 'Tạo tài khoản cán bộ (in mật khẩu được tạo nếu không nhập --password).',
    en: 'Create a staff account (prints a generated password when --password is not given).',
  },
  async run(argv, ctx) {
    const v = args(
      argv,
      {
        email: { type: 'string' },
        role: { type: 'string' },
        agency: { type: 'string' },
        password: { type: 'string' },
        name: { type: 'string' },
      },
      add.usage,
    );
    const email = normaliseEmail(required(ctx, v.email, '--email', add.usage));
    const role = required(ctx, v.role, '--role', add.usage);
    const code = required(ctx, v.agency, '--agency', add.usage).trim();
    if (!validEmail.safeParse(email).success) throw new UsageError(ctx.t('users.cli.emailInvalid', { email }));
    if (!isRole(role)) throw new UsageError(ctx.t('users.cli.unknownRole', { role, roles: ROLES.join(', ') }));
    const name = v.name === undefined ? '' : cleanText(v.name);
    if (name.length > 200) throw new UsageError(ctx.t('users.cli.nameTooLong'));
    if (v.password !== undefined) {
      const problem = passwordProblem(v.password);
      if (problem) throw new UsageError(ctx.t(problem === 'short' ? 'users.cli.passwordShort' : 'users.cli.passwordLong'));
    }

    const { db } = await ctx.database();
    const agency = await findAgencyByCode(db, code);
    if (!agency) throw new UsageError(ctx.t('users.cli.unknownAgency', { code }));
    let password: string | null;
    try {
      const created = await createStaffUser(db, CLI_ACTOR, {
        email,
        displayName: name || null,
        role,
        agencyId: agency.id,
        password: v.password ?? null,
      });
      if (!created.ok) throw new UsageError(ctx.t('users.cli.unknownAgency', { code }));
      password = created.generatedPassword;
    } catch (err) {
      if (err instanceof EmailTakenError) throw new UsageError(ctx.t('users.cli.emailTaken', { email }));
      throw err;
    }
    ctx.out(ctx.t('users.cli.created', { email, role, agency: agency.code }));
    if (password !== null) {
      ctx.out(ctx.t('users.cli.password', { password }));
      ctx.out(ctx.t('users.passwordOnce'));
    }
    return 0;
  },
};

function toggle(disabled: boolean): Command {
  const word = disabled ? 'disable' : 'enable';
  const usage = `hailong user ${word} --email E`;
  return {
    name: ['user', word],
    usage,
    summary: disabled
      ? { vi: 'Vô hiệu hóa tài khoản cán bộ và kết thúc các phiên đăng nhập.', en: 'Disable a staff account and end its sessions.' }
      : { vi: 'Kích hoạt lại tài khoản cán bộ.', en: 'Enable a staff account again.' },
    async run(argv, ctx) {
      const v = args(argv, { email: { type: 'string' } }, usage);
      const email = normaliseEmail(required(ctx, v.email, '--email', usage));
      const { db } = await ctx.database();
      const user = await findUserByEmail(db, email);
      if (!user) throw new UsageError(ctx.t('users.cli.unknownEmail', { email }));
      const changed = await setStaffUserDisabled(db, CLI_ACTOR, { id: user.id, email: user.email, agencyId: user.agency_id }, disabled);
      const key = disabled
        ? changed
          ? 'users.cli.disabled'
          : 'users.cli.alreadyDisabled'
        : changed
          ? 'users.cli.enabled'
          : 'users.cli.alreadyEnabled';
      ctx.out(ctx.t(key, { email }));
      return 0;
    },
  };
}

export default [add, toggle(true), toggle(false)];
