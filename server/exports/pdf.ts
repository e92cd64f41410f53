// The PDF report of one agency (or province) for a period: read everything it shows from the
// results service, lay it out (pdf-report.ts), then copy pdfkit's output into `out` with
// backpressure. pdfkit would end a stream it is piped into; the export contract is that the caller
// ends `out`, so the bytes are copied by hand and the export resolves once the document is complete.
import type { Readable, Writable } from 'node:stream';
import { findAgencyById } from '../db/queries/agencies.ts';
import { plansForReport } from '../db/queries/improvement-plans.ts';
import { localDay } from '../i18n/format.ts';
import { planView } from '../results/plan-display.ts';
import type { Agency } from '../db/schema.ts';
import { agencyResults, expectations, latestComments, overview, rulesSideBySide, trend } from '../results/service.ts';
import { trendStart } from '../domain/period.ts';
import { periodLabel } from '../results/display.ts';
import { inLocale, translator } from '../i18n/index.ts';
import type { ExportJob, Exporter } from './export.ts';
import { newDocument, plainText } from './pdf-layout.ts';
import { renderReport, type ReportData } from './pdf-report.ts';
import { responseRateOf } from '../results/served.ts';
import { rateView } from '../results/served-display.ts';

/** How many citizens' comments the report quotes, the latest first. */
const REPORT_COMMENTS = 15;
// The latest comments include flagged and excluded ones, which the report leaves out: read more.
const COMMENTS_READ = 100;

async function reportData(job: ExportJob): Promise<ReportData> {
  const { db, agency, filter } = job;
  // The trend ends with the period's last month and spans twelve, as on the agency page.
  const trendFilter = { ...filter, from: trendStart(filter.to), to: filter.to };
  const [{ results, rules }, units, points, wants, latest, plans, rate] = await Promise.all([
    agencyResults(db, agency, filter).then(async (results) => ({ results, rules: await rulesSideBySide(db, results, filter) })),
    overview(db, agency, filter, job.previous),
    trend(db, agency, trendFilter),
    expectations(db, agency, filter),
    latestComments(db, agency, filter, COMMENTS_READ),
    plansForReport(db, agency.path, job.period.from, job.period.to),
    responseRateOf(db, agency, filter),
  ]);
  const valid = latest.filter((c) => c.status === 'valid').slice(0, REPORT_COMMENTS);
  const unitIds = [...new Set(valid.map((c) => Number(c.agencyId)).filter((id) => id !== Number(agency.id)))];
  const found = await Promise.all(unitIds.map((id) => findAgencyById(db, id)));
  const unitsById = new Map(found.filter((a): a is Agency => a !== undefined).map((a) => [Number(a.id), a]));
  return {
    results,
    units: units.rows.length > 0 ? units : null,
    trend: { from: trendFilter.from, to: trendFilter.to, points },
    expectations: { asked: wants.question !== null, responses: wants.responses, shares: wants.shares },
    comments: valid.map((comment) => ({ comment, unit: unitsById.get(Number(comment.agencyId)) ?? null })),
    plans: plans.map((p) => planView(p, translator(job.locale), job.locale, localDay(job.madeAt))),
    responseRate: rateView(rate, translator(job.locale), job.locale),
    rules,
  };
}

/** Waits until `out` takes more, failing if it is closed or fails first (a client that went away). */
function drained(out: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (err?: Error) => {
      out.off('drain', onDrain);
      out.off('error', onError);
      out.off('close', onClose);
      if (err) reject(err);
      else resolve();
    };
    const onDrain = () => done();
    const onError = (err: Error) => done(err);
    const onClose = () => done(new Error('the output closed before the PDF was complete'));
    out.on('drain', onDrain);
    out.on('error', onError);
    out.on('close', onClose);
  });
}

async function copy(from: Readable, out: Writable): Promise<number> {
  let bytes = 0;
  for await (const chunk of from as AsyncIterable<Buffer>) {
    if (out.destroyed || out.writableEnded) throw new Error('the output closed before the PDF was complete');
    bytes += chunk.length;
    if (!out.write(chunk)) await drained(out);
  }
  return bytes;
}

const pdf: Exporter = {
  async write(job, out) {
    const data = await reportData(job);
    const t = translator(job.locale);
    const agency = plainText(inLocale(job.locale, job.agency.name_vi, job.agency.name_en), 300);
    const period = periodLabel(job.period, t, job.locale);
    const doc = newDocument({
      title: `${t('exportPdf.title')} — ${agency} — ${period}`,
      subject: `${agency} (${job.agency.code}), ${job.period.from} – ${job.period.to}`,
      author: 'Hài Lòng',
      creationDate: job.madeAt,
      lang: job.locale === 'en' ? 'en-GB' : 'vi-VN',
    });
    try {
      renderReport(doc, job, data);
    } catch (err) {
      doc.destroy();
      throw err;
    }
    doc.end();
    await copy(doc, out);
    // The rows of a report are the responses its figures are computed from.
    return { rows: data.results.responses };
  },
};

export default pdf;
