// Forward-only SQL migrations from migrations/, each applied in its own transaction and recorded
// in schema_migrations. A landed migration is never edited: its checksum is not stored on purpose,
// review catches edits; a new file fixes forward.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { DatabaseHandle } from './connection.ts';

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'migrations');
const NAME = /^(\d{4})_[a-z0-9_]+\.sql$/;

export function migrationFiles(dir = MIGRATIONS_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => NAME.test(f))
    .sort();
}

export async function appliedMigrations(handle: DatabaseHandle): Promise<string[]> {
  // Under the migrators' advisory lock: two processes creating the table at once would otherwise
  // collide in the catalogue ("duplicate key ... pg_type_typname_nsp_index").
  await handle.exec(`begin;
    select pg_advisory_xact_lock(7262001);
    create table if not exists schema_migrations (
      name text primary key,
      applied_at timestamptz not null default now()
    );
    commit;`);
  const rows = await handle.db.selectFrom('schema_migrations').select('name').orderBy('name').execute();
  return rows.map((r) => r.name);
}

/** Applies what is pending; returns the names applied. Safe to run from several processes at once. */
export async function migrate(handle: DatabaseHandle, dir = MIGRATIONS_DIR): Promise<string[]> {
  const done = new Set(await appliedMigrations(handle));
  const applied: string[] = [];
  for (const name of migrationFiles(dir)) {
    if (done.has(name)) continue;
    const body = readFileSync(join(dir, name), 'utf8');
    // The advisory lock serialises concurrent migrators; the re-check inside the transaction makes
    // the loser skip what the winner applied.
    const script = `
      begin;
      select pg_advisory_xact_lock(7262001);
      do $hl$ begin
        if exists (select 1 from schema_migrations where name = '${name}') then
          raise exception 'hailong-migration-already-applied';
        end if;
      end $hl$;
      ${body}
      ;
      insert into schema_migrations (name) values ('${name}');
      commit;`;
    try {
      await handle.exec(script);
      applied.push(name);
    } catch (err) {
      // handle.exec has already rolled the failed transaction back on its own connection.
      if (String((err as Error).message).includes('hailong-migration-already-applied')) continue;
      throw new Error(`migration ${name} failed: ${(err as Error).message}`, { cause: err });
    }
  }
  return applied;
}

export async function pendingMigrations(handle: DatabaseHandle, dir = MIGRATIONS_DIR): Promise<string[]> {
  const done = new Set(await appliedMigrations(handle));
  return migrationFiles(dir).filter((n) => !done.has(n));
}
