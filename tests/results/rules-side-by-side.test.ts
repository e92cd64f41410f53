// The demo's Khánh Hòa by the three rules — criterion mean (the default official rule), the
// overall question, units weighted equally — each equal to a recount from raw responses written
// here, apart from the engine; then with the province's minimums and another official rule set.
import t from 'tap';
import { findAgencyByCode } from '../../server/db/queries/agencies.ts';
import { flushResults } from '../../server/db/queries/results-write.ts';
import { setSetting } from '../../server/db/queries/settings.ts';
import { createDemo } from '../../server/demo/create.ts';
import type { Minimums } from '../../server/domain/indices.ts';
import { yearPeriod } from '../../server/domain/period.ts';
import { isSipas, questionList, type QuestionItem, type SipasDefinition } from '../../server/domain/questionnaire.ts';
import { ruleSettingKey } from '../../server/domain/rule-settings.ts';
import { selectQuestionnaire } from '../../server/results/selection.ts';
import { agencyResults, rulesSideBySide } from '../../server/results/service.ts';
import { freshDatabase } from '../helpers/database.ts';
import { reportable, vnDay, type RawResponse } from '../helpers/recount.ts';

const database = await freshDatabase();
t.teardown(() => database.close());
const { db } = database;
await createDemo(db, { responses: 1500, now: new Date('2026-11-20T03:00:00Z'), seed: 'rules' });
await flushResults(db);

const sipasId = Number((await db.selectFrom('questionnaires').select('id').where('code', '=', 'sipas-2017').executeTakeFirstOrThrow()).id);
const selection = await selectQuestionnaire(db, sipasId);
const sipas = selection.definition;
if (!isSipas(sipas)) throw new Error('sipas-2017 is SIPAS-style');
const def: SipasDefinition = sipas;
const raw = await reportable(db);
const agencies = await db.selectFrom('agencies').selectAll().execute();
const pathOf = new Map(agencies.map((a) => [Number(a.id), a.path]));
const kha = (await findAgencyByCode(db, 'KHA'))!;
const period = yearPeriod(2025);
const inYear = (x: RawResponse) =>
  vnDay(x.submitted_at) >= period.from && vnDay(x.submitted_at) <= period.to && selection.versionIds.includes(x.questionnaire_version_id);
const under = (path: string) => raw.filter((x) => inYear(x) && pathOf.get(x.agency_id)!.startsWith(path));

// --- The recount: the rules of docs/methodology.md, from the stored answers. ---
const questions = questionList(def);
const criteria = questions.filter((q) => q.kind === 'criterion');
const overallQuestion = questions.find((q) => q.kind === 'overall')!;
const NONE: Minimums = { criterion: 1, element: 1, overall: 1 };

/** Satisfied and valid answers of one question (valid: answered, and not "no opinion"). */
function share(q: QuestionItem, rows: RawResponse[]) {
  let valid = 0;
  let satisfied = 0;
  for (const r of rows) {
    const v = r.answers[q.code];
    if (typeof v !== 'number' || (q.noOpinion && v === q.noOpinion.value)) continue;
    valid++;
    if (q.satisfied.includes(v)) satisfied++;
  }
  return { valid, share: valid > 0 ? satisfied / valid : null };
}

/** Criterion mean: criteria with at least `criterion` valid answers, elements with n at least `element`. */
function criterionMean(rows: RawResponse[], min: Minimums) {
  const elements = def.elements.map((el) => {
    const used = criteria.filter((c) => c.element === el.code).map((c) => share(c, rows));
    const counted = used.filter((c) => c.share !== null && c.valid >= min.criterion);
    if (counted.length === 0) return null;
    const n = Math.round(counted.reduce((s, c) => s + c.valid, 0) / counted.length);
    return n >= min.element ? counted.reduce((s, c) => s + c.share!, 0) / counted.length : null;
  });
  const counted = elements.filter((e): e is number => e !== null);
  const value = counted.length > 0 ? counted.reduce((s, e) => s + e, 0) / counted.length : null;
  return { value, belowMinimum: value !== null && rows.length < min.overall };
}

function unitsEqualRecount(min: Minimums) {
  const units = agencies.filter((a) => Number(a.parent_id) === kha.id).map((a) => criterionMean(under(a.path), min));
  const counted = units.filter((u) => u.value !== null && !u.belowMinimum).map((u) => u.value!);
  return counted.reduce((s, x) => s + x, 0) / counted.length;
}

const near = (a: number | null | undefined, b: number | null) => a !== null && a !== undefined && b !== null && Math.abs(a - b) < 1e-12;
const filter = { agencyId: kha.id, questionnaireId: sipasId, from: period.from, to: period.to };
const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(2)}%`);

t.test('Khánh Hòa 2025 by the three rules equals the recount', async (t) => {
  const results = await agencyResults(db, kha, filter);
  const figures = await rulesSideBySide(db, results, filter);
  t.same(
    figures.map((f) => [f.rule, f.official]),
    [
      ['criterion-mean', true],
      ['overall-question', false],
      ['units-equal', false],
    ],
    'the official rule first, then the two others',
  );
  const [official, question, units] = figures;
  const expected = {
    official: criterionMean(under(kha.path), NONE).value,
    question: share(overallQuestion, under(kha.path)).share,
    units: unitsEqualRecount(NONE),
  };
  t.comment(
    `criterion mean ${pct(official!.overall.share)}, overall question ${pct(question!.overall.share)}, units ${pct(units!.overall.share)}`,
  );
  t.ok(near(official!.overall.share, expected.official), 'criterion mean');
  t.ok(near(question!.overall.share, expected.question), 'overall question');
  t.ok(near(units!.overall.share, expected.units), 'units weighted equally');
  t.equal(question!.overall.n, share(overallQuestion, under(kha.path)).valid, 'the overall question’s n is its valid answers');
  t.ok(question!.overall.interval, 'the overall question has its Wilson interval');
  t.ok(units!.units!.counted.length > 1, 'several units count');
  t.equal(
    units!.overall.n,
    agencies
      .filter((a) => Number(a.parent_id) === kha.id && units!.units!.counted.includes(a.code))
      .reduce((s, a) => s + under(a.path).length, 0),
    'n of units weighted equally: the respondents of the counted units',
  );
  t.not(official!.overall.share, units!.overall.share, 'the rules give different figures');
});

t.test("the province's minimums and official rule", async (t) => {
  const min: Minimums = { criterion: 20, element: 30, overall: 40 };
  await setSetting(db, ruleSettingKey(kha.id), { rule: null, minimums: min });
  const results = await agencyResults(db, kha, filter);
  t.ok(near(results.overall.share, criterionMean(under(kha.path), min).value), 'the overall with minimums equals the recount');
  const figures = await rulesSideBySide(db, results, filter);
  t.ok(near(figures.at(-1)!.overall.share, unitsEqualRecount(min)), 'units weighted equally with the minimums');
  // A small unit: its overall is below 40 respondents, no verdict and out of units weighted equally.
  const small = agencies.find((a) => a.parent_id !== null && under(a.path).length > 0 && under(a.path).length < 40)!;
  const smallResults = await agencyResults(db, small, { ...filter, agencyId: Number(small.id) });
  t.equal(smallResults.overall.belowMinimum, true, `${small.code}: ${under(small.path).length} respondents are below 40`);
  t.equal(smallResults.overall.verdict.status === 'met' || smallResults.overall.verdict.status === 'not-met', false, 'no verdict');

  await setSetting(db, ruleSettingKey(kha.id), { rule: 'overall-question', minimums: NONE });
  const byQuestion = await agencyResults(db, kha, filter);
  t.equal(byQuestion.questionnaire.rule, 'overall-question');
  t.ok(near(byQuestion.overall.share, share(overallQuestion, under(kha.path)).share), 'the official figure is the overall question');
  const side = await rulesSideBySide(db, byQuestion, filter);
  t.same(
    side.map((f) => [f.rule, f.official]),
    [
      ['overall-question', true],
      ['criterion-mean', false],
      ['units-equal', false],
    ],
    'the version’s own rule becomes one of the others',
  );
  t.ok(near(side[1]!.overall.share, criterionMean(under(kha.path), NONE).value));
  await setSetting(db, ruleSettingKey(kha.id), null);
});
