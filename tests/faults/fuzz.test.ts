// Fuzz: more than 10,000 generated hostile inputs (tests/faults/generate.ts, seeded: FUZZ_SEED
// replays a run) against the real app on this pass's database — the response API and its batch,
// the kiosk API, the online survey's forms, sign-in, public and staff pages with hostile paths,
// queries and cookies — and against the CSV imports of agencies and targets. Invariant 8: not one
// answer is a 5xx, no import throws, and no partial row is left behind (every stored response's
// content hash recomputes from its row and comment, every kiosk response is linked to its kiosk,
// every submitted draft has its response, a refused import wrote nothing).
import { randomUUID } from 'node:crypto';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import t from 'tap';
import { createApiToken } from '../../server/db/queries/api-tokens.ts';
import { importAgencyCsv } from '../../server/db/queries/agency-import.ts';
import { registerKiosk } from '../../server/db/queries/kiosks.ts';
import { importTargetCsv } from '../../server/db/queries/target-import.ts';
import { AGENCY_CSV_COLUMNS } from '../../server/domain/agency-import.ts';
import { contentHash, contentOfStored } from '../../server/domain/response-content.ts';
import { buildTestApp } from '../helpers/app.ts';
import { pairDevice, uuidv7 } from '../helpers/kiosk.ts';
import { createUser, signIn } from '../helpers/staff.ts';
import { Citizen, sipasPlan, surveyWorld } from '../helpers/survey.ts';
import { backdateVersions } from '../helpers/versions.ts';
import { recordFigures } from './figures.ts';
import { generator } from './generate.ts';

const SEED = process.env['FUZZ_SEED'] ?? 'hailong-issue-11';
/** FUZZ_SCALE=0.1 runs a tenth of the cases (to iterate on a finding); CI runs them all. */
const SCALE = Number(process.env['FUZZ_SCALE'] ?? 1);
const n = (count: number) => Math.max(1, Math.round(count * SCALE));
const g = generator(SEED);
const started = Date.now();

const { app, database } = await buildTestApp();
t.teardown(() => app.close());
const db = database.db;
const world = await surveyWorld(db);
await backdateVersions(db);
const submit = (await createApiToken(db, { name: 'fuzz', agencyId: world.provinceId, scope: 'submit' })).token;
const read = (await createApiToken(db, { name: 'fuzz read', agencyId: world.provinceId, scope: 'read' })).token;
const point = await db.selectFrom('service_points').select('id').where('code', '=', 'SP-D').executeTakeFirstOrThrow();
const device = await pairDevice(app, (await registerKiosk(db, { servicePointId: point.id, name: 'Máy thử' })).code);
const staff = await createUser(db, { email: 'fuzz@p.gov.vn', role: 'coordinator', agencyId: world.provinceId });
const session = await signIn(app, staff.email, staff.password, { remoteAddress: '192.0.2.250' });

let inputs = 0;
const byTarget = new Map<string, number>();
/** Milliseconds spent per target (wall clock, the cases of a target run together). */
const timeOf = new Map<string, number>();
const failures: { target: string; status: number; request: string; body: string }[] = [];
const ip = () => `10.${g.int(250)}.${g.int(250)}.${1 + g.int(250)}`;

async function send(target: string, opts: InjectOptions): Promise<LightMyRequestResponse | null> {
  inputs++;
  byTarget.set(target, (byTarget.get(target) ?? 0) + 1);
  let res: LightMyRequestResponse;
  const t0 = Date.now();
  try {
    res = await app.inject({ remoteAddress: ip(), ...opts });
  } catch (err) {
    failures.push({ target, status: -1, request: describe(opts), body: String(err) });
    return null;
  } finally {
    timeOf.set(target, (timeOf.get(target) ?? 0) + Date.now() - t0);
  }
  if (res.statusCode >= 500) failures.push({ target, status: res.statusCode, request: describe(opts), body: res.body.slice(0, 500) });
  return res;
}
const describe = (opts: InjectOptions) =>
  JSON.stringify({ method: opts.method ?? 'GET', url: opts.url, payload: String(opts.payload ?? '').slice(0, 300) });

/** Runs `count` generated cases, a few at a time (the app serves concurrent requests). */
async function run(count: number, one: (i: number) => Promise<unknown>, parallel = 6): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < count) await one(next++);
    }),
  );
}

const json = (url: string, body: string, headers: Record<string, string> = {}): InjectOptions => ({
  method: 'POST',
  url,
  headers: { 'content-type': 'application/json', ...headers },
  payload: body,
});
const bodyOf = (v: unknown) => (g.chance(0.03) ? g.hostileString() : (JSON.stringify(v) ?? 'null'));

function sipasBody(): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (const q of sipasPlan.pages.flatMap((p) => p.questions)) if (q.kind === 'scale') answers[q.code] = 1 + g.int(5);
  return {
    id: randomUUID(),
    questionnaire: 'sipas-2017',
    version: 1,
    service_point: 'SP-D',
    channel: g.pick(['api', 'online', 'kiosk']),
    submitted_at: new Date(Date.now() - g.int(40 * 24) * 3600_000).toISOString(),
    answers,
    comment: g.chance(0.5) ? g.hostileString() : 'Tốt',
  };
}

t.test(`fuzz (seed ${SEED})`, async (t) => {
  const auth = { authorization: `Bearer ${submit}` };

  // The response API, one at a time and in batches.
  await run(n(3000), () => send('api', json('/api/v1/responses', bodyOf(g.mutate(sipasBody())), auth)));
  await run(n(220), () =>
    send(
      'api-batch',
      json(
        '/api/v1/responses/batch',
        bodyOf(
          g.chance(0.1)
            ? g.mutate({ responses: [sipasBody()] })
            : { responses: Array.from({ length: 1 + g.int(12) }, () => g.mutate(sipasBody())) },
        ),
        auth,
      ),
    ),
  );
  await run(n(150), () =>
    send('api-other', {
      method: g.pick(['GET', 'POST']),
      url: `/api/v1/${g.pick(['results', 'links', 'exports/csv', 'responses'])}?agency=${g.urlComponent()}&from=${g.urlComponent()}&to=${g.urlComponent()}&questionnaire=${g.urlComponent()}`,
      headers: {
        authorization: `Bearer ${g.pick([
          submit,
          read,
          g
            .hostileString()
            .slice(0, 60)
            .replace(/[^\x20-\x7e]/g, ''),
        ])}`,
        'content-type': 'application/json',
      },
      payload: bodyOf(g.hostileValue()),
    }),
  );

  // The kiosk API.
  const rating = () => ({
    id: uuidv7(Date.now() - g.int(3600_000)),
    submitted_at: new Date(Date.now() - g.int(3600_000)).toISOString(),
    locale: 'vi',
    answers: { 'Q.OVERALL': 1 + g.int(4), ...(g.chance(0.3) ? { 'Q.REASON': ['waiting'] } : {}) },
    comment: g.chance(0.3) ? g.hostileString() : null,
  });
  const kioskStored = new Set<string>();
  await run(n(1300), async () => {
    const res = await send('kiosk', { ...json('/kiosk/api/ratings', bodyOf(g.mutate(rating()))), cookies: device });
    if (res && (res.statusCode === 201 || res.statusCode === 200)) kioskStored.add((res.json() as { id: string }).id);
  });
  await run(n(200), () =>
    send('kiosk-heartbeat', {
      ...json('/kiosk/api/heartbeat', bodyOf(g.mutate({ appVersion: '1.0', queueLength: 0, rejectedCount: 0 }))),
      cookies: device,
    }),
  );

  // The online survey: the start form, page forms of live drafts, the review's submit.
  await run(n(200), async () => {
    const citizen = new Citizen(app, { ip: ip() });
    await citizen.get('/s/SP-D');
    const fields: [string, string][] = [['_csrf', g.chance(0.9) ? citizen.csrf : g.hostileString()]];
    for (let i = g.int(3); i >= 0; i--) fields.push([g.pick(['place', 'd', g.hostileString()]), g.hostileString()]);
    return send('survey-start', {
      method: 'POST',
      url: g.chance(0.8) ? '/s/SP-D' : `/${g.pick(['s', 'c'])}/${g.urlComponent()}`,
      cookies: citizen.jar,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: g.formBody(fields),
    });
  });
  const citizens: Citizen[] = [];
  for (let i = 0; i < 12; i++) {
    const c = new Citizen(app, { ip: `198.51.100.${100 + i}` });
    await c.start('/s/SP-D');
    citizens.push(c);
  }
  const codes = sipasPlan.pages.flatMap((p) => p.questions.map((q) => q.code));
  await run(n(1500), () => {
    const c = g.pick(citizens);
    const fields: [string, string][] = [['_csrf', c.csrf]];
    for (let i = 1 + g.int(4); i > 0; i--) fields.push([g.chance(0.8) ? g.pick(codes) : g.hostileString(), g.hostileString()]);
    return send('survey-page', {
      method: 'POST',
      url: `/s/SP-D/p/${g.chance(0.8) ? String(1 + g.int(sipasPlan.pages.length)) : g.urlComponent()}${g.chance(0.2) ? `?review=${g.urlComponent()}` : ''}`,
      cookies: c.jar,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: g.formBody(fields),
    });
  });
  await run(n(200), () => {
    const c = g.pick(citizens);
    const fields: [string, string][] = [
      ['_csrf', c.csrf],
      ['response_id', g.chance(0.5) ? randomUUID() : g.hostileString()],
      [g.hostileString(), g.hostileString()],
    ];
    return send('survey-submit', {
      method: 'POST',
      url: '/s/SP-D/review',
      cookies: c.jar,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: g.formBody(fields),
    });
  });

  // Sign-in: the form with hostile fields (the CSRF cookie and token of a real page), and next=.
  const page = await app.inject({ url: '/sign-in' });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
  const csrfCookies = Object.fromEntries((page.cookies as { name: string; value: string }[]).map((c) => [c.name, c.value]));
  await run(n(200), () =>
    send('sign-in', {
      method: 'POST',
      url: g.chance(0.9) ? '/sign-in' : `/sign-in?next=${g.urlComponent()}`,
      cookies: csrfCookies,
      headers: { 'content-type': g.pick(['application/x-www-form-urlencoded', 'application/x-www-form-urlencoded', 'application/json']) },
      payload: g.chance(0.8)
        ? g.formBody([
            ['_csrf', csrf],
            ['email', g.chance(0.3) ? staff.email : g.hostileString()],
            ['password', g.hostileString()],
            ['next', g.hostileString()],
          ])
        : bodyOf(g.mutate({ _csrf: csrf, email: staff.email, password: 'x', next: '/admin' })),
    }),
  );

  // Pages: hostile paths, queries and cookies, signed out and as a coordinator.
  const pages = () =>
    g.pick([
      `/${g.urlComponent()}`,
      `/ket-qua/${g.urlComponent()}?nam=${g.urlComponent()}`,
      `/ket-qua?${g.urlComponent()}=${g.urlComponent()}`,
      `/lang/${g.urlComponent()}?back=${g.urlComponent()}`,
      `/sign-in?next=${g.urlComponent()}&signed_out=${g.urlComponent()}`,
      `/s/${g.urlComponent()}`,
      `/s/SP-D?d=${g.urlComponent()}`,
      `/c/${g.urlComponent()}/p/${g.urlComponent()}`,
      `/kiosk/pair/${g.urlComponent()}`,
      `/phuong-phap?${g.urlComponent()}`,
      `/public/${g.urlComponent()}`,
      `/healthz?${g.urlComponent()}`,
    ]);
  await run(n(2100), () =>
    send('pages', {
      url: pages(),
      // Cookies as a client's bytes: percent-encoded, invalid UTF-8 included (a header cannot carry more).
      headers: {
        ...(g.chance(0.3) ? { cookie: `lang=${g.urlComponent().slice(0, 60)}; hl_session=${g.urlComponent().slice(0, 150)}` } : {}),
        ...(g.chance(0.2) ? { 'hx-request': 'true', 'accept-language': g.hostileString().replace(/[^\x20-\x7e]/g, '') } : {}),
      },
    }),
  );
  const staffPages = () =>
    g.pick([
      `/admin/results?agency=${g.chance(0.5) ? 'P' : g.urlComponent()}&period=${g.urlComponent()}&from=${g.urlComponent()}&to=${g.urlComponent()}&questionnaire=${g.urlComponent()}`,
      `/admin/results/agency/${g.urlComponent()}?${g.urlComponent()}=${g.urlComponent()}`,
      `/admin/results/compare?agency=${g.urlComponent()}&sort=${g.urlComponent()}`,
      `/admin/targets?done=${g.urlComponent()}&id=${g.urlComponent()}`,
      `/admin/closed-periods?done=${g.urlComponent()}&year=${g.urlComponent()}`,
      `/admin/kiosks/${g.urlComponent()}`,
      `/admin/users?${g.urlComponent()}`,
      `/admin/paper?campaign=${g.urlComponent()}`,
      `/admin/paper/key?campaign=${g.urlComponent()}&service_point=${g.urlComponent()}`,
    ]);
  await run(n(520), () => send('staff-pages', { url: staffPages(), cookies: session.cookies }));
  await run(n(150), () =>
    send('staff-forms', {
      method: 'POST',
      url: g.pick([
        '/admin/closed-periods',
        '/admin/closed-periods/reopen',
        '/admin/targets',
        '/admin/users',
        '/admin/results/publication',
        '/admin/results/rule',
      ]),
      cookies: session.cookies,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: g.formBody([
        ['_csrf', session.csrf],
        [g.pick(['year', 'agency', 'email', 'role', 'agencyId', 'province', 'threshold', g.hostileString()]), g.hostileString()],
        [g.pick(['year', 'agency', 'published', 'indexCode', 'comparator', 'rule', 'criterion']), g.hostileString()],
      ]),
    }),
  );

  // CSV imports: never a throw, and a refused file writes nothing.
  const countOf = async (table: 'agencies' | 'targets') =>
    Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(db)).rows[0]!.n);
  const importFailures: string[] = [];
  const partialImports: string[] = [];
  const agencyRows = [
    ['P-X1', 'P', 'Phường Một', '', 'commune', '', '', ''],
    ['P-X2', 'P-X1', 'Tổ Hai', 'Unit Two', 'unit', '2025-07-01', '', ''],
  ];
  for (let i = 0; i < n(620); i++) {
    inputs++;
    byTarget.set('csv-agencies', (byTarget.get('csv-agencies') ?? 0) + 1);
    const text = g.csvText(
      AGENCY_CSV_COLUMNS,
      agencyRows.map((r) => r.map((v) => v.replace('X', `X${i}`))),
    );
    const before = await countOf('agencies');
    try {
      const r = await importAgencyCsv(db, text, { label: 'fuzz' });
      if (!r.ok && (await countOf('agencies')) !== before) partialImports.push(text);
    } catch (err) {
      importFailures.push(`${String(err)} ← ${JSON.stringify(text).slice(0, 300)}`);
    }
  }
  const targetHeader = ['agency_code', 'questionnaire_code', 'year', 'period_from', 'period_to', 'index_code', 'comparator', 'threshold'];
  const targetRows = [
    ['P', '', '2026', '', '', 'overall', '>', '80'],
    ['P-D', 'sipas-2017', '', '2026-01-01', '2026-06-30', 'E1', '>=', '82,5'],
  ];
  for (let i = 0; i < n(620); i++) {
    inputs++;
    byTarget.set('csv-targets', (byTarget.get('csv-targets') ?? 0) + 1);
    const text = g.csvText(targetHeader, targetRows);
    const before = await countOf('targets');
    try {
      const r = await importTargetCsv(db, text, { label: 'fuzz' });
      if (!r.ok && (await countOf('targets')) !== before) partialImports.push(text);
    } catch (err) {
      importFailures.push(`${String(err)} ← ${JSON.stringify(text).slice(0, 300)}`);
    }
  }

  // Partial rows: every response's content hash recomputes from its stored row and comment.
  await app.inject({ url: '/healthz' });
  const stored = await db
    .selectFrom('responses as r')
    .leftJoin('response_comments as c', 'c.response_id', 'r.id')
    .select([
      'r.id',
      'r.questionnaire_version_id',
      'r.agency_id',
      'r.service_point_id',
      'r.campaign_id',
      'r.channel',
      'r.submitted_at',
      'r.locale',
      'r.answers',
      'r.content_hash',
      'c.body as comment',
    ])
    .execute();
  // The hash leaves out a campaign intake inferred (server/intake/intake.ts): either form is whole.
  const whole = (r: (typeof stored)[number]) =>
    contentHash(contentOfStored(r, r.comment)) === r.content_hash ||
    contentHash(contentOfStored({ ...r, campaign_id: null }, r.comment)) === r.content_hash;
  const mismatched = stored.filter((r) => !whole(r)).map((r) => r.id);
  const linked = new Set((await db.selectFrom('kiosk_ratings').select('response_id').execute()).map((r) => r.response_id.toLowerCase()));
  const kioskUnlinked = [...kioskStored].filter((id) => !linked.has(id.toLowerCase()));
  const draftsWithout = await sql<{ n: string }>`
    select count(*) as n from survey_drafts d
     where d.submitted_at is not null and not exists (select 1 from responses r where r.id = d.response_id)`.execute(db);

  if (SCALE >= 1) t.ok(inputs >= 10_000, `${inputs} inputs tried`);
  const kinds = new Map<string, { count: number; sample: (typeof failures)[number] }>();
  for (const f of failures) {
    const key = `${f.target} ${f.status} ${f.body.slice(0, 60)}`;
    const k = kinds.get(key);
    if (k) k.count++;
    else kinds.set(key, { count: 1, sample: f });
  }
  t.same([...kinds.values()].slice(0, 12), [], `no 5xx and no crash (${failures.length} of ${inputs}; replay with FUZZ_SEED=${SEED})`);
  t.same(importFailures.slice(0, 5), [], `no import threw (${importFailures.length})`);
  t.same(partialImports.slice(0, 3), [], 'a refused import wrote nothing');
  t.same(mismatched.slice(0, 5), [], `every one of ${stored.length} stored responses is whole (hash of row and comment)`);
  t.same(kioskUnlinked, [], `every one of ${kioskStored.size} stored kiosk ratings is linked to its kiosk`);
  t.equal(Number(draftsWithout.rows[0]!.n), 0, 'every submitted draft has its response');

  recordFigures('fuzz', {
    seed: SEED,
    database: database.kind,
    inputs,
    byTarget: [...byTarget].map(([k, n]) => `${k} ${n}`).join(', '),
    requestSecondsByTarget: [...timeOf].map(([k, ms]) => `${k} ${Math.round(ms / 1000)}`).join(', '),
    answers5xx: failures.length,
    importThrows: importFailures.length,
    storedResponses: stored.length,
    partialRows: mismatched.length + kioskUnlinked.length + Number(draftsWithout.rows[0]!.n) + partialImports.length,
    seconds: Math.round((Date.now() - started) / 1000),
  });
});
