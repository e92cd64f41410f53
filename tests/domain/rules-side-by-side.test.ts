// Rules side by side (issue 16, point 5), on hand-worked examples: units weighted equally (mean of
// the units' overall indices, its variance Σ varianceᵢ / k²), and which rule a province's figures
// are read with.
import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Index } from '../../server/domain/indices.ts';
import { parseQuestionnaire, type QuestionnaireDefinition } from '../../server/domain/questionnaire.ts';
import { unitsEqual } from '../../server/domain/rules-side-by-side.ts';
import { DEFAULT_RULE_SETTINGS, parseRuleSettings, readingRule } from '../../server/domain/rule-settings.ts';

function load(name: string): QuestionnaireDefinition {
  const r = parseQuestionnaire(JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'content', 'questionnaires', name), 'utf8')));
  if (!r.ok) throw new Error('bad fixture');
  return r.definition;
}
const close = (t: { ok(v: boolean, m: string): void }, a: number | null | undefined, b: number, msg: string) =>
  t.ok(a !== null && a !== undefined && Math.abs(a - b) < 5e-6, `${msg}: ${a} ≈ ${b}`);
const index = (share: number | null, n: number, extra: Partial<Index> = {}): Index => ({
  code: 'overall',
  kind: 'overall',
  share,
  n,
  noOpinion: 0,
  blank: 0,
  interval: null,
  ...extra,
});

t.test('units weighted equally', async (t) => {
  // A: 0.8 with variance 0.0016 (100 respondents), B: 0.6 with variance 0.0024 (60), C: no answers.
  // Mean (0.8 + 0.6) / 2 = 0.7; variance (0.0016 + 0.0024) / 2² = 0.001; effective n = 0.7·0.3 /
  // 0.001 = 210; Wilson at 147/210: centre (0.7 + 3.841459/420) / (1 + 3.841459/210) = 0.696407,
  // half 1.959964·√(0.21/210 + 3.841459/176400) / 1.018293 = 0.061525 → [0.634882; 0.757932].
  const units = [
    { code: 'A', responses: 100, overall: index(0.8, 95, { variance: 0.0016 }) },
    { code: 'B', responses: 60, overall: index(0.6, 58, { variance: 0.0024 }) },
    { code: 'C', responses: 0, overall: index(null, 0) },
  ];
  const r = unitsEqual(units, 170, { score: false });
  close(t, r.overall.share, 0.7, 'mean of A and B');
  close(t, r.overall.variance, 0.001, 'variance');
  close(t, r.overall.interval?.[0], 0.634882, 'low');
  close(t, r.overall.interval?.[1], 0.757932, 'high');
  t.equal(r.overall.n, 160, 'n: the respondents of the counted units');
  t.same(r.counted, ['A', 'B']);
  t.same(r.leftOut, ['C']);
  t.equal(r.ownResponses, 10, '170 responses, 160 in units: 10 recorded at the agency itself');
  t.equal(r.noInterval, null);

  // The pooled figure would weigh A by 100 and B by 60: (0.8·100 + 0.6·60) / 160 = 0.725, not 0.7.
  const small = unitsEqual([units[0]!, { ...units[1]!, overall: index(0.6, 58, { variance: 0.0024, belowMinimum: true }) }], 160, {
    score: false,
  });
  close(t, small.overall.share, 0.8, 'a unit below the overall minimum leaves');
  t.same(small.leftOut, ['B']);

  const noVariance = unitsEqual([units[0]!, { ...units[1]!, overall: index(0.6, 58) }], 160, { score: false });
  close(t, noVariance.overall.share, 0.7, 'the share is still given');
  t.equal(noVariance.overall.interval, null, 'but no interval when a unit has no variance');
  t.equal(noVariance.noInterval, 'unit-without-variance');

  const none = unitsEqual([], 12, { score: false });
  t.equal(none.overall.share, null);
  t.equal(none.noInterval, 'no-units');
  t.equal(none.ownResponses, 12);
});

t.test("the province's rule and its minimums", async (t) => {
  const sipas = load('sipas-2017.json');
  const quick = load('counter-quick.json');
  t.same(parseRuleSettings(undefined), DEFAULT_RULE_SETTINGS, 'no setting: the defaults');
  t.same(parseRuleSettings({ rule: 'nonsense', minimums: { criterion: 1, element: 1, overall: 1 } }), DEFAULT_RULE_SETTINGS, 'malformed');
  const s = parseRuleSettings({ rule: 'overall-question', minimums: { criterion: 10, element: 30, overall: 30 } });
  t.same(s.minimums, { criterion: 10, element: 30, overall: 30 });
  t.equal(readingRule(s, sipas, 'criterion-mean'), 'overall-question', 'SIPAS is read by the official rule');
  t.equal(readingRule(s, quick, 'single-question'), 'single-question', 'the counter rating keeps its own');
  t.equal(readingRule(DEFAULT_RULE_SETTINGS, sipas, 'pooled-share'), 'pooled-share', 'no official rule: the version’s');
});
