// The coverage simulation at full size (issue 16): every scenario of tests/helpers/coverage-simulation.ts
// under every rule that averages several answers of a respondent, many more samples than the test
// draws. Prints, per scenario and rule, the share of samples whose 95% interval holds the true value,
// by respondents (what the product shows) and by answers (the interval before issue 16), with the
// mean widths. No database: the engine is pure. Figures worth keeping go to docs/benchmarks.md and
// docs/methodology.md.
//
//   node --import tsx bench/interval-coverage/run.ts [--replicates 2000] [--seed 1]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { parseQuestionnaire } from '../../server/domain/questionnaire.ts';
import { coverage, SCENARIOS } from '../../tests/helpers/coverage-simulation.ts';

const { values } = parseArgs({ options: { replicates: { type: 'string', default: '2000' }, seed: { type: 'string', default: '1' } } });
const replicates = Number(values.replicates);
const seed = Number(values.seed);
const parsed = parseQuestionnaire(
  JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'content', 'questionnaires', 'sipas-2017.json'), 'utf8')),
);
if (!parsed.ok) throw new Error('sipas-2017.json does not parse');

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
console.log(
  `replicates ${replicates}, seed ${seed}, load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
console.log('| scenario | rule | respondents | truth | coverage by respondents | mean width | coverage by answers | mean width |');
console.log('|---|---|---:|---:|---:|---:|---:|---:|');
const started = Date.now();
let worst = 1;
for (const rule of ['criterion-mean', 'pooled-share', 'element-question', 'mean-score'] as const) {
  for (const [i, s] of SCENARIOS.entries()) {
    const c = coverage(parsed.definition, s, rule, replicates, seed * 1000 + i);
    worst = Math.min(worst, c.coverage);
    console.log(
      `| ${s.name} | ${rule} | ${s.respondents} | ${pct(c.truth)} | ${pct(c.coverage)} | ${pct(c.meanWidth)} | ${pct(c.coverageByAnswers)} | ${pct(c.meanWidthByAnswers)} |`,
    );
  }
}
console.log(
  `lowest coverage by respondents ${pct(worst)}; ${((Date.now() - started) / 1000).toFixed(0)} s; load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
