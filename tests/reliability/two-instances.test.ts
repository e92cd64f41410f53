// Issue 11, finding 7: several app instances on one PostgreSQL database. Two real app processes
// (server/main.ts) share a database; requests alternate between them or hit both at once. The
// kiosk's minimum interval used to be kept per process (two taps sent to two instances could both
// count); the per-address sign-in limits and exactly-once storage must hold across them too.
// On the PostgreSQL pass the database lives on DATABASE_URL's server; on the embedded pass (one
// process only, by design) on a cluster of the test's own.
import { randomBytes, randomUUID } from 'node:crypto';
import t from 'tap';
import pg from 'pg';
import { connectPostgres } from '../../server/db/connection.ts';
import { registerKiosk } from '../../server/db/queries/kiosks.ts';
import { createUser } from '../helpers/staff.ts';
import { startCluster, type Cluster } from '../helpers/pg-cluster.ts';
import { startServer, stopProcess, type ServerProcess } from '../helpers/server.ts';
import { createDatabase, prepareWorld, SERVICE_POINT } from '../faults/load.ts';

let cluster: Cluster | null = null;
let url: string;
let drop = async () => {};
const serverUrl = process.env['DATABASE_URL'];
if (serverUrl) {
  // An empty database of its own on the server (the app processes migrate it), dropped at the end.
  const name = `hailong_t_two_${randomBytes(4).toString('hex')}`;
  url = await createDatabase(serverUrl, name);
  drop = async () => {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  };
} else {
  cluster = await startCluster();
  url = await createDatabase(cluster.url, 'hailong_two');
}
const servers: ServerProcess[] = [];
t.teardown(async () => {
  for (const s of servers) await stopProcess(s, 'SIGKILL', 5000);
  await drop();
  await cluster?.destroy();
});

const database = await connectPostgres(url);
const { token } = await prepareWorld(database);
const db = database.db;
const point = await db.selectFrom('service_points').select(['id', 'agency_id']).where('code', '=', SERVICE_POINT).executeTakeFirstOrThrow();
const kiosk = await registerKiosk(db, { servicePointId: point.id, name: 'Quầy chung' });
const user = await createUser(db, { email: 'hai-tien-trinh@fault.gov.vn', role: 'viewer', agencyId: point.agency_id });
await database.close();

const env = { ...process.env, DATABASE_URL: url, SESSION_SECRET: 'two-instances-secret-two-instances-secret-01', LOG_LEVEL: 'fatal' };
const [a, b] = await Promise.all([startServer({ env }), startServer({ env })]);
servers.push(a, b);
const both = [a.url, b.url];

const query = async <T extends pg.QueryResultRow>(text: string, values: unknown[] = []) => {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(text, values)).rows;
  } finally {
    await c.end();
  }
};

// The device pairs on instance A; its cookie works on B (the secret's hash is in the database).
const pairing = await fetch(`${a.url}/kiosk/pair/${kiosk.code}`, { redirect: 'manual' });
const deviceCookie = pairing.headers
  .getSetCookie()
  .map((c) => c.split(';')[0]!)
  .find((c) => c.startsWith('hl_kiosk='))!;

t.test('the kiosk minimum interval holds across instances: one of ten simultaneous taps counts', async (t) => {
  const at = Date.now() - 30_000;
  const taps = Array.from({ length: 10 }, (_, i) => ({
    id: randomUUID(),
    submitted_at: new Date(at + i * 100).toISOString(),
    locale: 'vi',
    answers: { 'Q.OVERALL': 4 },
  }));
  const replies = await Promise.all(
    taps.map((tap, i) =>
      fetch(`${both[i % 2]}/kiosk/api/ratings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: deviceCookie },
        body: JSON.stringify(tap),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as { flagged?: string[] } })),
    ),
  );
  t.same(
    replies.map((r) => r.status),
    Array(10).fill(201),
    'all stored',
  );
  t.equal(replies.filter((r) => r.body.flagged?.length === 0).length, 1, 'one counted, the other nine flagged burst');
  const counted = await query<{ n: number }>('select count(*)::int as n from kiosk_ratings where kiosk_id = $1 and counted', [
    kiosk.kioskId,
  ]);
  t.equal(counted[0]!.n, 1, 'one counted rating in the database');
  const linked = await query<{ n: number }>('select count(*)::int as n from kiosk_ratings where kiosk_id = $1', [kiosk.kioskId]);
  t.equal(linked[0]!.n, 10, 'every rating linked to the kiosk');
});

t.test('exactly once across instances: the same response sent to both at once is stored once', async (t) => {
  const ids: string[] = [];
  const pairs = await Promise.all(
    Array.from({ length: 20 }, async () => {
      const id = randomUUID();
      ids.push(id);
      const body = JSON.stringify({
        id,
        questionnaire: 'counter-quick',
        service_point: SERVICE_POINT,
        submitted_at: new Date(Date.now() - 60_000).toISOString(),
        answers: { 'Q.OVERALL': 3 },
      });
      const send = (base: string) =>
        fetch(`${base}/api/v1/responses`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body,
        }).then((r) => r.status);
      return Promise.all(both.map(send));
    }),
  );
  t.ok(
    pairs.every((p) => p.slice().sort().join() === '200,201'),
    `each pair answered once 201 and once 200 (${pairs.map((p) => p.join('/')).join(' ')})`,
  );
  const stored = await query<{ n: number }>('select count(*)::int as n from responses where id = any($1::uuid[])', [ids]);
  t.equal(stored[0]!.n, 20, 'twenty rows for twenty ids');
});

/** One sign-in attempt on an instance, with the CSRF cookie and token of a page from the other. */
async function signIn(base: string, other: string, email: string, password: string): Promise<number> {
  const page = await fetch(`${other}/sign-in`);
  const cookie = page.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .join('; ');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
  const res = await fetch(`${base}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ email, password, _csrf: csrf }).toString(),
  });
  await res.arrayBuffer();
  return res.status;
}

t.test('the per-address limits hold across instances', async (t) => {
  // The lock of an address on an account: five failures, alternating instances.
  const lock: number[] = [];
  for (let i = 0; i < 6; i++) lock.push(await signIn(both[i % 2]!, both[(i + 1) % 2]!, user.email, `sai ${i}`));
  t.same(lock, [422, 422, 422, 422, 429, 429], 'the fifth failure locks, whichever instance sees it');
  // The address's rate: 30 attempts in 15 minutes (the six above count), alternating instances.
  const spray: number[] = [];
  for (let i = 0; i < 25; i++) spray.push(await signIn(both[i % 2]!, both[i % 2]!, `ai-do-${i}@fault.gov.vn`, 'doan-mo'));
  t.same(spray.slice(0, 24), Array(24).fill(422), 'attempts 7 to 30 are answered');
  t.equal(spray[24], 429, 'the 31st is held back');
  t.equal(await signIn(a.url, b.url, user.email, 'mat-khau'), 429, 'on instance A');
  t.equal(await signIn(b.url, a.url, user.email, 'mat-khau'), 429, 'and on instance B');
});

t.test('both processes are still serving', async (t) => {
  for (const s of servers) {
    t.equal(s.child.exitCode, null, `${s.url} is running`);
    t.equal((await fetch(`${s.url}/healthz`)).status, 200);
  }
});
