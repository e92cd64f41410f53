// The `hailong` command line. Exit codes: 0 done, 1 failed, 2 bad usage or invalid input,
// 3 the embedded database is in use by another process.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ConfigError, loadConfig } from '../config.ts';
import { openDatabase, type DatabaseHandle } from '../db/connection.ts';
import { DataDirLockedError } from '../db/data-dir-lock.ts';
import { migrate } from '../db/migrator.ts';
import { isLocale, translator, type Locale } from '../i18n/index.ts';
import { UsageError, type CliContext, type Command } from './command.ts';

const commandsDir = join(dirname(fileURLToPath(import.meta.url)), 'commands');

async function loadCommands(): Promise<Command[]> {
  const files = readdirSync(commandsDir).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
  const commands: Command[] = [];
  for (const f of files.sort()) {
    const mod = (await import(pathToFileURL(join(commandsDir, f)).href)) as { default?: Command | Command[] };
    const c = mod.default;
    if (Array.isArray(c)) commands.push(...c);
    else if (c) commands.push(c);
  }
  return commands;
}

function localeFromEnv(argv: string[]): { locale: Locale; rest: string[] } {
  const rest: string[] = [];
  let locale: Locale = isLocale(process.env['HAILONG_LANG']) ? (process.env['HAILONG_LANG'] as Locale) : 'vi';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--lang' && isLocale(argv[i + 1])) {
      locale = argv[i + 1] as Locale;
      i++;
    } else if (a.startsWith('--lang=') && isLocale(a.slice(7))) locale = a.slice(7) as Locale;
    else rest.push(a);
  }
  return { locale, rest };
}

function help(commands: Command[], locale: Locale): string {
  const lines = [
    locale === 'vi' ? 'Hài Lòng — dòng lệnh quản trị' : 'Hài Lòng — administration command line',
    '',
    locale === 'vi' ? 'Cách dùng: hailong <lệnh> [tùy chọn] [--lang vi|en]' : 'Usage: hailong <command> [options] [--lang vi|en]',
    '',
  ];
  for (const c of commands) lines.push(`  ${c.usage}\n      ${c.summary[locale]}`);
  lines.push(
    '',
    locale === 'vi'
      ? 'Biến môi trường: DATABASE_URL, DATA_DIR (mặc định ./data).'
      : 'Environment: DATABASE_URL, DATA_DIR (default ./data).',
  );
  return lines.join('\n');
}

/**
 * Runs one command. `opts.database` is an open database the caller owns (the tests keep one per
 * file): the commands use it instead of opening the configured one, and it stays open afterwards.
 */
export async function runCli(
  rawArgv: string[],
  io: { out(s: string): void; err(s: string): void } = { out: (s) => console.log(s), err: (s) => console.error(s) },
  opts: { database?: DatabaseHandle } = {},
): Promise<number> {
  const { locale, rest } = localeFromEnv(rawArgv);
  const commands = await loadCommands();
  if (rest.length === 0 || rest[0] === '--help' || rest[0] === '-h' || rest[0] === 'help') {
    io.out(help(commands, locale));
    return rest.length === 0 ? 2 : 0;
  }
  // The longest command whose words start the arguments wins: `token add` before `token`.
  const match = commands.filter((c) => c.name.every((w, i) => rest[i] === w)).sort((a, b) => b.name.length - a.name.length)[0];
  if (!match) {
    io.err(
      locale === 'vi' ? `Không có lệnh "${rest.join(' ')}". Xem: hailong --help` : `No command "${rest.join(' ')}". See: hailong --help`,
    );
    return 2;
  }

  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      for (const p of err.problems)
        io.err(`${locale === 'vi' ? 'Cấu hình không hợp lệ' : 'Invalid configuration'}: ${p.variable}: ${p.message}`);
      return 2;
    }
    throw err;
  }
  let handle: DatabaseHandle | null = null;
  const ctx: CliContext = {
    config,
    locale,
    t: translator(locale),
    out: io.out,
    err: io.err,
    async database() {
      if (opts.database) return opts.database;
      if (!handle) {
        handle = await openDatabase(config);
        await migrate(handle);
      }
      return handle;
    },
  };
  try {
    return await match.run(rest.slice(match.name.length), ctx);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(err.message);
      return err.exitCode;
    }
    if (err instanceof DataDirLockedError) {
      io.err(err.message);
      return 3;
    }
    io.err(String((err as Error).stack ?? err));
    return 1;
  } finally {
    if (handle) await (handle as DatabaseHandle).close();
  }
}

const isMain =
  process.argv[1] &&
  (process.argv[1].endsWith('hailong') || process.argv[1].endsWith('hailong.js') || process.argv[1].endsWith('cli/main.ts'));
if (isMain) {
  runCli(process.argv.slice(2)).then((code) => process.exit(code));
}
