// The environment is validated once; a bad value is named, and the embedded database gets a
// session secret generated once and kept in DATA_DIR.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { ConfigError, loadConfig } from '../server/config.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const SECRET = 'x'.repeat(40);

function tempDir(t: { teardown(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'hailong-config-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('loadConfig accepted the environment');
}

t.test('defaults', async (t) => {
  const dir = tempDir(t);
  const config = loadConfig({ DATA_DIR: dir, SESSION_SECRET: SECRET });
  t.equal(config.databaseUrl, undefined, 'embedded database unless DATABASE_URL is set');
  t.equal(config.dataDir, resolve(dir), 'DATA_DIR is made absolute');
  t.equal(config.host, '127.0.0.1', 'HOST defaults to the loopback address');
  t.equal(config.port, 3000, 'PORT defaults to 3000');
  t.equal(config.publicUrl, 'http://127.0.0.1:3000', 'PUBLIC_URL defaults to the listening address');
  t.equal(config.secureCookies, false, 'no Secure cookies on plain http');
  t.equal(config.logLevel, 'info', 'LOG_LEVEL defaults to info');
  t.equal(config.sessionSecret, SECRET, 'a given SESSION_SECRET is used as is');

  const dataDefault = loadConfig({ SESSION_SECRET: SECRET });
  t.equal(dataDefault.dataDir, resolve('./data'), 'DATA_DIR defaults to ./data');

  const blank = loadConfig({ DATA_DIR: dir, SESSION_SECRET: SECRET, PORT: '', DATABASE_URL: ' ' });
  t.equal(blank.port, 3000, 'a blank variable counts as unset');
  t.equal(blank.databaseUrl, undefined, 'a blank DATABASE_URL counts as unset');

  const set = loadConfig({
    DATA_DIR: dir,
    SESSION_SECRET: SECRET,
    DATABASE_URL: 'postgres://u@db.example:5432/hailong',
    HOST: '0.0.0.0',
    PORT: '8080',
    PUBLIC_URL: 'https://hailong.example.gov.vn/',
    LOG_LEVEL: 'warn',
  });
  t.equal(set.databaseUrl, 'postgres://u@db.example:5432/hailong');
  t.equal(set.port, 8080, 'PORT is read as a number');
  t.equal(set.publicUrl, 'https://hailong.example.gov.vn', 'PUBLIC_URL loses its trailing slash');
  t.equal(set.secureCookies, true, 'an https PUBLIC_URL turns on Secure cookies');
  t.equal(set.logLevel, 'warn');
  t.equal(
    loadConfig({ DATA_DIR: dir, SESSION_SECRET: SECRET, HOST: '0.0.0.0' }).publicUrl,
    'http://127.0.0.1:3000',
    'a wildcard HOST is printed as the loopback address',
  );
});

t.test('invalid values name the variable', async (t) => {
  const dir = tempDir(t);
  const base = { DATA_DIR: dir, SESSION_SECRET: SECRET };
  const cases: [NodeJS.ProcessEnv, string][] = [
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ PORT: '80.5' }, 'PORT'],
    [{ PORT: '-1' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://root@localhost/db' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
    [{ PUBLIC_URL: 'hailong.example' }, 'PUBLIC_URL'],
    [{ SESSION_SECRET: 'too-short' }, 'SESSION_SECRET'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
  ];
  for (const [env, variable] of cases) {
    const err = configError({ ...base, ...env });
    t.strictSame(
      err.problems.map((p) => p.variable),
      [variable],
      `${JSON.stringify(env)} → ${variable}`,
    );
    t.match(err.message, new RegExp(`^${variable}: .+`), 'the message starts with the variable');
  }
  const both = configError({ ...base, PORT: 'abc', SESSION_SECRET: 'short' });
  t.strictSame(both.problems.map((p) => p.variable).sort(), ['PORT', 'SESSION_SECRET'], 'every bad variable is named at once');
});

t.test('without SESSION_SECRET a secret is generated once into DATA_DIR and reused', async (t) => {
  const dir = join(tempDir(t), 'nested', 'data');
  const first = loadConfig({ DATA_DIR: dir });
  const file = join(dir, 'session-secret');
  t.ok(existsSync(file), 'the secret is kept in DATA_DIR/session-secret (the directory is created)');
  t.ok(first.sessionSecret.length >= 32, 'long enough');
  t.equal(readFileSync(file, 'utf8').trim(), first.sessionSecret, 'the file holds the secret in use');
  t.equal(statSync(file).mode & 0o777, 0o600, 'readable by the owner only');

  const second = loadConfig({ DATA_DIR: dir });
  t.equal(second.sessionSecret, first.sessionSecret, 'a restart reuses it');

  const other = loadConfig({ DATA_DIR: tempDir(t) });
  t.not(other.sessionSecret, first.sessionSecret, 'another data directory gets its own');

  writeFileSync(file, 'short\n');
  const replaced = loadConfig({ DATA_DIR: dir });
  t.ok(replaced.sessionSecret.length >= 32, 'a damaged secret file is replaced by a good secret');
  t.equal(readFileSync(file, 'utf8').trim(), replaced.sessionSecret);

  const given = loadConfig({ DATA_DIR: dir, SESSION_SECRET: SECRET });
  t.equal(given.sessionSecret, SECRET, 'SESSION_SECRET wins over the kept file');
});

t.test('the server exits non-zero naming a bad variable', async (t) => {
  const dir = tempDir(t);
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: 'abc', DATA_DIR: dir };
  delete env['DATABASE_URL'];
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', '--no-demo'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.resume();
  const code = await new Promise<number | null>((done) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('exit', (c) => {
      clearTimeout(timer);
      done(c);
    });
  });
  t.not(code, 0, 'exit code is not 0');
  t.not(code, null, 'it exited by itself');
  t.match(stderr, /PORT/, 'stderr names PORT');
  t.notMatch(stderr, /\n\s+at /, 'no stack trace');
  t.notOk(existsSync(join(dir, 'pglite')), 'no database was opened');
});
