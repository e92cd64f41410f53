// Hand-worked examples: every expected number below was computed by hand (shown in comments).
import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseQuestionnaire, type QuestionnaireDefinition } from '../../server/domain/questionnaire.ts';
import { computeIndices, verdict, questionIndex } from '../../server/domain/indices.ts';
import { wilson } from '../../server/domain/intervals.ts';

function load(name: string): QuestionnaireDefinition {
  const r = parseQuestionnaire(JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'content', 'questionnaires', name), 'utf8')));
  if (!r.ok) throw new Error('bad fixture');
  return r.definition;
}
const sipas = load('sipas-2017.json');
const quick = load('counter-quick.json');
const close = (t: { ok(v: boolean, m: string): void }, a: number | null | undefined, b: number, msg: string) =>
  t.ok(a !== null && a !== undefined && Math.abs(a - b) < 5e-5, `${msg}: ${a} ≈ ${b}`);

t.test('Wilson interval', async (t) => {
  // 8/10: centre (0.8 + 1.92073/10) / 1.384146 = 0.716735; half 1.959964·√(0.016 + 0.0096037)/1.384146 = 0.226580
  const [lo, hi] = wilson(8, 10);
  close(t, lo, 0.490156, '8/10 low');
  close(t, hi, 0.943315, '8/10 high');
  // 100%: the interval touches 1 and starts at n / (n + z²) = 10 / 13.841459 = 0.722467
  const [a, b] = wilson(10, 10);
  close(t, a, 0.722467, '10/10 low');
  t.equal(b, 1);
  const [c, d] = wilson(0, 10);
  t.equal(c, 0);
  close(t, d, 0.277533, '0/10 high');
  t.same(wilson(0, 0), [0, 1], 'nothing known');
  // a single response: 1/1 → [1 / (1 + z²), 1] = [0.206543, 1]
  close(t, wilson(1, 1)[0], 0.206543, '1/1 low');
});

// Ten responses. E1.1: 5×4, 4×3, 3×1, no-opinion×1, blank×1 → 7 satisfied of 8 valid = 0.875
// E1.2: 4×5, 2×5 → 5/10 = 0.5. E1.3: all no opinion → no index. E1.4: 5×10 → 1.
// E5.0: Có×3, Không×7 → E5.1 asked of 3; answered 5×2 → 2/2, blank 1.
const data = {
  responses: 10,
  counts: {
    'E1.1': { '5': 4, '4': 3, '3': 1, '0': 1 },
    'E1.2': { '4': 5, '2': 5 },
    'E1.3': { '0': 10 },
    'E1.4': { '5': 10 },
    'E1.S': { '4': 6, '3': 4 },
    'E5.0': { '1': 3, '2': 7 },
    'E5.1': { '5': 2 },
    OVERALL: { '5': 3, '4': 4, '1': 3 },
  },
};

t.test('criterion-mean (the default rule)', async (t) => {
  const r = computeIndices(sipas, 'criterion-mean', data);
  const c = Object.fromEntries(r.criteria.map((x) => [x.code, x]));
  close(t, c['E1.1']!.share, 0.875, 'E1.1');
  t.same([c['E1.1']!.n, c['E1.1']!.noOpinion, c['E1.1']!.blank], [8, 1, 1], 'E1.1 n, no-opinion, blank');
  t.equal(c['E1.3']!.share, null, 'all no opinion → no index');
  t.same([c['E1.3']!.n, c['E1.3']!.noOpinion, c['E1.3']!.blank], [0, 10, 0]);
  t.same([c['E5.1']!.share, c['E5.1']!.n, c['E5.1']!.blank], [1, 2, 1], 'E5.1 asked only of the 3 who said Có');
  t.same([c['E5.2']!.n, c['E5.2']!.blank], [0, 3]);
  t.same([c['E2.1']!.share, c['E2.1']!.blank], [null, 10], 'unanswered criterion: all blank');
  const e1 = r.elements.find((e) => e.code === 'E1')!;
  // (0.875 + 0.5 + 1) / 3 = 0.791667; n = round((8 + 10 + 10) / 3) = 9
  close(t, e1.share, 0.791667, 'E1 = mean of its criteria');
  t.equal(e1.n, 9);
  t.same(e1.leftOut, ['E1.3']);
  const e5 = r.elements.find((e) => e.code === 'E5')!;
  t.equal(e5.share, 1, 'E5 = E5.1 alone');
  // overall = mean(E1, E5) = (0.791667 + 1) / 2 = 0.895833; E2–E4 left out
  close(t, r.overall.share, 0.895833, 'overall = mean of elements with answers');
  t.same(r.overall.leftOut, ['E2', 'E3', 'E4']);
});

t.test('named alternatives', async (t) => {
  const pooled = computeIndices(sipas, 'pooled-share', data);
  // E1 pooled: (7 + 5 + 0 + 10) / (8 + 10 + 0 + 10) = 22/28 = 0.785714
  close(t, pooled.elements.find((e) => e.code === 'E1')!.share, 0.785714, 'E1 pooled');
  // overall pooled adds E5.1: (22 + 2) / (28 + 2) = 0.8
  close(t, pooled.overall.share, 0.8, 'overall pooled');
  t.equal(pooled.overall.n, 30);

  const eq = computeIndices(sipas, 'element-question', data);
  // E1.S: 6 satisfied of 10 = 0.6
  close(t, eq.elements.find((e) => e.code === 'E1')!.share, 0.6, 'E1 by its own question');
  close(t, eq.overall.share, 0.6, 'overall = mean of element questions (only E1.S answered)');

  const oq = computeIndices(sipas, 'overall-question', data);
  // OVERALL: 7 of 10
  close(t, oq.overall.share, 0.7, 'overall question');

  const ms = computeIndices(sipas, 'mean-score', data);
  const e11 = ms.criteria.find((x) => x.code === 'E1.1')!;
  // mean of (5×4 + 4×3 + 3×1) / 8 = 35/8 = 4.375 → (4.375 − 1) / 4 = 0.84375
  close(t, e11.score, 4.375, 'E1.1 mean score');
  close(t, e11.share, 0.84375, 'E1.1 mean score as a share');
});

t.test('counter-quick and edge cases', async (t) => {
  // 3×Rất hài lòng, 2×Hài lòng, 1×Bình thường, 1×Không hài lòng → 5/7
  const r = computeIndices(quick, 'single-question', { responses: 8, counts: { 'Q.OVERALL': { '4': 3, '3': 2, '2': 1, '1': 1 } } });
  close(t, r.overall.share, 5 / 7, 'share satisfied');
  t.same([r.overall.n, r.overall.blank], [7, 1]);
  const none = computeIndices(quick, 'single-question', { responses: 0, counts: {} });
  t.same([none.overall.share, none.overall.n, none.overall.interval], [null, 0, null], 'zero responses');
  const one = computeIndices(sipas, 'criterion-mean', { responses: 1, counts: { 'E3.1': { '5': 1 } } });
  t.equal(one.overall.share, 1, 'a single response');
  t.equal(one.overall.n, 1);
  const all = computeIndices(quick, 'single-question', { responses: 40, counts: { 'Q.OVERALL': { '4': 40 } } });
  t.equal(all.overall.share, 1, '100%');
  const noOpinionOnly = computeIndices(sipas, 'criterion-mean', { responses: 5, counts: { 'E1.1': { '0': 5 } } });
  t.equal(noOpinionOnly.overall.share, null, 'all no opinion: no overall');
  close(t, questionIndex(sipas, 'OVERALL', data).share, 0.7, 'question index');
});

t.test('verdicts', async (t) => {
  const idx = (share: number, n: number) => ({
    code: 'x',
    kind: 'overall' as const,
    share,
    n,
    noOpinion: 0,
    blank: 0,
    interval: wilson(share * n, n),
  });
  const target = { comparator: '>' as const, threshold: 0.8 };
  t.same(verdict(idx(0.9, 400), target), { status: 'met', clear: true }, '[0.868, 0.926] above 80%');
  t.same(verdict(idx(0.85, 40), target), { status: 'met', clear: false }, 'met but the interval reaches below');
  t.same(verdict(idx(0.7, 400), target), { status: 'not-met', clear: true });
  t.same(verdict(idx(0.78, 100), target), { status: 'not-met', clear: false });
  t.same(verdict(idx(0.8, 1000), target), { status: 'not-met', clear: false }, '> 80%: exactly 80% is not met');
  t.same(verdict(idx(0.8, 1000), { comparator: '>=', threshold: 0.8 }), { status: 'met', clear: false }, '≥ 80%: exactly 80% is met');
  t.same(verdict(idx(0.95, 29), target), { status: 'insufficient', minN: 30 }, 'below the minimum n');
  t.same(verdict(idx(0.95, 29), target, 20), { status: 'met', clear: true }, 'minimum n is a setting');
  t.same(verdict(idx(0.95, 100), null), { status: 'no-target' });
});
