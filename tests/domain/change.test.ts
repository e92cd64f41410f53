// A change between two periods is significant only by a test with the respondent as the unit
// (server/domain/change.ts), worked by hand.
import t from 'tap';
import { significantChange } from '../../server/domain/change.ts';
import { computeIndices } from '../../server/domain/indices.ts';
import { builtInDefinitions } from '../../server/db/queries/questionnaires.ts';

t.test('two shares, by hand', async (t) => {
  // 90/100 vs 80/100: Agresti–Caffo variances 91·11/102³ = 0.000943 and 81·21/102³ = 0.001602;
  // se = √0.002545 = 0.05045; 0.10 / 0.05045 = 1.98 > 1.96: significant.
  const a = { share: 0.9, variance: (91 * 11) / 102 ** 3 };
  const b = { share: 0.8, variance: (81 * 21) / 102 ** 3 };
  t.equal(significantChange(a, b), true);
  // 88/100 vs 80/100: 0.08 / √(89·13/102³ + 0.001602) = 0.08 / 0.05215 = 1.53: not significant.
  t.equal(significantChange({ share: 0.88, variance: (89 * 13) / 102 ** 3 }, b), false);
  t.equal(significantChange({ share: 0.9 }, b), null, 'a mean without its variance: cannot be said');
  t.equal(significantChange({ share: null, variance: 0.01 }, b), null);
});

t.test('the engine gives variances only where the respondent is the unit', async (t) => {
  const sipas = builtInDefinitions().find((d) => d.code === 'sipas-2017')!;
  const data = { responses: 10, counts: { 'E1.1': { '5': 9, '2': 1 }, 'E1.2': { '4': 10 } } };
  const r = computeIndices(sipas, 'criterion-mean', data);
  // E1.1: 9 of 10 → (10 · 2) / 12³ = 0.011574
  t.ok(Math.abs(r.criteria[0]!.variance! - 20 / 1728) < 1e-12, 'a criterion: Agresti–Caffo');
  t.equal(r.elements[0]!.variance, undefined, 'an element by answers: none');
  t.equal(computeIndices(sipas, 'pooled-share', data).elements[0]!.variance, undefined, 'a pooled share by answers: none');
});
