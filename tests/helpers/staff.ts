// Staff users, a small agency tree and signed-in sessions for route tests: the real sign-in form,
// the real cookies and the real CSRF tokens, no shortcuts around the code under test.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Kysely } from 'kysely';
import { insertAgency } from '../../server/db/queries/agencies.ts';
import { insertUser } from '../../server/db/queries/users.ts';
import type { Agency, Database, Role } from '../../server/db/schema.ts';
import { hashPassword } from '../../server/domain/passwords.ts';

export type Cookies = Record<string, string>;

export interface StaffTree {
  /** Province one, with a department under it and a commune under that. */
  p1: Agency;
  d1: Agency;
  c1: Agency;
  /** Province two, with one department: always outside a province-one user's subtree. */
  p2: Agency;
  d2: Agency;
}

export async function staffTree(db: Kysely<Database>): Promise<StaffTree> {
  const agency = (code: string, parentId: number | null, nameVi: string, kind: Agency['kind']) =>
    insertAgency(db, { code, parentId, nameVi, nameEn: null, kind, validFrom: null, validTo: null });
  const p1 = await agency('P1', null, 'Tỉnh Một', 'province');
  const d1 = await agency('P1-SNV', p1.id, 'Sở Nội vụ Tỉnh Một', 'department');
  const c1 = await agency('P1-XA', d1.id, 'Xã Một', 'commune');
  const p2 = await agency('P2', null, 'Tỉnh Hai', 'province');
  const d2 = await agency('P2-SNV', p2.id, 'Sở Nội vụ Tỉnh Hai', 'department');
  return { p1, d1, c1, p2, d2 };
}

export const DEFAULT_PASSWORD = 'mật-khẩu-thử-nghiệm-đủ-dài';

export async function createUser(
  db: Kysely<Database>,
  u: { email: string; role: Role; agencyId: number; password?: string; displayName?: string; disabled?: boolean },
): Promise<{ id: number; email: string; password: string }> {
  const password = u.password ?? DEFAULT_PASSWORD;
  const row = await insertUser(db, {
    email: u.email,
    displayName: u.displayName ?? null,
    passwordHash: await hashPassword(password),
    role: u.role,
    agencyId: u.agencyId,
    createdBy: null,
  });
  if (u.disabled) await db.updateTable('users').set({ disabled_at: new Date() }).where('id', '=', row.id).execute();
  return { id: row.id, email: row.email, password };
}

export function withCookies(jar: Cookies, res: LightMyRequestResponse): Cookies {
  const next = { ...jar };
  for (const c of res.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
    const gone = c.value === '' || c.maxAge === 0 || (c.expires !== undefined && c.expires.getTime() <= Date.now());
    if (gone) delete next[c.name];
    else next[c.name] = c.value;
  }
  return next;
}

export function csrfFrom(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no _csrf field in the page');
  return m[1]!;
}

/** Loads a page and returns the CSRF token of its forms, with the cookies it set. */
export async function formToken(app: FastifyInstance, url: string, jar: Cookies = {}): Promise<{ csrf: string; cookies: Cookies }> {
  const res = await app.inject({ url, cookies: jar });
  if (res.statusCode !== 200) throw new Error(`GET ${url} answered ${res.statusCode}`);
  return { csrf: csrfFrom(res.body), cookies: withCookies(jar, res) };
}

export function postForm(
  app: FastifyInstance,
  url: string,
  jar: Cookies,
  fields: Record<string, string>,
  opts: { remoteAddress?: string } = {},
) {
  return app.inject({
    method: 'POST',
    url,
    cookies: jar,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(fields).toString(),
    ...(opts.remoteAddress ? { remoteAddress: opts.remoteAddress } : {}),
  });
}

export interface StaffSession {
  cookies: Cookies;
  /** Bound to the session: a token from before sign-in no longer works after it. */
  csrf: string;
}

/** Signs in through the form and returns the session cookies and a CSRF token for its forms. */
export async function signIn(
  app: FastifyInstance,
  email: string,
  password: string = DEFAULT_PASSWORD,
  opts: { remoteAddress?: string } = {},
): Promise<StaffSession> {
  const form = await formToken(app, '/sign-in');
  const res = await postForm(app, '/sign-in', form.cookies, { email, password, _csrf: form.csrf }, opts);
  if (res.statusCode !== 303) throw new Error(`sign-in of ${email} answered ${res.statusCode}`);
  const cookies = withCookies(form.cookies, res);
  // Every role may open the staff home, and its header carries the sign-out form with a token.
  const home = await formToken(app, '/admin', cookies);
  return { cookies: home.cookies, csrf: home.csrf };
}

/** A multipart/form-data body with fields and a CSV file in the field "file", as a browser uploads it. */
export function multipart(fields: Record<string, string>, file?: { name: string; content: Buffer | string }) {
  const boundary = '----hailongtest' + Math.random().toString(16).slice(2);
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file)
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n`,
      ),
      Buffer.from(file.content),
      Buffer.from('\r\n'),
    );
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
