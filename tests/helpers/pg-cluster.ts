// A PostgreSQL cluster of the fault suite's own (tests/faults/): initdb into a temporary directory,
// started with pg_ctl on a free port, so that a test may restart it or terminate its backends
// without touching the server other test files share. initdb and pg_ctl refuse to run as root, so
// as root the directory is handed to the postgres user and the binaries run through runuser.
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './server.ts';

const run = promisify(execFile);

/** The newest PostgreSQL server binaries under /usr/lib/postgresql/<major>/bin. */
export function serverBinaries(): string {
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root)
    ? readdirSync(root)
        .filter((d) => /^\d+$/.test(d) && existsSync(join(root, d, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (majors.length === 0) throw new Error(`no PostgreSQL server binaries under ${root}/*/bin`);
  return join(root, majors[0]!, 'bin');
}

export interface Cluster {
  /** postgres://postgres@127.0.0.1:PORT/postgres */
  url: string;
  port: number;
  /** A URL to another database of this cluster. */
  urlOf(database: string): string;
  /** pg_ctl restart -m fast: every connection is cut, then the server accepts again. */
  restart(): Promise<void>;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server (immediately) and removes its directory; safe to call twice. */
  destroy(): Promise<void>;
  log(): string;
}

export async function startCluster(opts: { timeoutMs?: number } = {}): Promise<Cluster> {
  const bin = serverBinaries();
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'hailong-faults-pg-'));
  const data = join(dir, 'data');
  const logFile = join(dir, 'server.log');
  let owner: { uid: number; gid: number } | null = null;
  if (asRoot) {
    const { stdout: uid } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    owner = { uid: Number(uid.trim()), gid: Number(gid.trim()) };
    chownSync(dir, owner.uid, owner.gid);
  }
  const timeout = opts.timeoutMs ?? 60_000;
  const pg = (tool: string, args: string[]) =>
    asRoot
      ? run('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args], { timeout, cwd: dir })
      : run(join(bin, tool), args, { timeout, cwd: dir });

  await pg('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '--no-instructions']);
  const port = await freePort();
  // Its own socket directory and no listening on other interfaces: nothing else can reach it.
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=60 -c shared_buffers=32MB`;
  const ctl = (action: string, extra: string[] = []) => pg('pg_ctl', ['-D', data, '-l', logFile, '-w', '-t', '60', ...extra, action]);
  await ctl('start', ['-o', options]);
  let destroyed = false;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    urlOf: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    async restart() {
      await ctl('restart', ['-m', 'fast', '-o', options]);
    },
    async stop() {
      await ctl('stop', ['-m', 'fast']);
    },
    async start() {
      await ctl('start', ['-o', options]);
    },
    async destroy() {
      if (destroyed) return;
      destroyed = true;
      await ctl('stop', ['-m', 'immediate']).catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
    log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
  };
}
