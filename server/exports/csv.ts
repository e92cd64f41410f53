// The CSV of responses: one row per reportable response of the selection (what the figures count),
// stable column names (fixed columns, then one per question code in the questionnaire's order, then
// the comment, then identifiers only when the province allows them), an optional second line with
// the questions' texts. UTF-8 with a BOM so that Excel reads Vietnamese; RFC 4180 with CRLF. Written
// a page at a time as the pages come from the database, waiting whenever the reader is behind, so
// memory stays bounded whatever the size of the selection.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Kysely } from 'kysely';
import { responsePages, type ExportResponse } from '../db/queries/exports.ts';
import { findQuestionnaireVersionById } from '../db/queries/questionnaires.ts';
import type { Database } from '../db/schema.ts';
import { answerQuestions } from '../domain/answers.ts';
import { translator, type KeySuffix, type Locale } from '../i18n/index.ts';
import { bucketOf, countFilter, linksFor, selectQuestionnaire, type QuestionnaireSelection } from '../results/selection.ts';
import { csvLine, vietnamTime, type CellValue } from './csv-cells.ts';
import type { Exporter, ExportJob } from './export.ts';

export interface CsvColumn {
  /** The stable name on the first line. */
  name: string;
  /** The text of the optional second line, in the job's language. */
  label: string;
  value(r: ExportResponse): CellValue;
}

const BOM = '\uFEFF';

function answerCell(v: unknown): CellValue {
  if (v === undefined || v === null) return null;
  if (Array.isArray(v)) return v.map(String).join(';');
  if (typeof v === 'number') return v;
  return String(v);
}

/**
 * The question columns: the definition the results use (the asked version, or the latest when
 * versions are pooled), in its order; then, when versions are pooled, codes only older versions
 * asked, so that no stored answer is left out of the file.
 */
async function questionColumns(db: Kysely<Database>, q: QuestionnaireSelection, locale: Locale): Promise<CsvColumn[]> {
  const columns: CsvColumn[] = [];
  const seen = new Set<string>();
  const add = (def: QuestionnaireSelection['definition']) => {
    for (const item of answerQuestions(def)) {
      if (seen.has(item.code)) continue;
      seen.add(item.code);
      const code = item.code;
      columns.push({
        name: code,
        label: (locale === 'en' ? item.text.en : undefined) ?? item.text.vi,
        value: (r) => answerCell(r.answers[code]),
      });
    }
  };
  add(q.definition);
  // versionIds are newest first; the first is the definition above when versions are pooled.
  for (const id of q.version === null ? q.versionIds.slice(1) : []) {
    const older = await findQuestionnaireVersionById(db, id);
    if (older) add(older.definition);
  }
  return columns;
}

/** Every column of the file, in order, for a job. */
export async function csvColumns(
  job: Pick<ExportJob, 'db' | 'locale' | 'includeIdentifiers'>,
  q: QuestionnaireSelection,
): Promise<CsvColumn[]> {
  const t = translator(job.locale);
  const fixed = (name: KeySuffix<'exportCsv.label.'>, value: CsvColumn['value']): CsvColumn => ({
    name,
    label: t(`exportCsv.label.${name}`),
    value,
  });
  return [
    fixed('id', (r) => r.id),
    fixed('agency_code', (r) => r.agencyCode),
    fixed('agency_name', (r) => r.agencyNameVi),
    fixed('service_point', (r) => r.servicePointCode),
    fixed('campaign', (r) => r.campaignCode),
    fixed('questionnaire_version', (r) => r.questionnaireVersion),
    fixed('channel', (r) => r.channel),
    fixed('submitted_at', (r) => vietnamTime(r.submittedAt)),
    fixed('locale', (r) => r.locale),
    ...(await questionColumns(job.db, q, job.locale)),
    fixed('comment', (r) => r.comment),
    ...(job.includeIdentifiers ? [fixed('dossier_hash', (r) => r.dossierHash), fixed('officer_name', (r) => r.officerName)] : []),
  ];
}

/**
 * Writes a chunk and, when the reader is behind, waits until it has caught up. A reader that goes
 * away while we wait (a closed download) ends the export instead of leaving it waiting forever.
 */
async function write(out: Writable, chunk: string): Promise<void> {
  if (out.destroyed) throw new Error('the export’s reader has gone away');
  if (out.write(chunk)) return;
  const stop = new AbortController();
  try {
    await Promise.race([
      once(out, 'drain', { signal: stop.signal }),
      once(out, 'close', { signal: stop.signal }).then(() => {
        throw new Error('the export’s reader has gone away');
      }),
    ]);
  } finally {
    stop.abort();
  }
}

const csv: Exporter = {
  async write(job, out) {
    const { db, filter } = job;
    const questionnaire = await selectQuestionnaire(db, filter.questionnaireId, filter.version);
    const columns = await csvColumns(job, questionnaire);
    let head = BOM + csvLine(columns.map((c) => c.name));
    if (job.includeLabels) head += csvLine(columns.map((c) => c.label));
    await write(out, head);

    const bucket = bucketOf(job.agency, await linksFor(db, filter));
    const pages = responsePages(db, bucket, countFilter(filter, questionnaire.versionIds), {
      reportableOnly: true,
      identifiers: job.includeIdentifiers,
    });
    let rows = 0;
    const cells: CellValue[] = new Array<CellValue>(columns.length);
    for await (const page of pages) {
      let chunk = '';
      for (const r of page) {
        for (let i = 0; i < columns.length; i++) cells[i] = columns[i]!.value(r);
        chunk += csvLine(cells);
      }
      rows += page.length;
      await write(out, chunk);
    }
    return { rows };
  },
};

export default csv;
