// A `hailong` sub-command. Each lives in commands/<name>.ts and is found by its file, so adding a
// command touches no shared registry.
import type { DatabaseHandle } from '../db/connection.ts';
import type { Config } from '../config.ts';
import { readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Translate, Locale, MessageKey } from '../i18n/index.ts';

export interface CliContext {
  config: Config;
  /** Opens (and migrates) the database on first use; commands that need none never open it. */
  database(): Promise<DatabaseHandle>;
  t: Translate;
  locale: Locale;
  out(line: string): void;
  err(line: string): void;
}

export interface Command {
  /** Words after `hailong`, e.g. ['questionnaire', 'import']. */
  name: string[];
  summary: { vi: string; en: string };
  usage: string;
  /** Returns the exit code. argv holds what follows the command's words. */
  run(argv: string[], ctx: CliContext): Promise<number>;
}

/** An error whose message is meant for the person at the terminal: printed without a stack. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** parseArgs throws on an unknown or incomplete option: that is a usage mistake, not a crash. */
export function parseOptions<O extends ParseArgsConfig['options']>(argv: string[], options: O, usage: string) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, strict: true, options });
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n${usage}`);
  }
}

/** A file's text, refusing what is unreadable or not UTF-8 with the area's own messages. */
export function readUtf8File(file: string, ctx: CliContext, messages: { cannotRead: MessageKey; notUtf8: MessageKey }): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    throw new UsageError(ctx.t(messages.cannotRead, { file, reason: (err as NodeJS.ErrnoException).code ?? String(err) }));
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UsageError(ctx.t(messages.notUtf8, { file }));
  }
}
