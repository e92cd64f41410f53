// The coverage simulation, small and seeded (issue 16): in each scenario the issue names, the 95%
// interval of the overall index by the default rule, computed by the engine from the respondents'
// moments, holds the true value in at least 94% of the samples. The large run is bench/interval-coverage;
// its figures are in docs/methodology.md and docs/benchmarks.md.
import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseQuestionnaire } from '../../server/domain/questionnaire.ts';
import { coverage, SCENARIOS } from '../helpers/coverage-simulation.ts';

const parsed = parseQuestionnaire(
  JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'content', 'questionnaires', 'sipas-2017.json'), 'utf8')),
);
if (!parsed.ok) throw new Error('bad fixture');
const def = parsed.definition;

// 1,000 samples a scenario (300 for the one with 800 respondents, the slowest): the Monte Carlo
// error of a coverage near 95% is about ±0.7 points (±1.3); the seed is fixed, so every run is the
// same.
const REPLICATES = 1000;

for (const [i, s] of SCENARIOS.entries()) {
  t.test(s.name, async (t) => {
    const c = coverage(def, s, 'criterion-mean', s.respondents > 400 ? 300 : REPLICATES, 1000 + i);
    t.equal(c.none, 0, 'every sample has an overall index');
    t.ok(c.coverage >= 0.94, `coverage ${(c.coverage * 100).toFixed(1)}% ≥ 94% (by answers: ${(c.coverageByAnswers * 100).toFixed(1)}%)`);
  });
}

t.test('the other rules with several answers a respondent', async (t) => {
  for (const rule of ['pooled-share', 'element-question', 'mean-score'] as const) {
    const c = coverage(def, SCENARIOS[1]!, rule, 300, 2000);
    t.ok(c.coverage >= 0.94, `${rule}, strongly correlated: coverage ${(c.coverage * 100).toFixed(1)}% ≥ 94%`);
  }
});
