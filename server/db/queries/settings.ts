// Settings an operator changes without a deploy (the minimum n of a verdict, which provinces
// publish their results). Values are JSON; readers validate them and fall back to defaults.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

export async function getSetting(db: Db, key: string): Promise<unknown> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value;
}

export async function setSetting(db: Db, key: string, value: unknown): Promise<void> {
  const json = JSON.stringify(value);
  await db
    .insertInto('settings')
    .values({ key, value: json })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: json, updated_at: new Date() }))
    .execute();
}

/** Keys of the settings with a prefix, e.g. every province that publishes its results. */
export async function settingsWithPrefix(db: Db, prefix: string): Promise<{ key: string; value: unknown }[]> {
  return db
    .selectFrom('settings')
    .select(['key', 'value'])
    .where('key', 'like', `${prefix.replace(/[\\%_]/g, '\\$&')}%`)
    .execute();
}
