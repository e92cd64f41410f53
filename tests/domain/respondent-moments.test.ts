// Respondent features and their moments, worked by hand: what every rollup adds up for the
// respondent-level intervals (server/domain/respondent-moments.ts).
import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseQuestionnaire, type QuestionnaireDefinition } from '../../server/domain/questionnaire.ts';
import {
  addFeatures,
  addMoments,
  emptyMoments,
  gramIndex,
  gramLength,
  momentFeatures,
  respondentFeatures,
} from '../../server/domain/respondent-moments.ts';

function load(name: string): QuestionnaireDefinition {
  const r = parseQuestionnaire(JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'content', 'questionnaires', name), 'utf8')));
  if (!r.ok) throw new Error('bad fixture');
  return r.definition;
}
const sipas = load('sipas-2017.json');
const quick = load('counter-quick.json');

t.test('packed upper triangle', async (t) => {
  // Three features: (0,0) (0,1) (0,2) (1,1) (1,2) (2,2) → 0 … 5.
  t.same(
    [gramIndex(0, 0, 3), gramIndex(0, 1, 3), gramIndex(0, 2, 3), gramIndex(1, 1, 3), gramIndex(1, 2, 3), gramIndex(2, 2, 3)],
    [0, 1, 2, 3, 4, 5],
  );
  t.equal(gramIndex(2, 1, 3), 4, 'either order');
  t.equal(gramLength(10), 55);
});

t.test('features by rule', async (t) => {
  t.same(momentFeatures(sipas, 'criterion-mean').slice(0, 4), ['E1.y', 'E1.v', 'E2.y', 'E2.v']);
  t.equal(momentFeatures(sipas, 'criterion-mean').length, 10, 'two per element');
  t.same(momentFeatures(sipas, 'element-question').slice(0, 2), ['E1.S.y', 'E1.S.v']);
  t.same(momentFeatures(sipas, 'overall-question'), [], 'one answer a respondent: none');
  t.same(momentFeatures(quick, 'single-question'), []);

  // E1 has four criteria: 5 (satisfied), 3 (valid, not satisfied), 0 (no opinion: not valid), blank.
  // E2.1 = 4 satisfied. E5.1 answered although E5 not applicable: still a valid answer of E5.
  const answers = { 'E1.1': 5, 'E1.2': 3, 'E1.3': 0, 'E2.1': 4, 'E1.S': 4, 'E5.1': 2 };
  const f = respondentFeatures(sipas, 'criterion-mean', answers);
  t.same(f, [1, 2, 1, 1, 0, 0, 0, 0, 0, 1], 'E1: 1 of 2 valid; E2: 1 of 1; E5: 0 of 1');
  t.same(respondentFeatures(sipas, 'element-question', answers).slice(0, 4), [1, 1, 0, 0], 'E1.S = 4 satisfied');
  t.same(respondentFeatures(sipas, 'mean-score', answers).slice(0, 2), [8, 2], 'E1 scores 5 + 3 over 2 valid');
});

t.test('moments add up, and take out', async (t) => {
  const names = ['a', 'b'];
  const m = emptyMoments(names);
  addFeatures(m, [1, 2]);
  addFeatures(m, [3, 1]);
  // sums (4, 3); products a·a = 1 + 9, a·b = 2 + 3, b·b = 4 + 1
  t.same(m.sums, [4, 3]);
  t.same(m.gram, [10, 5, 5]);
  addFeatures(m, [3, 1], -1);
  t.same(m.gram, [1, 2, 4], 'a response taken out');
  const other = { features: ['b', 'a'], sums: [1, 1], gram: [1, 1, 1] };
  t.ok(addMoments(m, other), 'by name, in another order');
  t.same(m.sums, [2, 3]);
  t.same(m.gram, [2, 3, 5]);
  t.notOk(addMoments(m, { features: ['c'], sums: [1], gram: [1] }), 'a feature it does not hold');
});
