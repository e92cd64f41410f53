// The one place where a stored response's status changes (valid ↔ flagged/excluded). Every figure
// follows a status change through the results' status-change path (today the trigger on responses
// that queues a −1 and a +1, migrations/0005_results.sql); keeping every such change in this one
// function means whatever replaces that path has one caller to follow. Intake sets the first status
// when it inserts; nothing else updates it.
import type { Kysely, Transaction } from 'kysely';
import type { Database, ResponseStatus } from '../schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface StatusChange {
  id: string;
  before: ResponseStatus;
  after: ResponseStatus;
}

/**
 * Sets the status of these responses, keeping their reasons (a response that is not valid must
 * have one: the flags it was stored with). Only rows whose status differs are written; returns
 * what changed. Run it in the transaction that records why.
 */
export async function setResponseStatus(db: Db, ids: readonly string[], status: ResponseStatus): Promise<StatusChange[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('responses')
    .select(['id', 'status', 'status_reason'])
    .where('id', 'in', [...ids])
    .where('status', '<>', status)
    .forUpdate()
    .execute();
  // A valid response without a reason cannot become flagged or excluded here: there is nothing to
  // say why, and the table refuses it.
  const changing = rows.filter((r) => status === 'valid' || r.status_reason !== null);
  if (changing.length === 0) return [];
  await db
    .updateTable('responses')
    .set({ status })
    .where(
      'id',
      'in',
      changing.map((r) => r.id),
    )
    .execute();
  return changing.map((r) => ({ id: r.id, before: r.status, after: status }));
}
