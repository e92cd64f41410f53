import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export async function databaseAnswers(db: Kysely<Database>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const probe = sql`select 1 as ok`
    .execute(db)
    .then(() => true)
    .catch(() => false);
  try {
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export async function homeStats(db: Kysely<Database>): Promise<{ agencies: number; responses: number }> {
  const r = await sql<{ agencies: number; responses: number }>`
    select (select count(*) from agencies) as agencies,
           (select count(*) from responses) as responses`.execute(db);
  return r.rows[0] ?? { agencies: 0, responses: 0 };
}
