// The real server process on the embedded database: it starts, serves, keeps other processes off
// its data directory, stops cleanly on SIGTERM and finds its data again after a restart.
// DATABASE_URL is removed from the children's environment so this runs on both CI passes.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { openEmbedded } from '../server/db/connection.ts';
import { migrationFiles } from '../server/db/migrator.ts';
import { insertAgency } from '../server/db/queries/agencies.ts';
import { embeddedEnv, runTs, startServer, stopProcess, type RunningProcess } from './helpers/server.ts';

t.test('start, serve, refuse a second process, stop on SIGTERM, restart with the data kept', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hailong-process-'));
  const running: RunningProcess[] = [];
  t.teardown(async () => {
    for (const p of running) await stopProcess(p, 'SIGKILL', 5000);
    rmSync(dataDir, { recursive: true, force: true });
  });
  const env = embeddedEnv(dataDir);
  const lockFile = join(dataDir, 'hailong.lock');

  // 1. First start on an empty data directory.
  const first = await startServer({ env });
  running.push(first);
  t.pass(`/healthz answered 200 on ${first.url}`);
  t.match(first.stdout(), new RegExp(`http://127\\.0\\.0\\.1:${first.port}/`), 'the start-up lines print the local URL');
  t.ok(existsSync(lockFile), 'the data directory is locked while the server runs');
  t.equal(readFileSync(lockFile, 'utf8').trim(), String(first.child.pid), 'by the server process');

  const health = await fetch(`${first.url}/healthz`);
  t.same(await health.json(), { status: 'ok', database: 'ok' }, 'healthz reports the database');
  const home = await fetch(`${first.url}/`);
  t.equal(home.status, 200, 'the home page is served');
  const homeHtml = await home.text();
  t.match(homeHtml, /<html lang="vi">/, 'in Vietnamese');
  t.match(homeHtml, /Dữ liệu hiện có: 0 cơ quan/, 'over the empty database (--no-demo)');
  t.ok(existsSync(join(dataDir, 'session-secret')), 'a session secret was generated into DATA_DIR');
  const secret = readFileSync(join(dataDir, 'session-secret'), 'utf8');

  // 2. A hailong command on the same data directory refuses instead of opening it a second time.
  const cli = runTs('server/cli/main.ts', ['migrate'], env);
  running.push(cli);
  const cliExit = await cli.exited;
  t.equal(cliExit.code, 3, 'the CLI exits with code 3');
  t.match(cli.stderr(), /đang được tiến trình \d+ sử dụng/, 'with a clear message in Vietnamese');
  t.match(cli.stderr(), new RegExp(`in use by process ${first.child.pid}`), 'and in English, naming the server process');
  t.notMatch(cli.stderr(), /\n\s+at /, 'no stack trace');
  t.ok(existsSync(lockFile), 'the refused command left the lock in place');
  t.equal((await fetch(`${first.url}/healthz`)).status, 200, 'and the server still answers');

  // 3. SIGTERM: a clean exit that releases the lock.
  const stopped = await stopProcess(first, 'SIGTERM', 15_000);
  t.equal(stopped.timedOut, false, `exited within 15 s (${stopped.ms} ms)`);
  t.equal(stopped.code, 0, 'with exit code 0');
  t.notOk(existsSync(lockFile), 'the lock file is gone');

  // 4. While it is stopped another process may use the data: the migrations the server applied
  // are recorded; add a row for the restarted server to find.
  const direct = await openEmbedded(dataDir);
  const recorded = await direct.db.selectFrom('schema_migrations').select('name').orderBy('name').execute();
  t.strictSame(
    recorded.map((r) => r.name),
    migrationFiles(),
    'the server applied and recorded every migration',
  );
  await insertAgency(direct.db, {
    code: 'KEPT-1',
    parentId: null,
    nameVi: 'Tỉnh Giữ Lại',
    nameEn: null,
    kind: 'province',
    validFrom: null,
    validTo: null,
  });
  await direct.close();
  t.notOk(existsSync(lockFile), 'closing the database released the lock');

  // 5. Restart on the same directory: the data is still there.
  const second = await startServer({ env });
  running.push(second);
  const again = await (await fetch(`${second.url}/`)).text();
  t.match(again, /Dữ liệu hiện có: 1 cơ quan/, 'the restarted server sees the stored agency');
  t.equal(readFileSync(join(dataDir, 'session-secret'), 'utf8'), secret, 'and keeps the same session secret');
  const stoppedAgain = await stopProcess(second, 'SIGTERM', 15_000);
  t.equal(stoppedAgain.code, 0, 'the second run also exits 0 on SIGTERM');

  const reopened = await openEmbedded(dataDir);
  const kept = await reopened.db.selectFrom('agencies').select(['code', 'name_vi']).execute();
  await reopened.close();
  t.strictSame(kept, [{ code: 'KEPT-1', name_vi: 'Tỉnh Giữ Lại' }], 'the row survived two server runs');
});
