// Template databases: each test file starts from a copy of a database built once, instead of
// running initdb, the migrations and perhaps the demo itself. On PGlite a template is a dump of the
// data directory (a tar in the temporary folder) that each file loads into memory; on
// PostgreSQL it is a database on the server that each file's database is created from
// (`create database … template …`).
//
// A template is named by a hash of everything that shapes it (the migrations, the migrator, the demo
// generator and the rest of server/, the shipped questionnaires, this file), so a change to any of
// them builds a new one and two test runs of different code never share one. Building happens at
// most once per name at a time (a lock file on PGlite, an advisory lock on the server); publishing
// is atomic (a rename), so a reader sees a whole template or none, and a template that vanishes
// under a reader (swept by another run) is built again. Templates of other names that nobody has
// used for a day are swept when a new one is built.
import { createHash } from 'node:crypto';
import {
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { connectPostgres, openEmbedded } from '../../server/db/connection.ts';
import { migrate } from '../../server/db/migrator.ts';
import type { Database } from '../../server/db/schema.ts';
import type { DemoResult } from '../../server/demo/create.ts';

/** An empty database (PGlite only: a server's empty database is template1), a migrated one, or one with the demo. */
export type TemplateKind = 'empty' | 'migrated' | 'demo';

/**
 * The demo the files that show results share: 1,500 responses over the two years before
 * 20 November 2026, seed "x". A file that needs another demo builds it itself.
 */
export const DEMO_TEMPLATE = { responses: 1500, now: new Date('2026-11-20T03:00:00Z'), seed: 'x' } as const;

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DAY_MS = 86_400_000;
/** How long a waiter waits for another process to finish building before giving up. */
const BUILD_WAIT_MS = 5 * 60_000;

// --- names -------------------------------------------------------------------------------------------

function filesUnder(path: string): string[] {
  const st = statSync(path);
  if (st.isFile()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => filesUnder(join(path, name)));
}

const INPUTS: Record<TemplateKind, string[]> = {
  empty: [],
  migrated: ['migrations', 'server/db/migrator.ts'],
  // createDemo reaches into the queries, the domain, the i18n of agency kinds…: all of server/.
  demo: ['migrations', 'server', 'content'],
};

const keys = new Map<TemplateKind, string>();

/** A short hash of the inputs of a kind of template, and of the PGlite version that writes its dumps. */
export function templateKey(kind: TemplateKind): string {
  let key = keys.get(kind);
  if (key) return key;
  const hash = createHash('sha256');
  hash.update(`${kind}\n`);
  // Its package.json is not exported: read it beside the resolved entry point.
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const pglite = JSON.parse(readFileSync(join(entry.slice(0, entry.lastIndexOf('/dist/')), 'package.json'), 'utf8')) as { version: string };
  hash.update(`pglite ${pglite.version}\n`);
  for (const file of [fileURLToPath(import.meta.url), ...INPUTS[kind].flatMap((p) => filesUnder(join(ROOT, p)))]) {
    hash.update(`${relative(ROOT, file)}\n`);
    hash.update(readFileSync(file));
  }
  key = hash.digest('hex').slice(0, 16);
  keys.set(kind, key);
  return key;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The demo generator, loaded only to build its template: most files never need its modules. */
async function buildDemo(db: Kysely<Database>): Promise<DemoResult> {
  const { createDemo } = await import('../../server/demo/create.ts');
  return createDemo(db, { ...DEMO_TEMPLATE });
}

// --- PGlite: dumps in the temporary folder --------------------------------------------------------------

export interface EmbeddedTemplate {
  data: Blob;
  demo: DemoResult | null;
}

/** Where the dumps live; HAILONG_TEST_TEMPLATES moves them (e.g. to a faster disk). */
export function templateDir(): string {
  const dir = process.env['HAILONG_TEST_TEMPLATES'] ?? join(tmpdir(), `hailong-test-templates-${process.getuid?.() ?? 'user'}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Runs fn while holding a lock file. The lock only saves duplicate work: publishing is atomic, so two
 * builders at once (after a stale lock was broken twice) still leave one whole template.
 */
async function withLockFile<T>(path: string, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + BUILD_WAIT_MS;
  for (;;) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let holder = 0;
    let age = 0;
    try {
      holder = Number(readFileSync(path, 'utf8'));
      age = Date.now() - statSync(path).mtimeMs;
    } catch {
      continue; // released meanwhile
    }
    // A builder that died (or never wrote its pid, or hangs) leaves its lock behind.
    if ((holder > 0 && !alive(holder)) || (!holder && age > 10_000) || age > BUILD_WAIT_MS) {
      rmSync(path, { force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`waited ${BUILD_WAIT_MS / 1000} s for the template lock ${path} (held by ${holder})`);
    await sleep(100);
  }
  try {
    return await fn();
  } finally {
    rmSync(path, { force: true });
  }
}

function readEmbedded(dir: string): EmbeddedTemplate | null {
  try {
    const data = new Blob([readFileSync(join(dir, 'data.tar'))]);
    const demoFile = join(dir, 'demo.json');
    let demo: DemoResult | null = null;
    try {
      demo = JSON.parse(readFileSync(demoFile, 'utf8')) as DemoResult;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    // Marks it as in use, so that no other run sweeps it.
    const now = new Date();
    utimesSync(dir, now, now);
    return { data, demo };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** Removes other templates of a kind that nobody has used for a day, and builds that died. */
function sweepEmbedded(root: string, kind: TemplateKind, keep: string) {
  for (const name of readdirSync(root)) {
    if (!name.startsWith(`${kind}-`) || name === keep) continue;
    const path = join(root, name);
    try {
      const age = Date.now() - statSync(path).mtimeMs;
      const building = name.includes('.building.');
      if (age > DAY_MS || (building && age > BUILD_WAIT_MS)) rmSync(path, { recursive: true, force: true });
    } catch {
      // Swept by another run meanwhile.
    }
  }
}

async function buildEmbedded(kind: TemplateKind): Promise<{ handle: Awaited<ReturnType<typeof openEmbedded>>; demo: DemoResult | null }> {
  if (kind === 'empty') return { handle: await openEmbedded(null), demo: null };
  const from = await embeddedTemplate(kind === 'demo' ? 'migrated' : 'empty');
  const handle = await openEmbedded(null, { loadDataDir: from.data });
  try {
    if (kind === 'migrated') {
      await migrate(handle);
      return { handle, demo: null };
    }
    return { handle, demo: await buildDemo(handle.db) };
  } catch (err) {
    await handle.close();
    throw err;
  }
}

const embeddedCache = new Map<TemplateKind, Promise<EmbeddedTemplate>>();

/** The dump a kind of template, built first when this code has none yet. Read once per process. */
export function embeddedTemplate(kind: TemplateKind): Promise<EmbeddedTemplate> {
  let cached = embeddedCache.get(kind);
  if (!cached) {
    cached = loadOrBuildEmbedded(kind);
    embeddedCache.set(kind, cached);
    cached.catch(() => embeddedCache.delete(kind));
  }
  return cached;
}

async function loadOrBuildEmbedded(kind: TemplateKind): Promise<EmbeddedTemplate> {
  const root = templateDir();
  const name = `${kind}-${templateKey(kind)}`;
  const dir = join(root, name);
  const ready = readEmbedded(dir);
  if (ready) return ready;
  return withLockFile(join(root, `${name}.lock`), async () => {
    const built = readEmbedded(dir);
    if (built) return built;
    const { handle, demo } = await buildEmbedded(kind);
    const staging = join(root, `${name}.building.${process.pid}`);
    try {
      // After a checkpoint a copy starts without replaying the WAL: a tenth less work per file.
      await handle.exec('checkpoint');
      const data = await handle.dumpDataDir();
      rmSync(staging, { recursive: true, force: true });
      mkdirSync(staging);
      writeFileSync(join(staging, 'data.tar'), Buffer.from(await data.arrayBuffer()));
      if (demo) writeFileSync(join(staging, 'demo.json'), JSON.stringify(demo));
      try {
        renameSync(staging, dir);
      } catch (err) {
        // Another builder published first (possible only after a broken stale lock): use theirs.
        if (!['ENOTEMPTY', 'EEXIST'].includes((err as NodeJS.ErrnoException).code ?? '')) throw err;
      }
    } finally {
      await handle.close();
      rmSync(staging, { recursive: true, force: true });
    }
    sweepEmbedded(root, kind, name);
    const published = readEmbedded(dir);
    if (!published) throw new Error(`the template ${dir} vanished just after it was built`);
    return published;
  });
}

// --- PostgreSQL: template databases on the server -------------------------------------------------------

const SERVER_PREFIX = 'hailong_tpl_';

/** The URL of another database on the same server. */
export function databaseUrl(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function withAdmin<T>(url: string, fn: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.end();
  }
}

interface ServerTemplateNote {
  builtAt: number;
  demo: DemoResult | null;
}

async function readNote(admin: pg.Client, name: string): Promise<ServerTemplateNote | null | undefined> {
  const { rows } = await admin.query<{ note: string | null }>(
    `select shobj_description(oid, 'pg_database') as note from pg_database where datname = $1`,
    [name],
  );
  if (rows.length === 0) return undefined;
  try {
    return JSON.parse(rows[0]!.note ?? '') as ServerTemplateNote;
  } catch {
    return null;
  }
}

/** Drops other templates (and builds that died) last built more than a day ago, and test databases a crash left behind. */
async function sweepServer(admin: pg.Client, keep: string) {
  const { rows } = await admin.query<{ datname: string; note: string | null }>(
    `select datname, shobj_description(oid, 'pg_database') as note from pg_database
      where datname like 'hailong\\_tpl\\_%' or datname like 'hailong\\_t\\_%'`,
  );
  for (const { datname, note } of rows) {
    if (datname === keep || datname.startsWith(`${keep}_`)) continue;
    let builtAt = 0;
    if (datname.startsWith(SERVER_PREFIX)) {
      try {
        builtAt = (JSON.parse(note ?? '') as ServerTemplateNote).builtAt;
      } catch {
        builtAt = 0;
      }
    } else {
      // hailong_t_<milliseconds in base 36>_<random>: each file's own database, dropped at its end.
      builtAt = parseInt(datname.split('_')[2] ?? '', 36) || Date.now();
    }
    if (Date.now() - builtAt > DAY_MS) {
      await admin.query(`drop database if exists ${datname} with (force)`).catch(() => {});
    }
  }
}

function lockKey(name: string): string {
  // pg_advisory_lock takes a bigint: the first 60 bits of a hash of the template's name.
  return BigInt(`0x${createHash('sha256').update(name).digest('hex').slice(0, 15)}`).toString();
}

const serverCache = new Map<TemplateKind, Promise<{ name: string; demo: DemoResult | null }>>();

/** The name of a kind of template database on the server of url, built first when this code has none yet. */
export function serverTemplate(url: string, kind: Exclude<TemplateKind, 'empty'>): Promise<{ name: string; demo: DemoResult | null }> {
  let cached = serverCache.get(kind);
  if (!cached) {
    cached = loadOrBuildServer(url, kind);
    serverCache.set(kind, cached);
    cached.catch(() => serverCache.delete(kind));
  }
  return cached;
}

/** Forgets what this process knows of a template, after it vanished (swept by another run). */
export function forgetServerTemplate(kind: TemplateKind) {
  serverCache.delete(kind);
}

async function loadOrBuildServer(url: string, kind: Exclude<TemplateKind, 'empty'>): Promise<{ name: string; demo: DemoResult | null }> {
  const name = `${SERVER_PREFIX}${kind}_${templateKey(kind)}`;
  return withAdmin(url, async (admin) => {
    const ready = await readNote(admin, name);
    if (ready) return { name, demo: ready.demo };
    await admin.query('select pg_advisory_lock($1)', [lockKey(name)]);
    try {
      const built = await readNote(admin, name);
      if (built) return { name, demo: built.demo };
      // Unique per builder: runs connected to different databases of the server do not share the lock.
      const staging = `${name}_${process.pid}`;
      await admin.query(`drop database if exists ${staging} with (force)`);
      if (kind === 'migrated') {
        await admin.query(`create database ${staging}`);
      } else {
        const from = await serverTemplate(url, 'migrated');
        await createFromTemplate(admin, staging, from.name);
      }
      const note: ServerTemplateNote = { builtAt: Date.now(), demo: null };
      const handle = await connectPostgres(databaseUrl(url, staging));
      try {
        if (kind === 'migrated') await migrate(handle);
        else note.demo = await buildDemo(handle.db);
      } finally {
        await handle.close();
      }
      // Nobody may be connected to a template while it is copied: no connections from now on.
      await admin.query(`comment on database ${staging} is ${literal(JSON.stringify(note))}`);
      await admin.query(`alter database ${staging} with allow_connections false`);
      await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = $1`, [staging]);
      try {
        await renameWhenFree(admin, staging, name);
      } catch (err) {
        // Another builder (of a run connected to another database) published first: use theirs.
        await admin.query(`drop database if exists ${staging} with (force)`);
        if ((err as { code?: string }).code !== '42P04') throw err;
      }
      await sweepServer(admin, name);
      return { name, demo: note.demo };
    } finally {
      await admin.query('select pg_advisory_unlock($1)', [lockKey(name)]);
    }
  });
}

async function renameWhenFree(admin: pg.Client, from: string, to: string) {
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.query(`alter database ${from} rename to ${to}`);
      return;
    } catch (err) {
      // 55006: a backend of the closed pool has not quite exited yet.
      if ((err as { code?: string }).code !== '55006' || attempt > 50) throw err;
      await sleep(100);
    }
  }
}

/** create database … template …; a template being copied may not have visitors, so a busy one is retried. */
export async function createFromTemplate(admin: pg.Client, name: string, template: string) {
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.query(`create database ${name} template ${template}`);
      return;
    } catch (err) {
      if ((err as { code?: string }).code !== '55006' || attempt > 50) throw err;
      await sleep(100);
    }
  }
}

function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
