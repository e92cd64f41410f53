// `hailong period close|list|reopen` against a database of its own: a year closed from the command
// line closes it for the whole subtree, is listed, reopens once, and each act is audited as 'cli'.
import t from 'tap';
import { listAudit } from '../../server/db/queries/audit.ts';
import { isClosedPeriod } from '../../server/db/queries/closed-periods.ts';
import { cli, cliDatabase } from '../helpers/cli.ts';
import { staffTree } from '../helpers/staff.ts';

const { look } = await cliDatabase(t, 'period');
const tree = await look((db) => staffTree(db));
process.env['HAILONG_LANG'] = 'en';
t.teardown(() => {
  delete process.env['HAILONG_LANG'];
});

t.test('close, list, reopen', async (t) => {
  const closed = await cli('period', 'close', '--agency', tree.p1.code, '--year', '2023');
  t.equal(closed.code, 0, closed.err);
  t.match(closed.out, new RegExp(`2023 is closed for .* \\(${tree.p1.code}\\)`));
  t.ok(await look((db) => isClosedPeriod(db, tree.c1.path, 2023)), 'closed for the commune below');
  const twice = await cli('period', 'close', '--agency', tree.p1.code, '--year', '2023');
  t.equal(twice.code, 0);
  t.match(twice.out, /already closed/);

  const list = await cli('period', 'list');
  t.match(list.out, new RegExp(`^2023\\t${tree.p1.code}\\t.*\\tcli$`, 'm'));

  t.equal((await cli('period', 'close', '--agency', tree.p1.code, '--year', '23')).code, 2, 'a bad year is a usage error');
  t.equal((await cli('period', 'close', '--agency', 'NOPE', '--year', '2023')).code, 2, 'an unknown agency too');
  t.equal((await cli('period', 'close', '--year', '2023')).code, 2, 'the agency is required');

  const reopened = await cli('period', 'reopen', '--agency', tree.p1.code, '--year', '2023');
  t.equal(reopened.code, 0, reopened.err);
  t.notOk(await look((db) => isClosedPeriod(db, tree.c1.path, 2023)));
  const again = await cli('period', 'reopen', '--agency', tree.p1.code, '--year', '2023');
  t.equal(again.code, 1, 'reopening an open year fails');
  t.match(again.err, /not closed/);

  const [reopen, close] = await look(async (db) => [
    (await listAudit(db, { action: 'period.reopen' }))[0],
    (await listAudit(db, { action: 'period.close' }))[0],
  ]);
  t.match(close, { actor_label: 'cli', agency_id: tree.p1.id, details: { year: 2023 } });
  t.match(reopen, { actor_label: 'cli', agency_id: tree.p1.id, details: { year: 2023, before: { closed: true } } });
});
