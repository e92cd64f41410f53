import t from 'tap';
import { sql } from 'kysely';
import { freshDatabase } from '../helpers/database.ts';

t.test('concurrent transactions are isolated on both databases', async (t) => {
  const database = await freshDatabase();
  t.teardown(() => database.close());
  const { db } = database;
  await db
    .insertInto('settings')
    .values({ key: 'counter', value: JSON.stringify(0) })
    .execute();

  // Twenty read-modify-write transactions at once: with row locks honoured none is lost.
  await Promise.all(
    Array.from({ length: 20 }, () =>
      db.transaction().execute(async (trx) => {
        const row = await trx.selectFrom('settings').select('value').where('key', '=', 'counter').forUpdate().executeTakeFirstOrThrow();
        await new Promise((r) => setTimeout(r, 2));
        await trx
          .updateTable('settings')
          .set({ value: JSON.stringify(Number(row.value) + 1) })
          .where('key', '=', 'counter')
          .execute();
      }),
    ),
  );
  const final = await db.selectFrom('settings').select('value').where('key', '=', 'counter').executeTakeFirstOrThrow();
  t.equal(Number(final.value), 20);

  // A query outside a transaction never sees another transaction's uncommitted row.
  let seen = -1;
  await Promise.all([
    db
      .transaction()
      .execute(async (trx) => {
        await trx
          .insertInto('settings')
          .values({ key: 'pending', value: JSON.stringify(1) })
          .execute();
        await new Promise((r) => setTimeout(r, 30));
        throw new Error('roll back');
      })
      .catch(() => {}),
    (async () => {
      await new Promise((r) => setTimeout(r, 5));
      const r = await sql<{ n: number }>`select count(*) as n from settings where key = 'pending'`.execute(db);
      seen = r.rows[0]!.n;
    })(),
  ]);
  t.equal(seen, 0);
  const after = await sql<{ n: number }>`select count(*) as n from settings where key = 'pending'`.execute(db);
  t.equal(after.rows[0]!.n, 0, 'rolled back');
});
