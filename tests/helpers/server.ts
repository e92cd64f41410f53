// The real server as a child process (`node --import tsx server/main.ts`), for tests of what only a
// process shows: startup, the data-dir lock, signals, restarts.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

/** A port nobody listens on right now: asked from the kernel, then released for the child. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RunningProcess {
  child: ChildProcess;
  /** Everything written so far. */
  stdout(): string;
  stderr(): string;
  exited: Promise<Exit>;
}

/** Runs a TypeScript entry point of the project with tsx, collecting its output. */
export function runTs(entry: string, args: string[], env: NodeJS.ProcessEnv): RunningProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
    cwd: projectRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<Exit>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** The environment of a child that must use the embedded database in dataDir. */
export function embeddedEnv(dataDir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...extra };
  delete env['DATABASE_URL'];
  delete env['SESSION_SECRET'];
  return env;
}

export interface ServerProcess extends RunningProcess {
  url: string;
  port: number;
}

/** Starts server/main.ts on a free port and waits until /healthz answers 200. */
export async function startServer(opts: { env: NodeJS.ProcessEnv; args?: string[]; timeoutMs?: number }): Promise<ServerProcess> {
  const port = await freePort();
  const proc = runTs('server/main.ts', opts.args ?? ['--no-demo'], { ...opts.env, HOST: '127.0.0.1', PORT: String(port) });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  let exit: Exit | null = null;
  void proc.exited.then((e) => (exit = e));
  while (Date.now() < deadline) {
    if (exit) {
      throw new Error(`the server exited (${JSON.stringify(exit)}) before answering:\n${proc.stdout()}\n${proc.stderr()}`);
    }
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return { ...proc, url, port };
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  proc.child.kill('SIGKILL');
  throw new Error(`the server did not answer /healthz within ${opts.timeoutMs ?? 60_000} ms:\n${proc.stdout()}\n${proc.stderr()}`);
}

/** Sends a signal and waits for the exit, killing the process if it takes longer than timeoutMs. */
export async function stopProcess(
  proc: RunningProcess,
  signal: NodeJS.Signals = 'SIGTERM',
  timeoutMs = 15_000,
): Promise<Exit & { ms: number; timedOut: boolean }> {
  const started = Date.now();
  if (proc.child.exitCode !== null || proc.child.signalCode !== null) {
    return { code: proc.child.exitCode, signal: proc.child.signalCode, ms: 0, timedOut: false };
  }
  proc.child.kill(signal);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), timeoutMs)));
  const first = await Promise.race([proc.exited, timeout]);
  clearTimeout(timer);
  if (first === 'timeout') {
    proc.child.kill('SIGKILL');
    const e = await proc.exited;
    return { ...e, ms: Date.now() - started, timedOut: true };
  }
  return { ...first, ms: Date.now() - started, timedOut: false };
}
