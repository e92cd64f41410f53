// The PDF report on the demo province, through runExport, the staff route, the API and the command
// line against one database: complete A4 documents with page numbers, the Vietnamese names with
// their diacritics, every headline figure exactly as formatPercent writes the results service's
// numbers (vi-VN, and en), citizens' comments quoted as text only, and scope and the audit log.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import t, { type Test } from 'tap';
import { findAgencyByCode } from '../../server/db/queries/agencies.ts';
import { listAudit } from '../../server/db/queries/audit.ts';
import type { Agency } from '../../server/db/schema.ts';
import { exporterFor, runExport, type ExportJob } from '../../server/exports/index.ts';
import { exportJob } from '../../server/exports/job.ts';
import { plainText } from '../../server/exports/pdf-layout.ts';
import { formatInterval, verdictView } from '../../server/results/display.ts';
import { formatPercent } from '../../server/i18n/format.ts';
import { translator, type Locale } from '../../server/i18n/index.ts';
import { resolveQuery, ResultsQuery } from '../../server/results/params.ts';
import { agencyResults, overview, type AgencyResults } from '../../server/results/service.ts';
import { cli } from '../helpers/cli.ts';
import { exportWorld } from '../helpers/export-world.ts';
import { createUser, signIn } from '../helpers/staff.ts';

// A citizen's words that look like PDF syntax, with control characters and a direction override.
const HOSTILE = '(hostile) /JavaScript << /S /JavaScript /JS (app.alert(1)) >> /Launch /URI (http://evil.example) \u0001\u0007\u202Eẩn';
const LONG_WORD = 'Dàiquá'.repeat(600);
const FLAGGED = 'Ý kiến của phiếu bị gắn cờ không được trích';

const { dataDir, look, app, db, closeApp, kha, sxd, read, readSxd } = await exportWorld(t, 'export-pdf', async (db) => {
  // The department's three latest SIPAS responses of 2026 carry the comments under test.
  const sxdPath = (await findAgencyByCode(db, 'KHA-SXD'))!.path;
  const latest = await db
    .selectFrom('responses as r')
    .innerJoin('agencies as a', 'a.id', 'r.agency_id')
    .innerJoin('questionnaire_versions as v', 'v.id', 'r.questionnaire_version_id')
    .innerJoin('questionnaires as q', 'q.id', 'v.questionnaire_id')
    .select(['r.id', 'r.province_id'])
    .where('a.path', 'like', `${sxdPath}%`)
    .where('q.code', '=', 'sipas-2017')
    .where('r.status', '=', 'valid')
    .orderBy('r.submitted_at', 'desc')
    .limit(3)
    .execute();
  if (latest.length !== 3) throw new Error('the demo department has fewer than three valid responses');
  for (const [r, body] of [
    [latest[0]!, HOSTILE],
    [latest[1]!, LONG_WORD],
    [latest[2]!, FLAGGED],
  ] as const) {
    await db.deleteFrom('response_comments').where('response_id', '=', r.id).execute();
    await db.insertInto('response_comments').values({ response_id: r.id, province_id: r.province_id, body }).execute();
  }
  await db.updateTable('responses').set({ status: 'flagged', status_reason: 'too-fast' }).where('id', '=', latest[2]!.id).execute();
});

const coordinator = await createUser(db, { email: 'coordinator@kha.gov.vn', role: 'coordinator', agencyId: kha.id });
const manager = await createUser(db, { email: 'manager@sxd.gov.vn', role: 'manager', agencyId: sxd.id });
const sessions = {
  coordinator: await signIn(app, coordinator.email, coordinator.password),
  manager: await signIn(app, manager.email, manager.password),
};

let fileNo = 0;
function tool(cmd: 'pdftotext' | 'pdfinfo', pdf: Buffer, args: string[] = []): string {
  const file = join(dataDir, `check-${++fileNo}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync(cmd, [...args, file, ...(cmd === 'pdftotext' ? ['-'] : [])], { encoding: 'utf8' }).normalize('NFC');
}

/** What pdfinfo says; it fails (and so does the test) on a document that is not complete. */
function info(pdf: Buffer): { pages: number; size: string; title: string; author: string; javascript: string } {
  const out = tool('pdfinfo', pdf);
  const field = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'm').exec(out)?.[1]?.trim() ?? '';
  return {
    pages: Number(field('Pages')),
    size: field('Page size'),
    title: field('Title'),
    author: field('Author'),
    javascript: field('JavaScript'),
  };
}

const text = (pdf: Buffer) => tool('pdftotext', pdf, ['-layout']);

/** The report through runExport into a buffer, checking that the exporter leaves `out` open. */
async function report(agency: Agency, locale: Locale): Promise<Buffer> {
  const job = await yearJob(agency, locale);
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await runExport('pdf', job, out, { label: 'test', via: 'cli' });
  if (out.writableEnded) throw new Error('the exporter ended the stream it was given');
  out.end();
  return Buffer.concat(chunks);
}

async function yearJob(agency: Agency, locale: Locale = 'vi'): Promise<ExportJob> {
  const q = ResultsQuery.parse({ agency: agency.code, period: 'year', year: '2026' });
  const resolved = await resolveQuery(db, { agencyId: kha.id, path: kha.path }, q);
  if (!resolved.ok) throw new Error('the test selection does not resolve');
  return exportJob(db, resolved, q, { locale, madeBy: 'tester@kha.gov.vn' });
}

const yearFilter = async (agency: Agency) => (await yearJob(agency)).filter;

/** The results service's figures for 2026, which every route and the CLI must print. */
async function expected(agency: Agency): Promise<AgencyResults> {
  return agencyResults(db, agency, await yearFilter(agency));
}

/** Every page numbered "Trang n / N" (or "Page n / N"), in order, one per page. */
function checkPages(t: Test, body: string, pages: number, word: string): void {
  const found = [...body.matchAll(new RegExp(`${word} (\\d+) / (\\d+)`, 'g'))].map((m) => [Number(m[1]), Number(m[2])]);
  t.same(
    found,
    Array.from({ length: pages }, (_, i) => [i + 1, pages]),
    `${word} 1 / ${pages} … ${pages} / ${pages}`,
  );
}

/** The headline figures of a selection as the report must print them. */
function checkFigures(t: Test, body: string, r: AgencyResults, locale: Locale): void {
  t.ok(r.overall.share !== null, 'the selection has an overall index');
  t.match(body, formatPercent(r.overall.share!, locale), `overall ${formatPercent(r.overall.share!, locale)}`);
  t.match(body, formatInterval(r.overall.interval, locale), 'its interval');
  t.equal(r.elements.length, 5);
  for (const e of r.elements) {
    if (e.share === null) continue;
    t.match(
      body,
      new RegExp(`${e.code}\\s.*${formatPercent(e.share, locale).replace(/[.]/g, '\\.')}`),
      `${e.code} ${formatPercent(e.share, locale)} on its table row`,
    );
  }
  for (const c of r.criteria) if (c.share !== null) t.match(body, formatPercent(c.share, locale), `criterion ${c.code}`);
}

const raw = (pdf: Buffer) => pdf.toString('latin1');

t.test('the province report (vi): cover, figures, units, A4, page numbers, audit', async (t) => {
  const pdf = await report(kha, 'vi');
  const i = info(pdf);
  t.ok(i.pages >= 3, `${i.pages} pages`);
  t.match(i.size, /^595(\.\d+)? x 841\.89 pts \(A4\)$/, 'A4');
  t.equal(i.author, 'Hài Lòng');
  t.equal(i.title, 'Báo cáo kết quả khảo sát sự hài lòng — Tỉnh Khánh Hòa — năm 2026');
  t.ok(raw(pdf).startsWith('%PDF-') && raw(pdf).trimEnd().endsWith('%%EOF'), 'a whole document');
  t.match(raw(pdf), /\/FontFile2/, 'the font is embedded');

  const body = text(pdf);
  t.match(body, 'Báo cáo kết quả khảo sát sự hài lòng');
  t.match(body, 'Tỉnh Khánh Hòa');
  t.match(body, 'Sở Xây dựng', 'the department is a row of the units table');
  checkPages(t, body, i.pages, 'Trang');
  const r = await expected(kha);
  checkFigures(t, body, r, 'vi');
  t.match(body, `${verdictView(r.overall.verdict, translator('vi')).text} — `, 'the overall verdict in words');
  const units = await overview(db, kha, await yearFilter(kha), null);
  const sxdRow = units.rows.find((u) => u.agency.code === 'KHA-SXD')!;
  t.match(
    body,
    new RegExp(`Sở Xây dựng\\s+${sxdRow.overall.n}\\s+${formatPercent(sxdRow.overall.share!, 'vi')}`),
    'the department’s row: n and share',
  );
  t.match(body, 'Phương pháp');
  t.match(body, '/phuong-phap');
  t.match(body, 'Trực tuyến (QR, đường dẫn)', 'comments say where they came from');

  const [entry] = await listAudit(db, { action: 'export.pdf', limit: 1 });
  t.match(entry, { action: 'export.pdf', agency_id: kha.id, actor_label: 'test' });
  t.match(entry!.details, { format: 'pdf', agency: 'KHA', from: '2026-01-01', to: '2026-12-31', rows: r.responses });
});

t.test('the department report: its figures, and citizens’ words as text and nothing else', async (t) => {
  const pdf = await report(sxd, 'vi');
  const i = info(pdf);
  t.ok(i.pages >= 3, `${i.pages} pages`);
  t.equal(i.javascript, 'no', 'pdfinfo finds no JavaScript');
  const body = text(pdf);
  t.match(body, 'Sở Xây dựng');
  checkPages(t, body, i.pages, 'Trang');
  checkFigures(t, body, await expected(sxd), 'vi');

  t.match(
    body,
    '(hostile) /JavaScript << /S /JavaScript /JS (app.alert(1)) >> /Launch /URI (http://evil.example)',
    'the hostile comment is printed as written',
  );
  t.notMatch(body, /[\u0000-\u0008\u202E]/, 'without its control characters');
  t.match(body, 'Dàiquá'.repeat(10), 'the very long word is printed, broken over lines');
  t.notMatch(body, FLAGGED, 'a flagged response’s comment is not quoted');
  for (const key of ['/JavaScript', '/JS', '/URI', '/Launch', '/OpenAction', '/AA', '/Annots', '/SubmitForm']) {
    t.notOk(raw(pdf).includes(key), `no ${key} in the document`);
  }
});

t.test('English: words, numbers and the agency’s English name', async (t) => {
  const pdf = await report(kha, 'en');
  const i = info(pdf);
  t.ok(i.pages >= 3);
  const body = text(pdf);
  t.match(body, 'Citizen satisfaction survey report');
  t.ok(kha.name_en, 'the demo province has an English name');
  t.match(body, kha.name_en!);
  checkPages(t, body, i.pages, 'Page');
  checkFigures(t, body, await expected(kha), 'en');
  t.notMatch(body, 'Trang 1', 'no Vietnamese page numbers');
});

t.test('a slow reader gets the whole document; one that goes away fails the export', async (t) => {
  const chunks: Buffer[] = [];
  let waits = 0;
  const slow = new Writable({
    highWaterMark: 64,
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk);
      setTimeout(done, 1);
    },
  });
  slow.on('drain', () => waits++);
  const { rows } = await (await exporterFor('pdf')).write(await yearJob(sxd), slow);
  t.ok(waits > 0, `waited for the reader ${waits} times`);
  t.notOk(slow.writableEnded, 'left open for the caller to end');
  t.equal(rows, (await expected(sxd)).responses, 'rows: the responses the figures are computed from');
  t.ok(info(Buffer.concat(chunks)).pages >= 3, 'complete');

  const gone = new Writable({
    highWaterMark: 64,
    write(_chunk, _enc, done) {
      setTimeout(() => {
        gone.destroy();
        done();
      }, 1);
    },
  });
  await t.rejects((await exporterFor('pdf')).write(await yearJob(sxd), gone), /closed before the PDF was complete/);
});

t.test('a text is made safe to lay out: NFC, no controls, a bounded length', async (t) => {
  t.equal(plainText('Ho\u0300a\u0000\u202E\tx'), 'Hòa   x', 'decomposed letters composed, controls replaced');
  t.equal(plainText('a\r\n\r\n\r\n\r\nb'), 'a\n\nb');
  const long = plainText('ạ'.repeat(5000), 100);
  t.equal([...long].length, 100);
  t.ok(long.endsWith('…'));
});

t.test('staff route: a complete PDF in scope, 404 outside it, audited as web', async (t) => {
  const get = (who: keyof typeof sessions, query: string, lang?: Locale) =>
    app.inject({ url: `/admin/exports/pdf${query}`, cookies: { ...sessions[who].cookies, ...(lang ? { lang } : {}) } });
  const res = await get('coordinator', '?agency=KHA&period=year&year=2026');
  t.equal(res.statusCode, 200);
  t.match(res.headers['content-type'], /^application\/pdf/);
  t.match(res.headers['content-disposition'], 'attachment; filename="hai-long_KHA_2026-01-01_2026-12-31.pdf"');
  const i = info(res.rawPayload);
  t.ok(i.pages >= 3, `${i.pages} pages`);
  const body = text(res.rawPayload);
  t.match(body, 'Tỉnh Khánh Hòa');
  checkPages(t, body, i.pages, 'Trang');
  checkFigures(t, body, await expected(kha), 'vi');
  t.match(body, coordinator.email, 'made by the signed-in user');
  const [entry] = await listAudit(db, { action: 'export.pdf', limit: 1 });
  t.match(entry, { actor_user_id: coordinator.id, details: { via: 'web', agency: 'KHA' } });

  t.equal((await get('manager', '?agency=KHA&period=year&year=2026')).statusCode, 404, 'a department manager may not export the province');
  const own = await get('manager', '?agency=KHA-SXD&period=year&year=2026', 'en');
  t.equal(own.statusCode, 200, 'but may export their department');
  const ownBody = text(own.rawPayload);
  t.match(ownBody, 'Citizen satisfaction survey report', 'in the language the user chose');
  checkFigures(t, ownBody, await expected(sxd), 'en');
});

t.test('API: a complete PDF with a read token, 403 outside its subtree', async (t) => {
  const api = (query: string, token: string) =>
    app.inject({ url: `/api/v1/exports/pdf${query}`, headers: { authorization: `Bearer ${token}` } });
  const res = await api('?agency=KHA&from=2026-01-01&to=2026-12-31&questionnaire=sipas-2017', read);
  t.equal(res.statusCode, 200);
  t.match(res.headers['content-type'], /^application\/pdf/);
  const i = info(res.rawPayload);
  t.ok(i.pages >= 3, `${i.pages} pages`);
  const body = text(res.rawPayload);
  t.match(body, 'Tỉnh Khánh Hòa');
  checkPages(t, body, i.pages, 'Trang');
  checkFigures(t, body, await expected(kha), 'vi');
  const [entry] = await listAudit(db, { action: 'export.pdf', limit: 1 });
  t.match(entry, { actor_label: /^api-token:\d+$/, details: { via: 'api', agency: 'KHA' } });

  t.equal(
    (await api('?agency=KHA&from=2026-01-01&to=2026-12-31&questionnaire=sipas-2017', readSxd)).statusCode,
    403,
    'a department token may not read its province',
  );
  t.equal((await api('?agency=KHA-SXD&from=2026-01-01&to=2026-12-31&questionnaire=sipas-2017', readSxd)).statusCode, 200);
});

t.test('hailong export --format pdf writes a complete report', async (t) => {
  const r = await expected(kha);
  await closeApp();
  const file = join(dataDir, 'kha.pdf');
  const run = await cli('export', '--format', 'pdf', '--agency', 'KHA', '--from', '2026-01-01', '--to', '2026-12-31', '--out', file);
  t.equal(run.code, 0, run.err);
  t.match(run.err, `Đã xuất ${r.responses} dòng vào ${file}.`);
  const pdf = readFileSync(file);
  const i = info(pdf);
  t.ok(i.pages >= 3, `${i.pages} pages`);
  const body = text(pdf);
  t.match(body, 'Tỉnh Khánh Hòa');
  checkPages(t, body, i.pages, 'Trang');
  checkFigures(t, body, r, 'vi');

  const en = join(dataDir, 'sxd-en.pdf');
  const runEn = await cli(
    'export',
    '--format',
    'pdf',
    '--agency',
    'KHA-SXD',
    '--from',
    '2026-01-01',
    '--to',
    '2026-12-31',
    '--out',
    en,
    '--lang',
    'en',
  );
  t.equal(runEn.code, 0, runEn.err);
  const enBody = text(readFileSync(en));
  t.match(enBody, 'Citizen satisfaction survey report');
  const [entry] = await look((db) => listAudit(db, { action: 'export.pdf', limit: 1 }));
  t.match(entry, { actor_label: 'cli', details: { via: 'cli', agency: 'KHA-SXD' } });
});
