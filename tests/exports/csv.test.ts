// The CSV of responses on the demo province, through the staff route, the API and the command line
// against one database: the rows are exactly the reportable responses of the selection (counted
// here again from the raw rows), the header and labels are stable, the bytes are UTF-8 with a BOM
// and CRLF, formula payloads come out inert, scope holds, every export is audited, identifiers
// appear only when the province turned them on, and the CLI writes the same bytes as the API.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import t from 'tap';
import { insertAgency } from '../../server/db/queries/agencies.ts';
import { listAudit } from '../../server/db/queries/audit.ts';
import { registerKiosk } from '../../server/db/queries/kiosks.ts';
import { findQuestionnaireVersion, publishQuestionnaireVersion } from '../../server/db/queries/questionnaires.ts';
import { insertResponses } from '../../server/db/queries/responses.ts';
import { setSetting } from '../../server/db/queries/settings.ts';
import { answerQuestions } from '../../server/domain/answers.ts';
import type { SipasDefinition } from '../../server/domain/questionnaire.ts';
import csv, { csvColumns } from '../../server/exports/csv.ts';
import { exportJob } from '../../server/exports/job.ts';
import { resolveQuery, ResultsQuery } from '../../server/results/params.ts';
import { selectQuestionnaire } from '../../server/results/selection.ts';
import { cli } from '../helpers/cli.ts';
import { exportWorld } from '../helpers/export-world.ts';
import { reportable, vnDay } from '../helpers/recount.ts';
import { createUser, signIn, type StaffSession } from '../helpers/staff.ts';

const PAYLOADS = ['=HYPERLINK("x")', '+1', '-2', '@SUM(A1)', '\tX', '\rY'];
const FIXED = [
  'id',
  'agency_code',
  'agency_name',
  'service_point',
  'campaign',
  'questionnaire_version',
  'channel',
  'submitted_at',
  'locale',
];

const { dataDir, look, app, db, closeApp, kha, sxd, read, readSxd } = await exportWorld(t, 'export-csv');
const sipas = (await findQuestionnaireVersion(db, 'sipas-2017'))!;
const quick = (await findQuestionnaireVersion(db, 'counter-quick'))!;

// A unit whose name and whose citizens' words are formula payloads, under the department.
const trap = await insertAgency(db, {
  code: 'KHA-SXD-BAY',
  parentId: sxd.id,
  nameVi: '@Đơn vị thử',
  nameEn: null,
  kind: 'unit',
  validFrom: null,
  validTo: null,
});
const trapIds = PAYLOADS.map(() => randomUUID());
await insertResponses(
  db,
  PAYLOADS.map((p, i) => ({
    id: trapIds[i]!,
    questionnaireVersionId: sipas.versionId,
    campaignId: null,
    agencyId: trap.id,
    servicePointId: null,
    provinceId: kha.id,
    channel: 'online' as const,
    submittedAt: new Date(Date.UTC(2026, 10, 10, 2, i)),
    locale: 'vi' as const,
    // Stored answers are checked on the way in; these go straight to the table, as a worst case.
    answers: { 'E1.1': 4, 'E1.2': 0, 'B.TYPE': p, 'X.IMPROVE': [p, 'online'] },
    comment: null,
  })),
);
// Written past cleanText (which trims a leading tab or CR), as the worst a stored comment could be.
await db
  .insertInto('response_comments')
  .values(PAYLOADS.map((p, i) => ({ response_id: trapIds[i]!, province_id: kha.id, body: `${p} trong góp ý` })))
  .execute();
// The first trap response came with a dossier code and was rated at a kiosk by a named officer.
await db
  .insertInto('response_dossiers')
  .values({ dossier_hash: 'ab12'.repeat(16), response_id: trapIds[0]!, province_id: kha.id })
  .execute();
const point = await db.selectFrom('service_points').select('id').where('agency_id', '=', sxd.id).executeTakeFirstOrThrow();
const kiosk = await registerKiosk(db, { servicePointId: point.id, name: 'Màn hình thử' });
await db
  .insertInto('kiosk_ratings')
  .values({
    response_id: trapIds[0]!,
    kiosk_id: kiosk.kioskId,
    province_id: kha.id,
    submitted_at: new Date(Date.UTC(2026, 10, 10, 2, 0)),
    counted: true,
    officer_name: '-Nguyễn Văn An',
  })
  .execute();

const manager = await createUser(db, { email: 'manager@sxd.gov.vn', role: 'manager', agencyId: sxd.id });
const coordinator = await createUser(db, { email: 'coordinator@kha.gov.vn', role: 'coordinator', agencyId: kha.id });
const viewer = await createUser(db, { email: 'viewer@kha.gov.vn', role: 'viewer', agencyId: kha.id });
const sessions: Record<'manager' | 'coordinator' | 'viewer', StaffSession> = {
  manager: await signIn(app, manager.email, manager.password),
  coordinator: await signIn(app, coordinator.email, coordinator.password),
  viewer: await signIn(app, viewer.email, viewer.password),
};

const api = (query: string, token = read, headers: Record<string, string> = {}) =>
  app.inject({ url: `/api/v1/exports/csv${query}`, headers: { authorization: `Bearer ${token}`, ...headers } });
const staff = (who: keyof typeof sessions, query: string) =>
  app.inject({ url: `/admin/exports/csv${query}`, cookies: sessions[who].cookies });

/** The records of a CSV body (BOM stripped by the parser, quotes undone). */
const records = (body: string): string[][] => parse(body, { bom: true, relax_quotes: false }) as string[][];

const paths = new Map((await db.selectFrom('agencies').select(['id', 'path']).execute()).map((a) => [Number(a.id), a.path]));

/** The ids the export must hold, found from the raw rows without the export's query. */
async function expectedIds(agencyPath: string, versionIds: number[], from: string, to: string, channel?: string): Promise<string[]> {
  const rows = await reportable(db);
  return rows
    .filter((r) => paths.get(r.agency_id)!.startsWith(agencyPath))
    .filter((r) => versionIds.includes(r.questionnaire_version_id))
    .filter((r) => vnDay(r.submitted_at) >= from && vnDay(r.submitted_at) <= to)
    .filter((r) => channel === undefined || r.channel === channel)
    .map((r) => r.id)
    .sort();
}

const sipasCodes = answerQuestions(sipas.definition).map((q) => q.code);
let apiBytes: Buffer;

t.test('one row per reportable response of the selection, nothing else', async (t) => {
  const cases: { query: string; path: string; versions: number[]; from: string; to: string; channel?: string }[] = [
    {
      query: '?agency=KHA&from=2025-11-21&to=2026-11-20&questionnaire=sipas-2017',
      path: kha.path,
      versions: [sipas.versionId],
      from: '2025-11-21',
      to: '2026-11-20',
    },
    {
      query: '?agency=KHA-SXD&from=2026-02-10&to=2026-09-20&questionnaire=sipas-2017',
      path: sxd.path,
      versions: [sipas.versionId],
      from: '2026-02-10',
      to: '2026-09-20',
    },
    {
      query: '?agency=KHA&from=2026-01-01&to=2026-06-30&questionnaire=sipas-2017&channel=paper',
      path: kha.path,
      versions: [sipas.versionId],
      from: '2026-01-01',
      to: '2026-06-30',
      channel: 'paper',
    },
    {
      query: '?agency=KHA&from=2026-03-01&to=2026-03-31&questionnaire=counter-quick',
      path: kha.path,
      versions: [quick.versionId],
      from: '2026-03-01',
      to: '2026-03-31',
    },
  ];
  const all = await db
    .selectFrom('responses')
    .select(({ fn }) => fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const valid = await db
    .selectFrom('responses')
    .select(({ fn }) => fn.countAll<number>().as('n'))
    .where('status', '=', 'valid')
    .executeTakeFirstOrThrow();
  t.ok(Number(all.n) > Number(valid.n), 'the demo holds responses that are not reportable');
  for (const c of cases) {
    const res = await api(c.query);
    t.equal(res.statusCode, 200, c.query);
    const [header, ...rows] = records(res.body);
    const ids = rows.map((r) => r[0]!).sort();
    const expected = await expectedIds(c.path, c.versions, c.from, c.to, c.channel);
    t.ok(expected.length > 0, `${c.query}: the selection is not empty`);
    t.equal(rows.length, expected.length, `${c.query}: ${expected.length} rows`);
    t.same(ids, expected, `${c.query}: exactly the reportable responses`);
    t.ok(
      rows.every((r) => r.length === header!.length),
      'every row has every column',
    );
  }
});

t.test('stable header: fixed columns, question codes in the questionnaire’s order, comment', async (t) => {
  const res = await api('?agency=KHA-SXD&from=2026-01-01&to=2026-11-20&questionnaire=sipas-2017');
  const [header] = records(res.body);
  t.same(header, [...FIXED, ...sipasCodes, 'comment']);
  t.same(header!.slice(9, 14), ['E1.1', 'E1.2', 'E1.3', 'E1.4', 'E1.S'], 'criteria of the first element first');
  t.same(header!.slice(-4), ['B.EDU', 'B.JOB', 'X.IMPROVE', 'comment']);
  t.notOk(header!.includes('E5.T'), 'no free-text question among the answers: its answer is the comment');
  const quickRes = await api('?agency=KHA&from=2026-01-01&to=2026-11-20&questionnaire=counter-quick');
  t.same(records(quickRes.body)[0], [...FIXED, 'Q.OVERALL', 'Q.REASON', 'comment']);
  const empty = await api('?agency=KHA&from=2020-01-01&to=2020-01-31&questionnaire=sipas-2017');
  t.equal(empty.statusCode, 200, 'an empty selection is a file with its header');
  t.same(records(empty.body), [[...FIXED, ...sipasCodes, 'comment']]);
});

t.test('bytes: UTF-8 with a BOM, CRLF line ends, ISO times in Viet Nam, values as stored', async (t) => {
  const res = await api('?agency=KHA-SXD&from=2026-01-01&to=2026-11-20&questionnaire=sipas-2017');
  t.match(res.headers['content-type'], /^text\/csv; charset=utf-8/);
  t.match(res.headers['content-disposition'], 'attachment; filename="hai-long_KHA-SXD_2026-01-01_2026-11-20.csv"');
  const bytes = res.rawPayload;
  t.same([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'BOM');
  const text = bytes.toString('utf8');
  t.equal(text.replace(/"(?:[^"]|"")*"/g, '').match(/(?<!\r)\n/g), null, 'no line ends without CR outside quoted fields');
  t.ok(text.endsWith('\r\n'));
  t.match(text, 'Sở Xây dựng', 'Vietnamese names intact');
  const [header, ...rows] = records(text);
  const at = (name: string) => header!.indexOf(name);
  const raw = new Map(
    (await db.selectFrom('responses').select(['id', 'submitted_at', 'answers']).where('agency_id', '=', sxd.id).execute()).map((r) => [
      r.id,
      r,
    ]),
  );
  let multi = 0;
  for (const row of rows) {
    t.match(row[at('submitted_at')], /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/);
    const stored = raw.get(row[0]!);
    if (!stored) continue;
    t.equal(new Date(row[at('submitted_at')]!).getTime(), Math.floor(stored.submitted_at.getTime() / 1000) * 1000, 'the same instant');
    const answers = stored.answers as Record<string, unknown>;
    for (const code of sipasCodes) {
      const v = answers[code];
      const expected = v === undefined ? '' : Array.isArray(v) ? v.join(';') : String(v);
      if (row[at(code)] !== expected) t.fail(`${row[0]} ${code}: ${row[at(code)]} ≠ ${expected}`);
      if (Array.isArray(v) && v.length > 1) multi++;
    }
  }
  t.ok(multi > 0, 'multiple choices joined with ;');
});

t.test('labels row on request, in the language asked for', async (t) => {
  const q = '?agency=KHA-SXD&from=2026-01-01&to=2026-11-20&questionnaire=sipas-2017';
  const plain = records((await api(q)).body);
  const vi = records((await api(`${q}&labels=1`)).body);
  const en = records((await api(`${q}&labels=1`, read, { 'accept-language': 'en' })).body);
  t.same(vi[0], plain[0], 'the same header');
  t.equal(vi.length, plain.length + 1, 'one more line, no more rows');
  t.same(vi.slice(2), plain.slice(1));
  const e11 = sipasCodes.indexOf('E1.1') + FIXED.length;
  const item = answerQuestions(sipas.definition)[0]!;
  t.equal(vi[1]![0], 'Mã phiếu');
  t.equal(vi[1]![7], 'Thời điểm gửi (giờ Việt Nam)');
  t.equal(vi[1]![e11], item.text.vi);
  t.equal(vi[1]!.at(-1), 'Ý kiến góp ý');
  t.equal(en[1]![0], 'Response id');
  t.equal(en[1]![e11], item.text.en ?? item.text.vi);
  t.equal(en[1]!.at(-1), 'Comment');
  const staffLabels = await staff('manager', `${q}&labels=1`);
  t.equal(records(staffLabels.body)[1]![0], 'Mã phiếu', 'the staff route passes labels=1 too');
});

t.test('formula payloads in names, answers, comments and identifiers come out inert', async (t) => {
  await setSetting(db, 'exports.identifiers.KHA', true);
  t.teardown(() => setSetting(db, 'exports.identifiers.KHA', false));
  const res = await api('?agency=KHA-SXD-BAY&from=2026-11-01&to=2026-11-20&questionnaire=sipas-2017');
  t.equal(res.statusCode, 200);
  const [header, ...rows] = records(res.body);
  const at = (name: string) => header!.indexOf(name);
  t.equal(rows.length, PAYLOADS.length);
  for (const [i, p] of PAYLOADS.entries()) {
    const row = rows.find((r) => r[0] === trapIds[i])!;
    t.equal(row[at('agency_name')], "'@Đơn vị thử", 'the agency name');
    t.equal(row[at('B.TYPE')], `'${p}`, `answer ${JSON.stringify(p)}`);
    t.equal(row[at('X.IMPROVE')], `'${p};online`, `multiple choice ${JSON.stringify(p)}`);
    t.equal(row[at('comment')], `'${p} trong góp ý`, `comment ${JSON.stringify(p)}`);
    t.equal(row[at('E1.1')], '4', 'numbers stay numbers');
    t.equal(row[at('E1.2')], '0');
  }
  const first = rows.find((r) => r[0] === trapIds[0])!;
  t.equal(first[at('officer_name')], "'-Nguyễn Văn An", 'the officer name');
  t.equal(first[at('dossier_hash')], 'ab12'.repeat(16));
  for (const row of [header!, ...rows]) {
    for (const cell of row) if (/^[=+\-@\t\r]/.test(cell)) t.fail(`a live formula: ${JSON.stringify(cell)}`);
  }
});

t.test('identifiers only when the province turned them on', async (t) => {
  const q = '?agency=KHA-SXD&from=2026-01-01&to=2026-11-20&questionnaire=sipas-2017';
  const off = records((await api(q)).body)[0]!;
  t.notOk(off.includes('dossier_hash') || off.includes('officer_name'), 'left out by default');
  await setSetting(db, 'exports.identifiers.KHA', true);
  const on = records((await api(q)).body);
  t.same(on[0]!.slice(-3), ['comment', 'dossier_hash', 'officer_name'], 'last, after the comment');
  const trapRow = on.find((r) => r[0] === trapIds[0])!;
  t.equal(trapRow.at(-2), 'ab12'.repeat(16));
  const staffOn = records((await staff('manager', q)).body)[0]!;
  t.ok(staffOn.includes('officer_name'), 'through the staff route too');
  await setSetting(db, 'exports.identifiers.KHA', false);
  t.notOk(records((await api(q)).body)[0]!.includes('dossier_hash'), 'and gone when turned off');
  const audit = (await listAudit(db, { action: 'export.csv', limit: 3 })).map(
    (a) => (a.details as { includeIdentifiers: boolean }).includeIdentifiers,
  );
  t.same(audit, [false, true, true], 'the audit log says when identifiers went out');
});

t.test('scope: staff routes answer 404 outside the subtree, tokens 403; roles without export 403', async (t) => {
  const outside = await staff('manager', '?agency=KHA&from=2026-01-01&to=2026-11-20&questionnaire=sipas-2017');
  t.equal(outside.statusCode, 404, 'a manager at KHA-SXD does not export the province');
  t.notMatch(outside.body, /^\uFEFFid,/);
  const inside = await staff('manager', '?agency=KHA-SXD&from=2026-01-01&to=2026-11-20&questionnaire=sipas-2017');
  t.equal(inside.statusCode, 200, 'their own department');
  t.match(inside.headers['content-type'], /^text\/csv/);
  const own = await staff('manager', '?period=year&year=2026');
  t.equal(own.statusCode, 200, 'no agency: their own');
  t.ok(
    records(own.body)
      .slice(1)
      .every((r) => r[1]!.startsWith('KHA-SXD')),
    'and only their subtree',
  );
  t.equal((await staff('coordinator', '?agency=KHA&period=year&year=2026')).statusCode, 200);
  t.equal((await staff('viewer', '?agency=KHA&period=year&year=2026')).statusCode, 403, 'a viewer reads results but does not export');
  t.equal((await app.inject({ url: '/admin/exports/csv?agency=KHA' })).statusCode, 303, 'signed out: to the sign-in page');
  t.equal((await staff('coordinator', '?agency=KHA')).statusCode, 200);
  t.equal(
    (await app.inject({ url: '/admin/exports/docx?agency=KHA', cookies: sessions.coordinator.cookies })).statusCode,
    404,
    'an unknown format',
  );
  const bad = await staff('coordinator', '?agency=KHA&period=custom&from=2026-13-01&to=2026-12-31');
  t.equal(bad.statusCode, 422, 'a bad filter is a page with the problem, not a file');
  t.match(bad.headers['content-type'], /^text\/html/);

  const denied = await api('?agency=KHA&from=2026-01-01&to=2026-11-20&questionnaire=sipas-2017', readSxd);
  t.equal(denied.statusCode, 403, 'a department token may not export its province');
  t.equal(denied.json().error.code, 'HL_OUT_OF_SCOPE');
  t.equal((await api('?agency=KHA-SXD&from=2026-01-01&to=2026-11-20&questionnaire=sipas-2017', readSxd)).statusCode, 200);
  t.equal(
    (await app.inject({ url: '/api/v1/exports/csv?agency=KHA&from=2026-01-01&to=2026-11-20&questionnaire=sipas-2017' })).statusCode,
    401,
  );
  t.equal((await api('?agency=KHA&from=2026-01-01&questionnaire=sipas-2017')).statusCode, 422);
  t.equal((await app.inject({ url: '/api/v1/exports/docx?agency=KHA', headers: { authorization: `Bearer ${read}` } })).statusCode, 404);
});

t.test('every export is audited with who, what and how many rows', async (t) => {
  const q = '?agency=KHA-SXD&from=2026-01-01&to=2026-11-20&questionnaire=sipas-2017&channel=online';
  const viaApi = await api(q);
  const rows = records(viaApi.body).length - 1;
  const [entry] = await listAudit(db, { action: 'export.csv', limit: 1 });
  t.match(entry, { action: 'export.csv', agency_id: sxd.id, actor_label: /^api-token:\d+$/ });
  t.match(entry!.details, {
    via: 'api',
    format: 'csv',
    agency: 'KHA-SXD',
    from: '2026-01-01',
    to: '2026-11-20',
    rows,
    filters: { channel: 'online', questionnaire: 'sipas-2017' },
  });
  await staff('manager', q);
  const [byStaff] = await listAudit(db, { action: 'export.csv', limit: 1 });
  t.match(byStaff, { actor_user_id: manager.id, details: { via: 'web', rows } });
});

t.test('the dashboards link to the files of the selection on screen, for roles that export', async (t) => {
  const pages = [
    { url: '/admin/results?agency=KHA-SXD&period=year&year=2026&sort=share&dir=asc', qs: '?agency=KHA-SXD&period=year&year=2026' },
    {
      url: '/admin/results/agency/KHA-SXD?period=year&year=2026&channel=online',
      qs: '?period=year&year=2026&channel=online&agency=KHA-SXD',
    },
  ];
  for (const p of pages) {
    const page = await app.inject({ url: p.url, cookies: sessions.manager.cookies });
    t.equal(page.statusCode, 200, p.url);
    for (const format of ['csv', 'xlsx', 'pdf'])
      t.match(page.body, `href="/admin/exports/${format}${p.qs.replace(/&/g, '&amp;')}"`, `${p.url}: ${format}`);
    const file = await app.inject({ url: `/admin/exports/csv${p.qs}`, cookies: sessions.manager.cookies });
    t.equal(file.statusCode, 200, 'the link works');
    const panel = await app.inject({ url: p.url, cookies: sessions.manager.cookies, headers: { 'hx-request': 'true' } });
    t.match(panel.body, `href="/admin/exports/csv${p.qs.replace(/&/g, '&amp;')}"`, 'in the panel htmx swaps too');
    const viewer = await app.inject({ url: p.url.replace('KHA-SXD', 'KHA'), cookies: sessions.viewer.cookies });
    t.equal(viewer.statusCode, 200);
    t.notMatch(viewer.body, '/admin/exports/', 'no links for a role that cannot export');
  }
  const online = records((await app.inject({ url: `/admin/exports/csv${pages[1]!.qs}`, cookies: sessions.manager.cookies })).body);
  t.ok(online.length > 1 && online.slice(1).every((r) => r[6] === 'online'), 'the file keeps the page’s filters');
});

t.test('a reader that stops reading and goes away ends the export instead of leaving it waiting', async (t) => {
  const query = ResultsQuery.parse({ agency: 'KHA', from: '2025-11-21', to: '2026-11-20', questionnaire: 'sipas-2017' });
  const resolved = await resolveQuery(db, { agencyId: kha.id, path: kha.path }, query);
  if (!resolved.ok) throw new Error('the selection does not resolve');
  const job = await exportJob(db, resolved, query, { locale: 'vi', madeBy: 'test' });
  let taken = 0;
  // Takes the first chunk, then never asks for more: the exporter must wait, not buffer the rest.
  const stuck = new Writable({
    highWaterMark: 1024,
    write(chunk: Buffer, _enc, done) {
      taken += chunk.length;
      if (taken < 1024) done();
    },
  });
  const running = csv.write(job, stuck);
  await new Promise((resolve) => setTimeout(resolve, 300));
  t.ok(stuck.writableLength < 300_000, `no more than a page waits in the stream (${stuck.writableLength} bytes)`);
  stuck.destroy();
  await t.rejects(running, /gone away/);
});

t.test('the API’s bytes, kept for the command line', async (t) => {
  const res = await api('?agency=KHA&from=2025-11-21&to=2026-11-20&questionnaire=sipas-2017');
  t.equal(res.statusCode, 200);
  apiBytes = res.rawPayload;
  t.ok(apiBytes.length > 1000);
});

t.test('hailong export --format csv writes the same bytes as the API', async (t) => {
  await closeApp();
  const file = join(dataDir, 'kha.csv');
  const r = await cli(
    'export',
    '--format',
    'csv',
    '--agency',
    'KHA',
    '--from',
    '2025-11-21',
    '--to',
    '2026-11-20',
    '--questionnaire',
    'sipas-2017',
    '--out',
    file,
  );
  t.equal(r.code, 0, r.err);
  const written = readFileSync(file);
  t.ok(written.equals(apiBytes), 'byte for byte');
  t.match(r.err, `Đã xuất ${records(written.toString()).length - 1} dòng vào ${file}.`);

  const labelled = join(dataDir, 'sxd-labels.csv');
  const l = await cli(
    'export',
    '--format',
    'csv',
    '--agency',
    'KHA-SXD',
    '--from',
    '2026-01-01',
    '--to',
    '2026-11-20',
    '--labels',
    '--out',
    labelled,
  );
  t.equal(l.code, 0, l.err);
  t.equal(records(readFileSync(labelled, 'utf8'))[1]![0], 'Mã phiếu', '--labels adds the labels row');
  const [entry] = await look((db) => listAudit(db, { action: 'export.csv', limit: 1 }));
  t.match(entry, { actor_label: 'cli', details: { via: 'cli', agency: 'KHA-SXD' } });
});

t.test('versions pooled: the latest definition’s order, then codes only older versions asked', async (t) => {
  await closeApp();
  await look(async (db) => {
    const v1 = (await findQuestionnaireVersion(db, 'sipas-2017', 1))!;
    const def = v1.definition as SipasDefinition;
    const background = (def.background ?? []).filter((q) => q.code !== 'B.JOB');
    const v2 = await publishQuestionnaireVersion(
      db,
      { ...def, background: [...background, { code: 'B.NEW', type: 'single', vi: 'Câu hỏi mới', options: [{ value: 'a', vi: 'A' }] }] },
      { actorLabel: 'test' },
    );
    t.equal(v2.version, 2);
    const job = { db, locale: 'vi' as const, includeIdentifiers: false };
    const pooled = await csvColumns(job, await selectQuestionnaire(db, v1.questionnaireId));
    const v1Codes = answerQuestions(def).map((q) => q.code);
    const withoutJob = v1Codes.filter((c) => c !== 'B.JOB');
    t.same(
      pooled.map((c) => c.name),
      [...FIXED, ...withoutJob.slice(0, withoutJob.indexOf('X.IMPROVE')), 'B.NEW', 'X.IMPROVE', 'B.JOB', 'comment'],
      'B.NEW where version 2 asks it, B.JOB (version 1 only) after the latest questions',
    );
    const one = await csvColumns(job, await selectQuestionnaire(db, v1.questionnaireId, 1));
    t.same(
      one.map((c) => c.name),
      [...FIXED, ...v1Codes, 'comment'],
      'one version: its own questions only',
    );
  });
});
