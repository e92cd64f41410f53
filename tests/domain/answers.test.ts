import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseQuestionnaire, type QuestionnaireDefinition } from '../../server/domain/questionnaire.ts';
import {
  pruneInapplicable,
  validateAnswers,
  valueFromForm,
  answerQuestions,
  answersSchema,
  wellFormedAnswers,
} from '../../server/domain/answers.ts';

function load(name: string): QuestionnaireDefinition {
  const r = parseQuestionnaire(JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'content', 'questionnaires', name), 'utf8')));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.definition;
}
const sipas = load('sipas-2017.json');
const quick = load('counter-quick.json');

function fullSipas(): Record<string, unknown> {
  const a: Record<string, unknown> = {};
  for (const q of answerQuestions(sipas)) {
    if (q.condition) continue;
    if (q.kind === 'multi') a[q.code] = [q.options[0]!.value];
    else a[q.code] = q.options[q.options.length - 1]!.value;
  }
  a['E5.0'] = 2;
  return a;
}

t.test('a complete SIPAS response passes; E5 criteria only when E5.0 = Có', async (t) => {
  const ok = validateAnswers(sipas, { answers: fullSipas(), comment: '  Cảm ơn\u0007 ' }, 'complete');
  t.ok(ok.ok);
  if (ok.ok) t.equal(ok.comment, 'Cảm ơn', 'comment cleaned');

  const withE5 = { ...fullSipas(), 'E5.1': 4 };
  const bad = validateAnswers(sipas, { answers: withE5 }, 'complete');
  t.notOk(bad.ok);
  if (!bad.ok) t.same(bad.problems, [{ question: 'E5.1', code: 'not-applicable', params: { question: 'E5.0' } }]);

  const yes = { ...fullSipas(), 'E5.0': 1 };
  const missing = validateAnswers(sipas, { answers: yes }, 'complete');
  t.notOk(missing.ok);
  if (!missing.ok) t.same(missing.problems.map((p) => p.question).sort(), ['E5.1', 'E5.2', 'E5.3', 'E5.4', 'E5.S']);
  t.ok(validateAnswers(sipas, { answers: yes }, 'lenient').ok, 'blanks allowed when lenient');
});

t.test('values, unknown questions, multi choices, no opinion', async (t) => {
  const r = validateAnswers(
    sipas,
    { answers: { 'E1.1': 0, 'E1.2': 6, 'E1.3': '4', 'X.IMPROVE': ['time', 'time'], 'B.AGE': '31-45', 'Z.9': 1 } },
    'lenient',
  );
  t.notOk(r.ok);
  if (!r.ok) {
    const codes = Object.fromEntries(r.problems.map((p) => [p.question, p.code]));
    t.equal(codes['E1.2'], 'not-allowed');
    t.equal(codes['E1.3'], 'not-allowed', 'types are strict: "4" is not 4');
    t.equal(codes['X.IMPROVE'], 'duplicate-choice');
    t.equal(codes['Z.9'], 'unknown-question');
    t.notOk('E1.1' in codes, '0 is "Không ý kiến"');
    t.notOk('B.AGE' in codes);
  }
  const tooMany = validateAnswers(sipas, { answers: { 'X.IMPROVE': ['time', 'fees', 'online', 'attitude'] } }, 'lenient');
  t.same(tooMany.ok ? [] : tooMany.problems, [{ question: 'X.IMPROVE', code: 'too-many', params: { max: 3 } }]);
  const empty = validateAnswers(sipas, { answers: {} }, 'lenient');
  t.same(empty.ok ? [] : empty.problems, [{ question: '', code: 'empty-response' }]);
  const notObject = validateAnswers(sipas, { answers: [1, 2] }, 'lenient');
  t.notOk(notObject.ok);
});

t.test('counter-quick: reason only when not satisfied, comment length', async (t) => {
  t.ok(validateAnswers(quick, { answers: { 'Q.OVERALL': 2, 'Q.REASON': ['waiting'] } }, 'complete').ok);
  const r = validateAnswers(quick, { answers: { 'Q.OVERALL': 4, 'Q.REASON': ['waiting'] } }, 'complete');
  t.same(r.ok ? [] : r.problems, [{ question: 'Q.REASON', code: 'not-applicable', params: { question: 'Q.OVERALL' } }]);
  const long = validateAnswers(quick, { answers: { 'Q.OVERALL': 4 }, comment: 'a'.repeat(501) }, 'complete');
  t.same(long.ok ? [] : long.problems, [{ question: 'comment', code: 'too-long', params: { max: 500 } }]);
  t.ok(validateAnswers(quick, { answers: { 'Q.OVERALL': 4 } }, 'complete').ok, 'comment optional');
});

t.test('pruning and form values', async (t) => {
  t.same(pruneInapplicable(quick, { 'Q.OVERALL': 4, 'Q.REASON': ['late'] }), { 'Q.OVERALL': 4 });
  const q = answerQuestions(sipas).find((x) => x.code === 'B.TRIPS')!;
  t.equal(valueFromForm(q, '3+'), '3+');
  const c = answerQuestions(sipas).find((x) => x.code === 'E1.1')!;
  t.equal(valueFromForm(c, '4'), 4);
  t.equal(valueFromForm(c, '0'), 0);
  t.equal(valueFromForm(c, '9'), undefined);
});

t.test('plausibility flags', async (t) => {
  const { flagReasons } = await import('../../server/domain/plausibility.ts');
  const now = new Date('2026-11-22T03:00:00Z');
  const old = new Date('2026-10-01T03:00:00Z');
  t.same(
    flagReasons({ channel: 'kiosk', answered: 1, submittedAt: old, receivedAt: now }),
    ['late'],
    'a kiosk rating synced after 30 days',
  );
  t.same(flagReasons({ channel: 'paper', answered: 30, submittedAt: old, receivedAt: now }), [], 'paper is keyed late by nature');
  t.same(
    flagReasons({ channel: 'online', answered: 30, startedAt: new Date(now.getTime() - 20_000), submittedAt: now, receivedAt: now }),
    ['too-fast'],
    '30 answers in 20 s',
  );
  t.same(
    flagReasons({ channel: 'online', answered: 30, startedAt: new Date(now.getTime() - 120_000), submittedAt: now, receivedAt: now }),
    [],
  );
});

t.test('the fast check without zod agrees with the schema on valid and broken answers', async (t) => {
  // A small deterministic generator: valid values, wrong values, unknown keys, bad lists, mixed.
  let seed = 42;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const oddities: unknown[] = [99, -1, '4', null, 'x', [], [1, 1], 3.5, true, {}];
  let fast = 0;
  for (const def of [sipas, quick]) {
    const questions = answerQuestions(def);
    for (let i = 0; i < 3000; i++) {
      const raw: Record<string, unknown> = {};
      const broken = rand(3) === 0;
      for (const q of questions) {
        if (rand(4) === 0) continue;
        const values = [...q.options.map((o) => o.value), ...(q.noOpinion ? [q.noOpinion.value] : [])];
        const pick = values[rand(values.length)]!;
        raw[q.code] = q.kind === 'multi' ? [...new Set([pick, values[rand(values.length)]!])].slice(0, q.max ?? values.length) : pick;
        if (broken && rand(8) === 0) raw[q.code] = oddities[rand(oddities.length)];
      }
      if (broken && rand(5) === 0) raw['Z.UNKNOWN'] = 1;
      const quickly = wellFormedAnswers(def, raw);
      const schema = answersSchema(def).safeParse(raw);
      if (quickly !== undefined) {
        fast++;
        if (!schema.success || JSON.stringify(quickly) !== JSON.stringify(schema.data)) {
          t.fail(`fast check accepted what the schema refuses or reshapes: ${JSON.stringify(raw)}`);
          return;
        }
      } else if (schema.success && !broken) {
        t.fail(`fast check refused valid answers: ${JSON.stringify(raw)}`);
        return;
      }
    }
  }
  t.ok(fast > 3000, `the fast path took ${fast} of 6000 inputs`);
});
