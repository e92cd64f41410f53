// The HTTP side of bench/dashboard: starting the app process, signing a staff user in through the
// real form (as tests/helpers/staff.ts does in-process), and timing GETs on one keep-alive
// connection, one request at a time — what one person opening a page waits for.
import { spawn } from 'node:child_process';
import http from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

export interface App {
  port: number;
  routes: string[];
  stop(): Promise<void>;
}

export function startApp(url: string): Promise<App> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'server.ts')], {
    env: { ...process.env, DATABASE_URL: url },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const port = /listening (\d+)/.exec(out);
      const routes = /routes (\[.*\])\n/.exec(out);
      if (port && routes) {
        resolve({
          port: Number(port[1]),
          routes: JSON.parse(routes[1]!) as string[],
          stop: () =>
            new Promise((done) => {
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.once('exit', (code) => {
      if (!/listening/.test(out)) reject(new Error(`the app exited early (code ${code})`));
    });
  });
}

export interface Reply {
  status: number;
  body: string;
  setCookies: string[];
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

export function request(
  port: number,
  method: 'GET' | 'POST',
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const sc = res.headers['set-cookie'];
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), setCookies: sc ? [sc].flat() : [] });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

export function closeClient(): void {
  agent.destroy();
}

type Jar = Map<string, string>;

function keep(jar: Jar, r: Reply): void {
  for (const c of r.setCookies) {
    const [pair] = c.split(';');
    const eq = pair!.indexOf('=');
    const name = pair!.slice(0, eq).trim();
    const value = pair!.slice(eq + 1).trim();
    if (value === '' || /max-age=0/i.test(c)) jar.delete(name);
    else jar.set(name, value);
  }
}

const cookieHeader = (jar: Jar) => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');

/** Signs in through GET/POST /sign-in; returns the Cookie header of the session. */
export async function signIn(port: number, email: string, password: string): Promise<string> {
  const jar: Jar = new Map();
  const form = await request(port, 'GET', '/sign-in');
  if (form.status !== 200) throw new Error(`GET /sign-in answered ${form.status}`);
  keep(jar, form);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1];
  if (!csrf) throw new Error('no _csrf field on the sign-in page');
  const posted = await request(
    port,
    'POST',
    '/sign-in',
    { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader(jar) },
    new URLSearchParams({ email, password, _csrf: csrf }).toString(),
  );
  if (posted.status !== 303) throw new Error(`POST /sign-in answered ${posted.status}`);
  keep(jar, posted);
  return cookieHeader(jar);
}
