import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import {
  canonicalJson,
  indexRuleOf,
  indexRulesFor,
  parseQuestionnaire,
  questionCodes,
  questionList,
  questionMap,
  sameDefinition,
  type QuestionnaireDefinition,
} from '../../server/domain/questionnaire.ts';
import { readJson } from '../../server/domain/questionnaire-json.ts';

const root = join(import.meta.dirname, '..', '..');
const load = (path: string): unknown => JSON.parse(readFileSync(join(root, path), 'utf8'));
const shipped = (name: string) => load(`content/questionnaires/${name}.json`) as Record<string, unknown>;
const clone = <T>(v: T): T => structuredClone(v);

function valid(json: unknown): QuestionnaireDefinition {
  const r = parseQuestionnaire(json);
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  return r.definition;
}

function errorsOf(json: unknown) {
  const r = parseQuestionnaire(json);
  if (r.ok) throw new Error('expected the definition to be rejected');
  return r.errors;
}

t.test('the shipped SIPAS questionnaire parses as it is', async (t) => {
  const def = valid(shipped('sipas-2017'));
  t.equal(def.code, 'sipas-2017');
  t.equal(indexRuleOf(def), 'criterion-mean');
  t.ok(indexRulesFor(def).includes('overall-question'));
  const list = questionList(def);
  t.equal(list.filter((q) => q.kind === 'criterion').length, 22, '22 criteria');
  t.equal(list.filter((q) => q.kind === 'element-satisfaction').length, 5, 'a satisfaction question per element');
  t.equal(list.length, 39);
  const codes = questionCodes(def);
  t.equal(new Set(codes).size, codes.length, 'codes unique');
  t.same(codes.slice(0, 3), ['E1.1', 'E1.2', 'E1.3'], 'in the order a citizen meets them');

  const q = questionMap(def);
  t.match(q.get('E1.1'), { kind: 'criterion', element: 'E1', scale: 'satisfaction5', satisfied: [4, 5], optional: false, condition: null });
  t.equal(q.get('E1.1')?.options.length, 5);
  t.same(q.get('E1.1')?.noOpinion, { value: 0, vi: 'Không ý kiến', en: 'No opinion' });
  t.match(q.get('E5.0'), { kind: 'applicability', element: 'E5', scale: null });
  t.same(q.get('E5.2')?.condition, { question: 'E5.0', in: [1] }, 'E5 criteria only when the citizen gave feedback');
  t.same(q.get('E5.S')?.condition, { question: 'E5.0', in: [1] });
  t.match(q.get('OVERALL'), { kind: 'overall', scale: 'satisfaction5', element: null });
  t.match(q.get('B.SEX'), { kind: 'single', section: 'background', optional: true });
  t.match(q.get('B.TYPE'), { optional: false });
  t.match(q.get('X.IMPROVE'), { kind: 'multi', max: 3, section: 'expectations' });
  t.match(q.get('C.TEXT'), { kind: 'text', maxLength: 2000, optional: true, section: 'comment' });
});

t.test('the shipped counter rating parses as it is', async (t) => {
  const def = valid(shipped('counter-quick'));
  t.equal(indexRuleOf(def), 'single-question');
  t.same(indexRulesFor(def), ['single-question', 'mean-score']);
  t.same(questionCodes(def), ['Q.OVERALL', 'Q.REASON', 'Q.COMMENT']);
  const q = questionMap(def);
  t.match(q.get('Q.OVERALL'), { kind: 'scale', scale: 'faces4', satisfied: [3, 4], optional: false, noOpinion: null });
  t.equal(q.get('Q.OVERALL')?.options[3]?.face, 'very-happy');
  t.match(q.get('Q.REASON'), { kind: 'multi', max: 7, condition: { question: 'Q.OVERALL', in: [1, 2] } });
  t.match(q.get('Q.COMMENT'), { kind: 'text', optional: true, maxLength: 500 });
});

t.test('a SIPAS-style definition with many mistakes gets every one, with its path', async (t) => {
  const errors = errorsOf(load('tests/fixtures/questionnaires/broken-sipas.json'));
  t.same(
    errors.map((e) => e.path),
    [
      '$.scales.satisfaction5.options[4].value',
      '$.scales.satisfaction5.satisfied[1]',
      '$.elements[0].criteria[1].code',
      '$.elements[0].criteria[2].code',
      '$.elements[0].criteria[3].code',
      '$.elements[1].scale',
      '$.elements[1].applicability.applicableWhen[0]',
      '$.elements[1].criteria[0].vi',
      '$.elements[1].satisfaction.vi',
      '$.background[0].options[1].value',
      '$.background[1].optinal',
      '$.background[2].type',
      '$.expectations.max',
      '$.expectations.askWhen.in[2]',
      '$.comment.askWhen.question',
    ],
    'every error, in the order of the file',
  );
  const at = (path: string) =>
    errors
      .filter((e) => e.path === path)
      .map((e) => e.message)
      .join(' | ');
  t.match(at('$.scales.satisfaction5.options[4].value'), /value 4 is already used at \$\.scales\.satisfaction5\.options\[3\]\.value/);
  t.match(at('$.scales.satisfaction5.satisfied[1]'), /6 is not a value of this scale/);
  t.match(at('$.elements[0].criteria[1].code'), /capital letters/);
  t.match(at('$.elements[0].criteria[2].code'), /"E1.1" is already used at \$\.elements\[0\]\.criteria\[0\]/);
  t.match(at('$.elements[0].criteria[3].code'), /must start with "E1\."/);
  t.match(at('$.elements[1].scale'), /unknown scale "satisfaction7"/);
  t.match(at('$.elements[1].applicability.applicableWhen[0]'), /3 is not one of this question's answers/);
  t.match(at('$.elements[1].criteria[0].vi'), /Vietnamese text \(vi\) is missing/);
  t.match(at('$.elements[1].satisfaction.vi'), /Vietnamese text \(vi\) is empty/, 'blank text counts as missing');
  t.match(at('$.background[0].options[1].value'), /"individual" is already used/);
  t.match(at('$.background[1].optinal'), /unknown field "optinal"/);
  t.match(at('$.background[2].type'), /one of scale, single, multi, text/);
  t.match(at('$.expectations.max'), /max is 3 but the question has only 2 options/);
  t.match(at('$.expectations.askWhen.in[2]'), /9 is not an answer of OVERALL \(answers: 1, 2, 3, 4, 0\)/);
  t.match(at('$.comment.askWhen.question'), /no question has the code "X.MISSING"/);
});

t.test('a flat definition with many mistakes gets every one, with its path', async (t) => {
  const errors = errorsOf(load('tests/fixtures/questionnaires/broken-quick.json'));
  t.same(
    errors.map((e) => [e.path, e.message]),
    [
      ['$.code', 'questionnaire code must be small letters, digits and dashes, like sipas-2017'],
      ['$.title.vi', 'Vietnamese text (vi) is missing'],
      ['$.scales.faces4.satisfied[1]', '3 is listed twice'],
      ['$.questions[0].askWhen.question', 'Q.OVERALL comes after this question; a condition can only look at earlier answers'],
      ['$.questions[1].scale', 'unknown scale "faces5"; the scales defined are: faces4'],
      ['$.questions[1].optional', 'a question cannot be both required and optional'],
      ['$.questions[2].askWhen.question', 'a question cannot depend on its own answer'],
      ['$.questions[3].askWhen.in[1]', '"late" is not an answer of Q.REASON (answers: "waiting", "other")'],
      ['$.questions[4].code', 'code "Q.OVERALL" is already used at $.questions[1]'],
      ['$.questions[4].maxLength', 'must be at least 1'],
    ],
  );
});

t.test('values compare with their type: "1" is not the answer 1', async (t) => {
  const def = clone(shipped('counter-quick'));
  (def['questions'] as { askWhen?: unknown }[])[1]!.askWhen = { question: 'Q.OVERALL', in: ['1'] };
  t.same(
    errorsOf(def).map((e) => e.path),
    ['$.questions[1].askWhen.in[0]'],
  );
});

t.test('a condition on a free-text answer is refused', async (t) => {
  const def = clone(shipped('counter-quick'));
  const qs = def['questions'] as Record<string, unknown>[];
  qs.push({ code: 'Q.MORE', type: 'text', maxLength: 100, vi: 'Thêm', askWhen: { question: 'Q.COMMENT', in: ['x'] } });
  t.match(errorsOf(def), [{ path: '$.questions[3].askWhen.question', message: /free-text/ }]);
});

t.test('scale problems', async (t) => {
  const def = clone(shipped('sipas-2017'));
  const scale = (def['scales'] as Record<string, Record<string, unknown>>)['satisfaction5']!;
  scale['satisfied'] = [1, 2, 3, 4, 5];
  (scale['noOpinion'] as Record<string, unknown>)['value'] = 3;
  t.same(
    errorsOf(def).map((e) => e.path),
    ['$.scales.satisfaction5.satisfied', '$.scales.satisfaction5.noOpinion.value'],
  );
});

t.test('with two scales, each element and the overall question must name theirs', async (t) => {
  const def = clone(shipped('sipas-2017'));
  const scales = def['scales'] as Record<string, unknown>;
  scales['agree5'] = clone(scales['satisfaction5']);
  const paths = errorsOf(def).map((e) => e.path);
  t.same(paths, [
    '$.elements[0].scale',
    '$.elements[1].scale',
    '$.elements[2].scale',
    '$.elements[3].scale',
    '$.elements[4].scale',
    '$.overall.scale',
  ]);

  const elements = def['elements'] as Record<string, unknown>[];
  for (const el of elements) el['scale'] = 'satisfaction5';
  (def['overall'] as Record<string, unknown>)['scale'] = 'agree5';
  const ok = valid(def);
  t.equal(questionMap(ok).get('OVERALL')?.scale, 'agree5');
  t.equal(questionMap(ok).get('E3.2')?.scale, 'satisfaction5');
});

t.test('shape of the whole', async (t) => {
  t.same(errorsOf([]), [{ path: '$', message: 'a questionnaire definition is a JSON object' }]);
  t.same(errorsOf('x'), [{ path: '$', message: 'a questionnaire definition is a JSON object' }]);
  const neither = errorsOf({ code: 'x', title: { vi: 'Tên' } });
  t.same(
    neither.map((e) => e.path),
    ['$', '$.scales'],
  );
  t.match(neither[0]?.message, /either "elements".*or "questions"/);

  const both = clone(shipped('sipas-2017'));
  both['questions'] = [];
  t.match(errorsOf(both), [{ path: '$.questions', message: /cannot sit beside "elements"/ }]);

  const noScales = clone(shipped('counter-quick'));
  noScales['scales'] = {};
  t.match(errorsOf(noScales), [
    { path: '$.scales', message: 'define at least one scale' },
    { path: '$.questions[0].scale', message: /unknown scale/ },
  ]);

  const badTypes = clone(shipped('counter-quick'));
  badTypes['version'] = 1.5;
  (badTypes['title'] as Record<string, unknown>)['vi'] = 7;
  t.same(
    errorsOf(badTypes).map((e) => [e.path, e.message]),
    [
      ['$.version', 'expected a whole number, got the fraction 1.5'],
      ['$.title.vi', 'expected string, got number 7'],
    ],
  );
});

t.test('text is stored NFC, trimmed and without control characters', async (t) => {
  const def = clone(shipped('counter-quick'));
  const decomposed = 'Hài lòng'.normalize('NFD');
  t.not(decomposed, 'Hài lòng', 'the test input really is decomposed');
  (def['title'] as Record<string, unknown>)['vi'] = `  ${decomposed}\u0007 `;
  const parsed = valid(def);
  t.equal(parsed.title.vi, 'Hài lòng');
});

t.test('equality ignores key order and the version number', async (t) => {
  const a = valid(shipped('counter-quick'));
  const reordered = Object.fromEntries(Object.entries(shipped('counter-quick')).reverse());
  const b = valid({ ...reordered, version: 7 });
  t.ok(sameDefinition(a, b));
  t.equal(canonicalJson({ b: 1, a: [{ d: 1, c: 2 }] }), '{"a":[{"c":2,"d":1}],"b":1}');
  const c = valid({ ...shipped('counter-quick'), title: { vi: 'Khác', en: 'Other' } });
  t.notOk(sameDefinition(a, c));
});

t.test('readJson says where a file stops being JSON', async (t) => {
  const bad = readJson(readFileSync(join(root, 'tests/fixtures/questionnaires/not-json.json'), 'utf8'));
  t.match(bad, { ok: false, line: 4, column: 3, reason: /comma missing/ });
  t.match(readJson('{\n  "a": [1, 2,]\n}'), { ok: false, line: 2, column: 14, reason: /trailing comma/ });
  t.match(readJson('{"a": "open\n}'), { ok: false, line: 1, column: 12, reason: /not closed/ });
  t.match(readJson('{"a": tru}'), { ok: false, line: 1, column: 7, reason: /expected a value/ });
  t.match(readJson('{"a": 1'), { ok: false, line: 1, column: 8, reason: /the file ends/ });
  t.match(readJson(''), { ok: false, line: 1, column: 1 });
  t.same(readJson('\uFEFF{"a": 1}'), { ok: true, value: { a: 1 } }, 'a byte-order mark is ignored');
});
