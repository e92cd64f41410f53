// `hailong demo` end to end, on an embedded database (its accounts file in a temporary DATA_DIR)
// or, with DATABASE_URL, on a fresh database of the server.
import { existsSync } from 'node:fs';
import t from 'tap';
import { cli, cliDatabase } from '../helpers/cli.ts';
import { onServer } from '../helpers/database.ts';
import { listAudit } from '../../server/db/queries/audit.ts';
import { accountsFilePath, readDemoAccounts } from '../../server/demo/accounts-file.ts';

const { dataDir, look } = await cliDatabase(t, 'democli');

async function stored() {
  return look(async (db) => {
    const responses = await db
      .selectFrom('responses')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const agencies = await db
      .selectFrom('agencies')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const audits = await listAudit(db, { action: 'demo.create' });
    return { responses: Number(responses.n), agencies: Number(agencies.n), audits: audits.map((a) => a.actor_label) };
  });
}

t.test('bad arguments are refused before anything is opened', async (t) => {
  const unknown = await cli('demo', '--force');
  t.equal(unknown.code, 2);
  t.match(unknown.err, /--force/);
  t.match(unknown.err, /hailong demo/);
  const count = await cli('demo', '--responses', 'many', '--lang', 'en');
  t.equal(count.code, 2);
  t.match(count.err, /--responses must be a whole number/);
});

t.test('creates the demo once, prints the accounts, then refuses', async (t) => {
  const made = await cli('demo', '--responses', '300');
  t.equal(made.code, 0, made.err);
  t.match(made.out, /300 phiếu/);
  t.match(made.out, /admin@demo\.hailong\.vn/);
  t.match(made.out, /coordinator@demo\.hailong\.vn/);
  t.same(await stored(), { responses: 300, agencies: 45, audits: ['cli'] });
  if (onServer) {
    t.notOk(existsSync(accountsFilePath(dataDir)), 'no accounts file for a server database');
  } else {
    const accounts = readDemoAccounts(dataDir);
    t.equal(accounts.length, 4);
    for (const a of accounts) t.match(made.out, a.password, `${a.role}'s password printed`);
  }

  const again = await cli('demo', '--lang', 'en');
  t.equal(again.code, 2);
  t.match(again.err, /The demo province KHA is already in the database/);
  t.match(again.err, /nothing was changed/);
  t.same(await stored(), { responses: 300, agencies: 45, audits: ['cli'] }, 'nothing written');
});
