// `hailong export --format csv|xlsx|pdf --agency CODE --from YYYY-MM-DD --to YYYY-MM-DD [--out FILE]`:
// the dashboards' exports for whoever runs the server (the annual assessment by script). Same
// selection rules as GET /api/v1/results; written to a file (atomically: a temporary name renamed
// when complete) or to standard output; audit-logged as from 'cli'.
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { finished } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import { UsageError, parseOptions, type Command } from '../command.ts';
import { FORMATS, isFormat, runExport } from '../../exports/index.ts';
import { exportJob } from '../../exports/job.ts';
import { resultsProblemKey } from '../../i18n/messages/results.ts';
import { resolveQuery, ResultsQuery } from '../../results/params.ts';

const USAGE = `hailong export --format ${FORMATS.join('|')} --agency CODE --from YYYY-MM-DD --to YYYY-MM-DD [--questionnaire CODE] [--version N] [--campaign CODE] [--channel C] [--field F] [--predecessors] [--responses] [--labels] [--out FILE]`;

const exportCommand: Command = {
  name: ['export'],
  usage: USAGE,
  summary: {
    vi: 'Xuất kết quả (CSV, XLSX hoặc PDF) của một cơ quan và các đơn vị trực thuộc trong một kỳ.',
    en: 'Export the results (CSV, XLSX or PDF) of an agency and its units for a period.',
  },
  async run(argv, ctx) {
    const { values, positionals } = parseOptions(
      argv,
      {
        format: { type: 'string' },
        agency: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        questionnaire: { type: 'string' },
        version: { type: 'string' },
        campaign: { type: 'string' },
        channel: { type: 'string' },
        field: { type: 'string' },
        predecessors: { type: 'boolean' },
        responses: { type: 'boolean' },
        labels: { type: 'boolean' },
        out: { type: 'string' },
      },
      USAGE,
    );
    if (positionals.length > 0) throw new UsageError(USAGE);
    if (!isFormat(values.format)) throw new UsageError(ctx.t('exports.cli.format', { formats: FORMATS.join(', ') }) + `\n${USAGE}`);
    const missing = (['agency', 'from', 'to'] as const).filter((k) => !values[k]);
    if (missing.length > 0)
      throw new UsageError(ctx.t('exports.cli.missing', { options: missing.map((m) => `--${m}`).join(', ') }) + `\n${USAGE}`);
    const format = values.format;

    const parsed = ResultsQuery.safeParse({
      agency: values.agency,
      from: values.from,
      to: values.to,
      period: 'custom',
      questionnaire: values.questionnaire,
      version: values.version,
      campaign: values.campaign,
      channel: values.channel,
      field: values.field,
      predecessors: values.predecessors ? '1' : undefined,
    });
    if (!parsed.success) {
      const lines = parsed.error.issues.map(
        (i) => `--${i.path.join('.')}: ${ctx.t(resultsProblemKey(i.message.startsWith('hl:') ? i.message.slice(3) : 'invalid'))}`,
      );
      throw new UsageError(lines.join('\n'));
    }
    const { db } = await ctx.database();
    // The command line acts for the whole installation: its scope is every root.
    const resolved = await resolveQuery(db, { agencyId: -1, path: '/' }, parsed.data);
    if (!resolved.ok) {
      throw new UsageError(resolved.problems.map((p) => `--${p.field}: ${ctx.t(resultsProblemKey(p.code))}`).join('\n'));
    }
    const job = await exportJob(db, resolved, parsed.data, {
      locale: ctx.locale,
      madeBy: 'cli',
      includeResponses: values.responses ?? false,
      includeLabels: values.labels ?? false,
    });

    if (values.out && values.out !== '-') {
      const target = values.out;
      const partial = `${target}.partial`;
      const file = createWriteStream(partial);
      try {
        const { rows } = await runExport(format, job, file, { label: 'cli', via: 'cli' });
        file.end();
        await finished(file);
        renameSync(partial, target);
        ctx.err(ctx.t('exports.cli.written', { file: target, rows }));
      } catch (err) {
        file.destroy();
        rmSync(partial, { force: true });
        throw err;
      }
      return 0;
    }
    const out: Writable = process.stdout;
    const { rows } = await runExport(format, job, out, { label: 'cli', via: 'cli' });
    ctx.err(ctx.t('exports.cli.written', { file: '-', rows }));
    return 0;
  },
};

export default exportCommand;
