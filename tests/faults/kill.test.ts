// Fault: the app is killed with SIGKILL mid-load, twice, and started again (on another port, as a
// supervisor would), while the clients keep retrying what was not acknowledged. Whatever was
// acknowledged is stored (a reply is sent only after the commit), a response whose reply was lost
// with the process is recognised as a replay when it comes again, and no id is stored twice. Each
// kill comes once the running app has acknowledged PHASE more responses (not after a fixed pause).
import t from 'tap';
import { startCluster } from '../helpers/pg-cluster.ts';
import { startServer, stopProcess, type ServerProcess } from '../helpers/server.ts';
import { acknowledgedMore, createDatabase, openWorld, startLoad, storedFigures } from './load.ts';
import { recordFigures } from './figures.ts';

const KILLS = 2;
/** Responses the app (each one started) acknowledges before the next kill and before the end. */
const PHASE = 40;

t.test('kill -9 of the app mid-load with retrying clients: stored = acknowledged, 0 duplicates', { timeout: 170_000 }, async (t) => {
  const cluster = await startCluster();
  const apps: ServerProcess[] = [];
  t.teardown(async () => {
    for (const a of apps) await stopProcess(a, 'SIGKILL', 5000);
    await cluster.destroy();
  });
  const url = await createDatabase(cluster.url, 'hailong_kill');
  const world = await openWorld(url);
  await world.database.close();
  const env = { ...process.env, DATABASE_URL: url, SESSION_SECRET: 'fault-suite-secret-fault-suite-secret-0123', LOG_LEVEL: 'fatal' };
  let current = await startServer({ env });
  apps.push(current);

  const load = startLoad({ baseUrl: () => current.url, token: world.token, clients: 8 });
  for (let k = 0; k < KILLS; k++) {
    await acknowledgedMore(load.figures, PHASE);
    current.child.kill('SIGKILL');
    await current.exited;
    current = await startServer({ env });
    apps.push(current);
  }
  await acknowledgedMore(load.figures, PHASE);
  const figures = await load.finish(30_000);

  const killed = apps.slice(0, KILLS).map((a) => a.child.signalCode);
  t.same(killed, Array(KILLS).fill('SIGKILL'), `${KILLS} app processes killed with SIGKILL`);
  const stored = await storedFigures(url, figures);
  t.same(stored.lost, [], 'stored ⊇ acknowledged: nothing acknowledged lost');
  t.equal(stored.duplicated, 0, 'no id stored twice');
  t.equal(stored.unknown, 0, 'nothing stored that was not sent');
  t.equal(figures.pending.size, 0, 'every response acknowledged in the end');
  t.equal(stored.stored, figures.acknowledged.size, 'stored = acknowledged');
  t.ok((figures.statuses.get(200) ?? 0) + (figures.statuses.get(0) ?? 0) > 0, 'replies were lost with the processes and the sends retried');

  recordFigures('kill', {
    faults: `${KILLS} × SIGKILL of the app, restarted on a new port`,
    clients: figures.clients,
    requests: figures.requests,
    generated: figures.generated,
    acknowledged: figures.acknowledged.size,
    stored: stored.stored,
    lost: stored.lost.length,
    duplicated: stored.duplicated,
    answers: [...figures.statuses].map(([s, n]) => `${n}×${s || 'network'}`).join(', '),
  });
});
