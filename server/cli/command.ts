// A `hailong` sub-command. Each lives in commands/<name>.ts and is found by its file, so adding a
// command touches no shared registry.
import type { DatabaseHandle } from '../db/connection.ts';
import type { Config } from '../config.ts';
import type { Translate, Locale } from '../i18n/index.ts';

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
  constructor(message: string, readonly exitCode = 2) {
    super(message);
    this.name = 'UsageError';
  }
}
