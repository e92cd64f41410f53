// The interval with the respondent as the unit (server/domain/respondent-intervals.ts), worked by
// hand on three respondents, and its use by the index engine when the moments are given.
import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseQuestionnaire, type QuestionnaireDefinition } from '../../server/domain/questionnaire.ts';
import { computeIndices } from '../../server/domain/indices.ts';
import { wilson } from '../../server/domain/intervals.ts';
import { addFeatures, emptyMoments, momentFeatures, respondentFeatures } from '../../server/domain/respondent-moments.ts';
import { effectiveWilson, meanOfRatiosVariance, type RatioPart } from '../../server/domain/respondent-intervals.ts';

function load(name: string): QuestionnaireDefinition {
  const r = parseQuestionnaire(JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'content', 'questionnaires', name), 'utf8')));
  if (!r.ok) throw new Error('bad fixture');
  return r.definition;
}
const sipas = load('sipas-2017.json');
const close = (t: { ok(v: boolean, m: string): void }, a: number | null | undefined, b: number, msg: string) =>
  t.ok(a !== null && a !== undefined && Math.abs(a - b) < 1e-9, `${msg}: ${a} ≈ ${b}`);

// Three respondents, two parts A (two questions) and B (one question):
// r1 A 2 of 2 satisfied, B 1 of 1; r2 A 1 of 2, B 0 of 1; r3 A 0 of 2, B 1 of 1.
const m = emptyMoments(['A.y', 'A.v', 'B.y', 'B.v']);
for (const f of [
  [2, 2, 1, 1],
  [1, 2, 0, 1],
  [0, 2, 1, 1],
])
  addFeatures(m, f);
const A: RatioPart = { y: [['A.y', 1]], v: [['A.v', 1]] };
const B: RatioPart = { y: [['B.y', 1]], v: [['B.v', 1]] };

t.test('the linearised variance of a ratio, by hand', async (t) => {
  // R_A = 3/6 = 0.5; z_i = (y_i − 0.5·v_i)/6 = 1/6, 0, −1/6; Σz = 0, Σz² = 1/18;
  // var = n/(n − 1)·Σz² = 3/2 · 1/18 = 1/12.
  close(t, meanOfRatiosVariance(m, 3, [A], 0), 1 / 12, 'A alone, no pseudo-respondents');
  // One pseudo-respondent each way, answering Σv²/Σv = 12/6 = 2 questions of A: z = ±2·0.5/6 = ±1/6.
  // Σz² = 1/18 + 2/36 = 1/9 over n = 5: var = 5/4 · 1/9 = 5/36.
  close(t, meanOfRatiosVariance(m, 3, [A]), 5 / 36, 'A alone, with the pseudo-respondents');
});

t.test('the linearised variance of a mean of two ratios, by hand', async (t) => {
  // R_B = 2/3; z_i = ½[(y_A − ½v_A)/6 + (y_B − ⅔v_B)/3] = 5/36, −4/36, −1/36;
  // Σz = 0, Σz² = 42/1296 = 7/216; var = 3/2 · 7/216 = 7/144.
  close(t, meanOfRatiosVariance(m, 3, [A, B], 0), 7 / 144, 'mean of A and B');
  // Answers treated as independent would give (¼)(0.25/6 + (2/9)/3) = 0.0289; the respondents
  // here answer A and B alike (r1 satisfied with both), so the variance is larger.
  t.ok(meanOfRatiosVariance(m, 3, [A, B], 0)! > 0.25 * (0.25 / 6 + 2 / 9 / 3), 'correlated answers: more variance than independent ones');
  t.equal(meanOfRatiosVariance(m, 3, [{ y: [['C.y', 1]], v: [['C.v', 1]] }]), null, 'a feature the moments lack');
  t.equal(meanOfRatiosVariance(m, 1, [A]), null, 'a single respondent');
  t.equal(meanOfRatiosVariance(emptyMoments(['A.y', 'A.v']), 3, [A]), null, 'no valid answers');
});

t.test("Wilson's interval at the effective sample size", async (t) => {
  // p = 0.5, var = 1/12: n_eff = 0.25 · 12 = 3, Wilson(1.5, 3).
  t.same(effectiveWilson(0.5, 1 / 12, 6, 2), wilson(1.5, 3));
  t.same(effectiveWilson(0.5, 1e-9, 6, 2), wilson(3, 6), 'n_eff bounded by the valid answers');
  t.same(effectiveWilson(1, 0, 60, 20), wilson(20, 20), 'p = 1: the fallback n');
});

t.test('the engine uses the respondent as the unit when the moments are given', async (t) => {
  // 40 respondents: 30 satisfied with every criterion they answer, 10 with none; E5 not applicable.
  const all: Record<string, number>[] = [];
  for (let i = 0; i < 40; i++) {
    const v = i < 30 ? 5 : 2;
    const answers: Record<string, number> = { 'E5.0': 2 };
    for (const el of ['E1', 'E2', 'E3', 'E4']) for (let c = 1; c <= 6; c++) answers[`${el}.${c}`] = v;
    all.push(answers);
  }
  const counts: Record<string, Record<string, number>> = {};
  const moments = emptyMoments(momentFeatures(sipas, 'criterion-mean'));
  for (const a of all) {
    for (const [q, v] of Object.entries(a)) (counts[q] ??= {})[String(v)] = (counts[q]?.[String(v)] ?? 0) + 1;
    addFeatures(moments, respondentFeatures(sipas, 'criterion-mean', a));
  }
  const byAnswers = computeIndices(sipas, 'criterion-mean', { responses: 40, counts });
  const byRespondents = computeIndices(sipas, 'criterion-mean', { responses: 40, counts, moments });
  t.equal(byAnswers.overall.intervalUnit, 'answers', 'without moments: as before');
  t.same(byAnswers.overall.interval, wilson(30, 40), 'Wilson at the mean n (40)');
  t.equal(byRespondents.overall.intervalUnit, 'respondents');
  t.equal(byRespondents.overall.share, 0.75, 'the same index either way');
  // Every respondent answers all alike: the overall is one answer per respondent. With E1–E4 and a
  // pseudo-pair per element: z of a satisfied respondent = ¼·Σ_E (v_E − 0.75·v_E)/(40·v_E) = 1/160,
  // of a dissatisfied one −3/160; each pseudo-pair adds (1/160)² + (3/160)² per element ÷ 16 for w².
  // Σz² = 30/160² + 10·9/160² + 4·(1 + 9)/(16·160²) = (120 + 2.5)/25600; n = 42; Σz = 4·(1 − 3)/(4·160) = −1/80.
  const sumZ2 = 122.5 / 25600;
  const sumZ = -1 / 80;
  const variance = (42 / 41) * (sumZ2 - (sumZ * sumZ) / 42);
  const expected = wilson(0.75 * (0.1875 / variance), 0.1875 / variance);
  close(t, byRespondents.overall.interval![0], expected[0], 'low');
  close(t, byRespondents.overall.interval![1], expected[1], 'high');
  t.ok(byRespondents.overall.interval![0] < 0.62, 'as wide as 40 single answers, not 40 × 22');
  t.same(byRespondents.criteria[0]!.interval, wilson(30, 40), "a criterion keeps Wilson's interval");
});
