// Storing submitted responses exactly once (invariants 1 and 2). A batch of submissions is written
// atomically — in one statement, or in one transaction when it claims dossiers or records clerks:
// new ids are inserted, known ids are compared by content hash (same content is
// a replay, other content a conflict), and a per-dossier claim that another response already holds
// undoes its response. The caller replies only after the commit.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../schema.ts';
import { insertOrFindResponses, insertResponses, type NewResponse } from './responses.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface Submission {
  /** contentHash must be set: the hash is what tells a replay from a conflict. */
  row: NewResponse & { contentHash: string };
  /** sha256 of the dossier code, when the response came from a per-dossier link. */
  dossierHash?: string | null;
  /** The clerk who keyed a paper questionnaire. */
  enteredBy?: number | null;
}

export type SubmitOutcome = 'created' | 'replayed' | 'conflict' | 'dossier-used';

/**
 * Writes a batch and tells, per submission, what happened: in one statement when no submission
 * claims a dossier or records a clerk, else in one transaction.
 */
export async function storeSubmissions(db: Kysely<Database>, batch: Submission[]): Promise<SubmitOutcome[]> {
  if (batch.every((s) => !s.dossierHash && !s.enteredBy)) return storeInOneStatement(db, batch);
  return db.transaction().execute((trx) => storeInTransaction(trx, batch));
}

// The common case (no dossier to claim, no clerk to record): one statement inserts the new ids and
// reads the stored hash of the known ones, and commits on its own, so a group commit costs one
// round trip instead of a transaction's five or more.
async function storeInOneStatement(db: Kysely<Database>, batch: Submission[]): Promise<SubmitOutcome[]> {
  // Keyed in lower case: PostgreSQL gives uuids back that way.
  const { firstOfId, candidates } = firstOfEachId(batch, (id) => id.toLowerCase());
  const written = await insertOrFindResponses(
    db,
    candidates.map((s) => s.row),
  );
  const created = new Set<string>();
  const stored = new Map<string, string>();
  const unknown: string[] = [];
  for (const w of written) {
    const id = w.id.toLowerCase();
    if (w.created) {
      created.add(id);
      stored.set(id, batch[firstOfId.get(id)!]!.row.contentHash);
    } else if (w.storedHash !== null) stored.set(id, w.storedHash);
    else unknown.push(w.id);
  }
  // Inserted by a transaction that committed while this statement ran: read it now.
  for (const [id, hash] of await existingHashes(db, unknown)) stored.set(id.toLowerCase(), hash);
  return batch.map((s, i) => {
    const id = s.row.id.toLowerCase();
    if (created.has(id) && firstOfId.get(id) === i) return 'created';
    return stored.get(id) === s.row.contentHash ? 'replayed' : 'conflict';
  });
}

async function storeInTransaction(trx: Transaction<Database>, batch: Submission[]): Promise<SubmitOutcome[]> {
  const outcomes: (SubmitOutcome | undefined)[] = new Array(batch.length);
  const { firstOfId, candidates } = firstOfEachId(batch, (id) => id);

  const existing = await existingHashes(
    trx,
    candidates.map((s) => s.row.id),
  );
  const fresh = candidates.filter((s) => !existing.has(s.row.id));
  const created = new Set(await insertNew(trx, fresh));

  // Dossier claims: a dossier answers once. A claim that loses undoes its response.
  const claims = fresh.filter((s) => created.has(s.row.id) && s.dossierHash);
  if (claims.length > 0) {
    const won = await sql<{ response_id: string }>`
      insert into response_dossiers (dossier_hash, response_id, province_id)
      select * from unnest(${claims.map((s) => s.dossierHash!)}::text[], ${claims.map((s) => s.row.id)}::uuid[], ${claims.map((s) => s.row.provinceId)}::bigint[])
      on conflict do nothing
      returning response_id`.execute(trx);
    const winners = new Set(won.rows.map((r) => r.response_id));
    const losers = claims.filter((s) => !winners.has(s.row.id)).map((s) => s.row.id);
    if (losers.length > 0) {
      await trx.deleteFrom('responses').where('id', 'in', losers).execute();
      for (const id of losers) {
        created.delete(id);
        outcomes[firstOfId.get(id)!] = 'dossier-used';
      }
    }
  }

  const entries = fresh.filter((s) => created.has(s.row.id) && s.enteredBy);
  if (entries.length > 0) {
    await trx
      .insertInto('response_entries')
      .values(entries.map((s) => ({ response_id: s.row.id, province_id: s.row.provinceId, entered_by: s.enteredBy! })))
      .execute();
  }

  // Rows that were already there, or that a concurrent batch inserted first: compare contents.
  const unresolved = batch.filter((s, i) => outcomes[i] === undefined && !(created.has(s.row.id) && firstOfId.get(s.row.id) === i));
  const stored = new Map([
    ...existing,
    ...(await existingHashes(
      trx,
      unresolved.map((s) => s.row.id).filter((id) => !existing.has(id)),
    )),
  ]);
  batch.forEach((s, i) => {
    if (outcomes[i] !== undefined) return;
    if (created.has(s.row.id) && firstOfId.get(s.row.id) === i) outcomes[i] = 'created';
    else outcomes[i] = stored.get(s.row.id) === s.row.contentHash ? 'replayed' : 'conflict';
  });
  return outcomes as SubmitOutcome[];
}

/** The first submission of an id in the batch is the one that may create it. */
function firstOfEachId(batch: Submission[], key: (id: string) => string): { firstOfId: Map<string, number>; candidates: Submission[] } {
  const firstOfId = new Map<string, number>();
  batch.forEach((s, i) => {
    const id = key(s.row.id);
    if (!firstOfId.has(id)) firstOfId.set(id, i);
  });
  return { firstOfId, candidates: [...firstOfId.values()].map((i) => batch[i]!) };
}

async function existingHashes(db: Db, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('responses').select(['id', 'content_hash']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.content_hash]));
}

/** Inserts what is not there yet; returns the ids this transaction created. */
async function insertNew(trx: Transaction<Database>, fresh: Submission[]): Promise<string[]> {
  if (fresh.length === 0) return [];
  // A concurrent transaction may insert the same id between our check and our insert: the savepoint
  // keeps the batch alive, and the row-by-row retry sorts out which ones were ours.
  await sql`savepoint batch_insert`.execute(trx);
  try {
    await insertResponses(
      trx,
      fresh.map((s) => s.row),
    );
    await sql`release savepoint batch_insert`.execute(trx);
    return fresh.map((s) => s.row.id);
  } catch (err) {
    if ((err as { code?: string }).code !== '23505') throw err;
    await sql`rollback to savepoint batch_insert`.execute(trx);
  }
  const created: string[] = [];
  for (const s of fresh) {
    await sql`savepoint one_insert`.execute(trx);
    try {
      await insertResponses(trx, [s.row]);
      await sql`release savepoint one_insert`.execute(trx);
      created.push(s.row.id);
    } catch (err) {
      if ((err as { code?: string }).code !== '23505') throw err;
      await sql`rollback to savepoint one_insert`.execute(trx);
    }
  }
  return created;
}
