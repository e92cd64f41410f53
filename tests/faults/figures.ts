// The fault suite's figures: each run prints one line (`# fault figures <name>: {...}`) in the tap
// output, with the load average at the time, so that docs/reliability.md can quote a real run.
// Set FAULT_FIGURES=<file> to also append them to a file as JSON lines.
import { appendFileSync } from 'node:fs';
import { loadavg } from 'node:os';

export function recordFigures(name: string, figures: Record<string, string | number>): void {
  const line = {
    run: name,
    at: new Date().toISOString(),
    load: loadavg()
      .map((l) => l.toFixed(2))
      .join(' '),
    ...figures,
  };
  console.log(`# fault figures ${name}: ${JSON.stringify(line)}`);
  const file = process.env['FAULT_FIGURES'];
  if (file) appendFileSync(file, JSON.stringify(line) + '\n');
}
