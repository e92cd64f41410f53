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

t.test('transaction settings, savepoints and a failed statement behave alike on both databases', async (t) => {
  const database = await freshDatabase();
  t.teardown(() => database.close());
  const { db } = database;
  const setting = (key: string) => db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();

  const level = await db
    .transaction()
    .setIsolationLevel('serializable')
    .execute(
      async (trx) => (await sql<{ level: string }>`select current_setting('transaction_isolation') as level`.execute(trx)).rows[0]!.level,
    );
  t.equal(level, 'serializable', 'the isolation level asked for');
  await t.rejects(
    db
      .transaction()
      .setAccessMode('read only')
      .execute((trx) => trx.insertInto('settings').values({ key: 'read-only', value: '1' }).execute()),
    /read-only transaction/,
    'a read-only transaction refuses a write',
  );

  const trx = await db.startTransaction().execute();
  await trx.insertInto('settings').values({ key: 'kept', value: '1' }).execute();
  const inner = await trx.savepoint('before_second').execute();
  await inner.insertInto('settings').values({ key: 'undone', value: '1' }).execute();
  const back = await inner.rollbackToSavepoint('before_second').execute();
  await back.releaseSavepoint('before_second').execute();
  await back.commit().execute();
  t.ok(await setting('kept'), 'the work before the savepoint is committed');
  t.notOk(await setting('undone'), 'the work after it is rolled back');

  // A failed statement whose error is caught leaves the transaction aborted: PostgreSQL answers the
  // COMMIT with ROLLBACK, and Kysely says so instead of returning as if it had committed.
  await t.rejects(
    db.transaction().execute(async (trx) => {
      await trx.insertInto('settings').values({ key: 'lost', value: '1' }).execute();
      await trx
        .insertInto('settings')
        .values({ key: 'lost', value: '2' })
        .execute()
        .catch(() => {});
    }),
    { name: 'AbortedTransactionError' },
  );
  t.notOk(await setting('lost'), 'nothing of it is stored');
});
