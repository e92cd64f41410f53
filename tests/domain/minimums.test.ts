// Minimum samples per part (issue 16, point 2), on hand-worked examples: a criterion below its
// minimum leaves its element, an element below its minimum leaves the overall, the overall's
// minimum counts respondents; each such part is marked and named in the index above it.
import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseQuestionnaire, type QuestionnaireDefinition } from '../../server/domain/questionnaire.ts';
import { computeIndices, verdict, NO_MINIMUMS } from '../../server/domain/indices.ts';

function load(name: string): QuestionnaireDefinition {
  const r = parseQuestionnaire(JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'content', 'questionnaires', name), 'utf8')));
  if (!r.ok) throw new Error('bad fixture');
  return r.definition;
}
const sipas = load('sipas-2017.json');
const close = (t: { ok(v: boolean, m: string): void }, a: number | null | undefined, b: number, msg: string) =>
  t.ok(a !== null && a !== undefined && Math.abs(a - b) < 5e-6, `${msg}: ${a} ≈ ${b}`);

// Ten responses (the example of tests/domain/indices.test.ts). E1.1: 7 satisfied of n = 8
// (0.875); E1.2: 5/10 (0.5); E1.3: all no opinion (no index); E1.4: 10/10 (1). E5.1: 2/2 (1),
// asked of the 3 who said Có. E2–E4: no answers.
const data = {
  responses: 10,
  counts: {
    'E1.1': { '5': 4, '4': 3, '3': 1, '0': 1 },
    'E1.2': { '4': 5, '2': 5 },
    'E1.3': { '0': 10 },
    'E1.4': { '5': 10 },
    'E5.0': { '1': 3, '2': 7 },
    'E5.1': { '5': 2 },
    OVERALL: { '5': 3, '4': 4, '1': 3 },
  },
};
const target = { comparator: '>' as const, threshold: 0.8 };

t.test('no minimums: only the parts without valid answers leave (as before)', async (t) => {
  const r = computeIndices(sipas, 'criterion-mean', data, NO_MINIMUMS);
  // E1 = (0.875 + 0.5 + 1) / 3 = 0.791667; E5 = 1; overall = (0.791667 + 1) / 2 = 0.895833
  const e = Object.fromEntries(r.elements.map((x) => [x.code, x]));
  close(t, e['E1']!.share, 0.791667, 'E1');
  close(t, e['E5']!.share, 1, 'E5 from a single criterion with n = 2');
  close(t, r.overall.share, 0.895833, 'overall');
  t.notOk(r.overall.tooFew, 'nothing left out for too few answers');
  t.same(r, computeIndices(sipas, 'criterion-mean', data), 'the default is no minimums');
});

t.test('a criterion below its minimum leaves its element', async (t) => {
  const r = computeIndices(sipas, 'criterion-mean', data, { criterion: 9, element: 1, overall: 1 });
  const c = Object.fromEntries(r.criteria.map((x) => [x.code, x]));
  const e = Object.fromEntries(r.elements.map((x) => [x.code, x]));
  t.equal(c['E1.1']!.belowMinimum, true, 'E1.1 (n = 8) is below 9');
  close(t, c['E1.1']!.share, 0.875, 'its own share is still computed');
  t.notOk(c['E1.2']!.belowMinimum, 'E1.2 (n = 10) is not');
  t.same(verdict(c['E1.1']!, target, 1), { status: 'insufficient', minN: 1 }, 'no verdict for a criterion below its minimum');
  // E1 = (0.5 + 1) / 2 = 0.75, n = (10 + 10) / 2 = 10
  close(t, e['E1']!.share, 0.75, 'E1 without E1.1');
  t.equal(e['E1']!.n, 10);
  t.same(e['E1']!.tooFew, ['E1.1'], 'E1 names the criterion it left out');
  t.same(e['E1']!.leftOut, ['E1.3'], 'E1.3 is still left out for having no valid answers');
  // E5's only criterion with answers (E5.1, n = 2) is below: E5 has no index and is too small.
  t.equal(e['E5']!.share, null);
  t.equal(e['E5']!.belowMinimum, true, 'E5 counts as too small, not as empty');
  t.same(e['E5']!.tooFew, ['E5.1']);
  // overall = E1 alone = 0.75
  close(t, r.overall.share, 0.75, 'overall from E1 alone');
  t.same(r.overall.tooFew, ['E5'], 'the overall names the element that left for too few answers');
  t.same(r.overall.leftOut, ['E2', 'E3', 'E4'], 'and, apart, the elements without answers');
});

t.test('an element below its minimum leaves the overall', async (t) => {
  const r = computeIndices(sipas, 'criterion-mean', data, { criterion: 1, element: 5, overall: 1 });
  const e = Object.fromEntries(r.elements.map((x) => [x.code, x]));
  t.notOk(e['E1']!.belowMinimum, 'E1 (n = 9) is not below 5');
  t.equal(e['E5']!.belowMinimum, true, 'E5 (n = 2) is');
  close(t, e['E5']!.share, 1, 'its own share is still computed');
  // overall = E1 alone = 0.791667
  close(t, r.overall.share, 0.791667, 'overall without E5');
  t.same(r.overall.tooFew, ['E5']);
  t.same(verdict(e['E5']!, target, 1).status, 'insufficient');
});

t.test("the overall's minimum counts respondents", async (t) => {
  const below = computeIndices(sipas, 'criterion-mean', data, { criterion: 1, element: 1, overall: 11 });
  t.equal(below.overall.belowMinimum, true, '10 respondents are below 11');
  close(t, below.overall.share, 0.895833, 'the share is unchanged');
  t.same(verdict(below.overall, target, 1), { status: 'insufficient', minN: 1 });
  // n of the overall is the mean n of its elements, (9 + 2) / 2 ≈ 6: the minimum of 10 counts the
  // 10 respondents, not that mean.
  const at = computeIndices(sipas, 'criterion-mean', data, { criterion: 1, element: 1, overall: 10 });
  t.equal(at.overall.n, 6);
  t.notOk(at.overall.belowMinimum, '10 respondents meet a minimum of 10');
  t.equal(verdict(at.overall, target, 1).status, 'met', '0.895833 > 0.8');
});

t.test('pooled share: the small criteria and elements leave the pool', async (t) => {
  const r = computeIndices(sipas, 'pooled-share', data, { criterion: 9, element: 1, overall: 1 });
  const e = Object.fromEntries(r.elements.map((x) => [x.code, x]));
  // E1 pooled without E1.1: (5 + 10) / (10 + 10) = 0.75, n = 20
  close(t, e['E1']!.share, 0.75, 'E1 pooled');
  t.equal(e['E1']!.n, 20);
  t.same(e['E1']!.tooFew, ['E1.1']);
  t.equal(e['E5']!.belowMinimum, true, 'E5 had only E5.1, below its minimum');
  close(t, r.overall.share, 0.75, 'overall pooled from E1.2 and E1.4');
  t.same(r.overall.tooFew, ['E5', 'E1.1']);
});

t.test('the overall question: only the respondents minimum applies', async (t) => {
  // OVERALL: 7 satisfied of 10
  const r = computeIndices(sipas, 'overall-question', data, { criterion: 30, element: 30, overall: 10 });
  close(t, r.overall.share, 0.7, 'overall question');
  t.notOk(r.overall.belowMinimum);
});
