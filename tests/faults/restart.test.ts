// Fault: PostgreSQL stops mid-load and comes back once the outage has been seen (at least a second). Requests caught by the
// outage answer 503 (Retry-After, no database code in the body) and the clients retry them; /healthz
// says "unavailable" while the database is down and "ok" again after, without anyone restarting the
// app; nothing acknowledged is lost and no id is stored twice.
import t from 'tap';
import { startCluster } from '../helpers/pg-cluster.ts';
import { startServer, stopProcess, type ServerProcess } from '../helpers/server.ts';
import { acknowledgedMore, createDatabase, DATABASE_LEAK, openWorld, startLoad, storedFigures, until } from './load.ts';
import { recordFigures } from './figures.ts';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Responses acknowledged before the outage, and after it by the app that nobody restarted. */
const PHASE = 40;

t.test('PostgreSQL restarted mid-load: 0 acknowledged lost, the app recovers by itself', { timeout: 150_000 }, async (t) => {
  const cluster = await startCluster();
  let app: ServerProcess | null = null;
  t.teardown(async () => {
    if (app) await stopProcess(app, 'SIGKILL', 5000);
    await cluster.destroy();
  });
  const url = await createDatabase(cluster.url, 'hailong_restart');
  const world = await openWorld(url);
  await world.database.close();
  app = await startServer({
    env: { ...process.env, DATABASE_URL: url, SESSION_SECRET: 'fault-suite-secret-fault-suite-secret-0123', LOG_LEVEL: 'fatal' },
  });
  const base = app.url;

  // /healthz every 250 ms, by phase.
  let phase: 'before' | 'down' | 'after' = 'before';
  const health = { before: new Map<number, number>(), down: new Map<number, number>(), after: new Map<number, number>() };
  let polling = true;
  const poller = (async () => {
    while (polling) {
      const at = phase;
      const status = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(4000) })
        .then((r) => r.status)
        .catch(() => 0);
      health[at].set(status, (health[at].get(status) ?? 0) + 1);
      await pause(250);
    }
  })();

  const load = startLoad({ baseUrl: () => base, token: world.token, clients: 8 });
  // Each phase lasts until it has shown what it is for, not a fixed time: the load acknowledged and
  // /healthz said ok; then, with the server stopped, /healthz said unavailable and the clients were
  // answered 503 (a minimum of a second down, so that requests in every state meet the outage); then
  // the app, by itself, acknowledges responses again.
  await acknowledgedMore(load.figures, PHASE);
  await until('/healthz to answer 200', () => (health.before.get(200) ?? 0) > 0);
  phase = 'down';
  await cluster.stop();
  const down = Date.now();
  await until(
    '/healthz to answer 503 and a client to be answered 503',
    () => (health.down.get(503) ?? 0) > 0 && (load.figures.statuses.get(503) ?? 0) > 0,
  );
  await pause(Math.max(0, 1000 - (Date.now() - down)));
  await cluster.start();
  const downFor = Date.now() - down;
  phase = 'after';
  await acknowledgedMore(load.figures, PHASE);
  const figures = await load.finish(30_000);
  // The app finds the database again by itself: a fresh request succeeds.
  let recovered = false;
  for (let i = 0; i < 40 && !recovered; i++) {
    recovered = (await fetch(`${base}/healthz`).then((r) => r.status)) === 200;
    if (!recovered) await pause(250);
  }
  polling = false;
  await poller;

  t.equal(app.child.exitCode, null, 'the app process is still running');
  t.ok(recovered, '/healthz answers 200 after the restart, nobody restarted the app');
  t.ok((health.before.get(200) ?? 0) > 0, '/healthz said ok before');
  t.ok((health.down.get(503) ?? 0) > 0, `/healthz said unavailable while the database was down (${[...health.down].join(' ')})`);
  t.notOk(health.down.has(500), 'never a 500');

  const stored = await storedFigures(url, figures);
  t.same(stored.lost, [], 'no acknowledged response lost');
  t.equal(stored.duplicated, 0, 'no id stored twice');
  t.equal(stored.unknown, 0, 'nothing stored that was not sent');
  t.equal(figures.refused.size, 0, 'no response refused');
  t.equal(figures.pending.size, 0, 'every response acknowledged in the end');
  t.ok(
    [...figures.statuses.keys()].every((s) => [0, 200, 201, 503].includes(s)),
    `only 201, 200, 503 or a cut connection (${[...figures.statuses].map(([s, n]) => `${n}×${s || 'network'}`).join(', ')})`,
  );
  t.ok((figures.statuses.get(503) ?? 0) > 0, 'the outage was seen as 503s');
  const leaks = figures.fiveHundredBodies.filter((b) => DATABASE_LEAK.test(b));
  t.same(leaks, [], 'no 5xx body shows a database code or text');
  t.match(JSON.parse(figures.fiveHundredBodies[0]!), { error: { status: 503, code: 'HL_UNAVAILABLE' } }, 'the 503 says so, retryably');

  recordFigures('restart', {
    faults: `PostgreSQL stopped (fast) for ${(downFor / 1000).toFixed(1)} s and started again`,
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
