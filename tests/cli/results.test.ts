// `hailong results publish|status|rebuild` against a database of their own: publishing turns the
// public page on and off, status reports the queue, and a rebuild from raw responses leaves every
// count table exactly as the incremental aggregator left it.
import t from 'tap';
import { listAudit } from '../../server/db/queries/audit.ts';
import { flushResults, resultQueueLength } from '../../server/db/queries/results-write.ts';
import { getSetting } from '../../server/db/queries/settings.ts';
import { formatNumber } from '../../server/i18n/format.ts';
import { buildTestApp } from '../helpers/app.ts';
import { cli, cliDatabase } from '../helpers/cli.ts';
import { reportable, storedTables } from '../helpers/recount.ts';

const { database, look } = await cliDatabase(t, 'results', { demo: true });

/** The public page of a province, served by an app of its own over the CLI's database, as a server would. */
async function publicStatus(code: string): Promise<number> {
  const { app } = await buildTestApp({ database });
  try {
    return (await app.inject({ url: `/ket-qua/${code}` })).statusCode;
  } finally {
    await app.close();
  }
}

t.test('publish: off and on, with an audit entry, and the public page follows', async (t) => {
  await look((db) => flushResults(db));
  t.equal(await publicStatus('KHA'), 200, 'the demo publishes');

  const off = await cli('results', 'publish', 'KHA', '--off');
  t.equal(off.code, 0, off.err);
  t.match(off.out, 'Đã ngừng công bố kết quả của Tỉnh Khánh Hòa (KHA).');
  t.equal(await look((db) => getSetting(db, 'results.public.KHA')), false);
  t.equal(await publicStatus('KHA'), 404, 'the page is gone');

  const on = await cli('results', 'publish', 'KHA', '--on', '--lang', 'en');
  t.equal(on.code, 0, on.err);
  t.match(on.out, 'The results of Khánh Hòa Province (KHA) are now published at /ket-qua/KHA.');
  t.equal(await publicStatus('KHA'), 200, 'and back');
  t.equal((await cli('results', 'publish', 'KHA', '--on')).code, 0, 'publishing again is fine');

  const audit = await look(async (db) => ({
    on: await listAudit(db, { action: 'results.publish' }),
    off: await listAudit(db, { action: 'results.unpublish' }),
  }));
  t.equal(audit.off.length, 1);
  t.equal(audit.on.length, 1, 'a change is recorded once, a repeat not at all');
  t.match(audit.on[0], { actor_label: 'cli', details: { province: 'KHA' } });
});

t.test('publish: usage mistakes and unknown provinces change nothing', async (t) => {
  for (const argv of [['KHA'], ['KHA', '--on', '--off'], ['--on'], ['KHA', 'NTH', '--on'], ['KHA', '--yes']]) {
    const r = await cli('results', 'publish', ...argv);
    t.equal(r.code, 2, `${argv.join(' ')}: exit 2`);
    t.match(r.err, 'hailong results publish');
  }
  const unknown = await cli('results', 'publish', 'KHONGCO', '--on');
  t.equal(unknown.code, 2);
  t.match(unknown.err, 'Không có tỉnh mã "KHONGCO"');
  const former = await cli('results', 'publish', 'NTH', '--on');
  t.equal(former.code, 2, 'the former province under Khánh Hòa is not a province of its own');
  t.equal(await look((db) => getSetting(db, 'results.public.NTH')), undefined, 'nothing stored');
});

t.test('status, then rebuild: the counts from raw responses equal the aggregator’s', async (t) => {
  // Queue something: a few responses change status, as a review would.
  await look(async (db) => {
    const ids = (await db.selectFrom('responses').select('id').where('status', '=', 'valid').orderBy('id').limit(5).execute()).map(
      (r) => r.id,
    );
    await db.updateTable('responses').set({ status: 'excluded', status_reason: 'test' }).where('id', 'in', ids).execute();
  });
  const queued = await look((db) => resultQueueLength(db));
  t.ok(queued > 0, 'deltas wait in the queue');
  const status = await cli('results', 'status');
  t.equal(status.code, 0, status.err);
  t.match(status.out, `Hàng đợi tổng hợp kết quả: ${queued} thay đổi chưa được cộng vào.`);

  const before = await look(async (db) => {
    await flushResults(db);
    return storedTables(db);
  });
  const valid = await look(async (db) => (await reportable(db)).length);
  const rebuilt = await cli('results', 'rebuild');
  t.equal(rebuilt.code, 0, rebuilt.err);
  t.match(
    rebuilt.out,
    `Đã đếm lại từ dữ liệu gốc: ${formatNumber(valid, 'vi')} phiếu trả lời hợp lệ.`,
    'says how many responses were recounted',
  );
  const after = await look((db) => storedTables(db));
  for (const table of Object.keys(before) as (keyof typeof before)[]) {
    t.ok(before[table].size > 0, `${table} is not empty`);
    t.same([...after[table].entries()].sort(), [...before[table].entries()].sort(), `${table}: the same after the rebuild`);
  }
  t.equal(await look((db) => resultQueueLength(db)), 0, 'and the queue is empty');
  const again = await cli('results', 'status', '--lang', 'en');
  t.match(again.out, 'Results aggregation queue: 0 changes not yet added.');
  t.equal((await cli('results', 'rebuild', 'extra')).code, 2, 'no arguments');
});
