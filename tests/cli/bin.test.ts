// The published `hailong` binary (bin/hailong.js) as a person runs it: a process of its own that
// registers tsx, reads DATABASE_URL or DATA_DIR, opens and migrates the database itself and exits
// with the command's code. The other CLI tests run the commands on an open handle in the test's
// process (tests/helpers/cli.ts); this file keeps the entry point and the opening covered.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { loadConfig } from '../../server/config.ts';
import { openDatabase } from '../../server/db/connection.ts';
import { freshDatabase, onServer } from '../helpers/database.ts';
import { projectRoot } from '../helpers/server.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/agencies/${name}`, import.meta.url));

t.test('bin/hailong.js opens the configured database, migrates it, runs the command and exits', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hailong-bin-'));
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, HAILONG_LANG: 'vi' };
  delete env['DATABASE_URL'];
  delete env['SESSION_SECRET'];
  // On a server: an empty database of its own, which the process must migrate. On PGlite the
  // process makes its own in DATA_DIR.
  if (onServer) {
    const server = await freshDatabase({ migrate: false });
    t.teardown(() => server.close());
    env['DATABASE_URL'] = server.url;
  }

  const hailong = (...argv: string[]) =>
    new Promise<{ code: number; out: string; err: string }>((resolve) => {
      execFile(process.execPath, [join(projectRoot, 'bin', 'hailong.js'), ...argv], { cwd: projectRoot, env }, (error, out, err) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, out, err }),
      );
    });

  // Two processes (each costs a second or two of CPU): a command that writes, and one that fails.
  const imported = await hailong('agencies', 'import', fixture('child-before-parent.csv'));
  t.equal(imported.code, 0, imported.err);
  t.match(imported.out, /tạo mới 7, cập nhật 0/);

  const unknown = await hailong('agencies', 'list', '--root', 'NOPE', '--lang', 'en');
  t.equal(unknown.code, 2, 'an unknown agency is a usage error: exit code 2');
  t.match(unknown.err, /NOPE/, unknown.err);

  // What the first process stored, read here once both have exited (PGlite allows one opener).
  const stored = await openDatabase(loadConfig(env));
  t.teardown(() => stored.close());
  t.same(
    (await stored.db.selectFrom('agencies').select('code').orderBy('code').execute()).map((a) => a.code),
    ['KH', 'KH.NHATRANG', 'KH.SNV', 'KH.SNV.VP', 'KH.TTHCC', 'NT', 'NT.SNV'],
    'the agencies the process imported',
  );
});
