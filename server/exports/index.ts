// The three formats behind one interface, and the one way to run an export: write it, then record
// who exported what (invariant: every export is audit-logged with its filters and row count).
import type { Writable } from 'node:stream';
import { audit } from '../db/queries/audit.ts';
import { type ExportFormat, type ExportJob, type Exporter } from './export.ts';

export * from './export.ts';

// Each format's module is loaded when first used: exceljs, pdfkit and its fonts add ~45 MB to a
// process, which a CSV export (or a server nobody exports from) should not carry.
const modules: Record<ExportFormat, () => Promise<{ default: Exporter }>> = {
  csv: () => import('./csv.ts'),
  xlsx: () => import('./xlsx.ts'),
  pdf: () => import('./pdf.ts'),
};

export async function exporterFor(format: ExportFormat): Promise<Exporter> {
  return (await modules[format]()).default;
}

export interface ExportActor {
  userId?: number | null;
  label?: string | null;
  ip?: string | null;
  via: 'web' | 'api' | 'cli';
}

export async function runExport(format: ExportFormat, job: ExportJob, out: Writable, actor: ExportActor): Promise<{ rows: number }> {
  const started = Date.now();
  const { rows } = await (await exporterFor(format)).write(job, out);
  await audit(job.db, {
    action: `export.${format}`,
    actorUserId: actor.userId ?? null,
    actorLabel: actor.label ?? null,
    agencyId: job.agency.id,
    ip: actor.ip ?? null,
    details: {
      via: actor.via,
      format,
      agency: job.agency.code,
      from: job.period.from,
      to: job.period.to,
      filters: job.filters,
      includeResponses: job.includeResponses,
      includeIdentifiers: job.includeIdentifiers,
      rows,
      ms: Date.now() - started,
    },
  });
  return { rows };
}
