import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseQuestionnaire, type QuestionnaireDefinition } from '../../server/domain/questionnaire.ts';
import {
  applyPage,
  nextAfterChange,
  nextPage,
  pageOfQuestion,
  previousPage,
  readPageForm,
  resumePage,
  reviewSections,
  surveyPlan,
} from '../../server/domain/survey-pages.ts';

function load(name: string): QuestionnaireDefinition {
  const r = parseQuestionnaire(JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'content', 'questionnaires', name), 'utf8')));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.definition;
}
const sipas = load('sipas-2017.json');
const quick = load('counter-quick.json');
const codes = (qs: { code: string }[]) => qs.map((q) => q.code);

t.test('SIPAS: one page per element, E5 criteria on a follow-up page, then overall, expectations, background, comment', async (t) => {
  const plan = surveyPlan(sipas);
  t.equal(plan.parts, 9, 'five elements and four closing parts');
  t.same(
    plan.pages.map((p) => [p.number, p.part, p.section, p.followUp]),
    [
      [1, 1, 'element', false],
      [2, 2, 'element', false],
      [3, 3, 'element', false],
      [4, 4, 'element', false],
      [5, 5, 'element', false],
      [6, 5, 'element', true],
      [7, 6, 'overall', false],
      [8, 7, 'expectations', false],
      [9, 8, 'background', false],
      [10, 9, 'comment', false],
    ],
  );
  t.same(codes(plan.pages[0]!.questions), ['E1.1', 'E1.2', 'E1.3', 'E1.4', 'E1.S'], 'criteria, then the element question');
  t.same(codes(plan.pages[4]!.questions), ['E5.0'], 'the applicability question alone first');
  t.same(codes(plan.pages[5]!.questions), ['E5.1', 'E5.2', 'E5.3', 'E5.4', 'E5.S']);
  t.same(plan.pages[0]!.element?.code, 'E1');
  t.same(codes(plan.pages[7]!.questions), ['X.IMPROVE']);
  t.same(codes(plan.pages[8]!.questions), ['B.TYPE', 'B.FIELD', 'B.CHANNEL', 'B.TRIPS', 'B.SEX', 'B.AGE', 'B.EDU', 'B.JOB']);
  t.equal(pageOfQuestion(plan, 'C.TEXT')?.number, 10);
  t.same(surveyPlan(sipas), plan, 'the same definition gives the same plan');
});

t.test('SIPAS navigation follows E5.0 both ways', async (t) => {
  const plan = surveyPlan(sipas);
  t.equal(nextPage(plan, 0, {})?.number, 1, 'the intro leads to page 1');
  t.equal(nextPage(plan, 5, { 'E5.0': 1 })?.number, 6, 'Có: the E5 criteria follow');
  t.equal(nextPage(plan, 5, { 'E5.0': 2 })?.number, 7, 'Không: straight to the overall question');
  t.equal(previousPage(plan, 7, { 'E5.0': 2 })?.number, 5, 'and back skips the E5 criteria too');
  t.equal(previousPage(plan, 7, { 'E5.0': 1 })?.number, 6);
  t.equal(previousPage(plan, 1, {}), null, 'before page 1 is the intro');
  t.equal(nextPage(plan, 10, {}), null, 'after the comment comes the review');
  t.equal(previousPage(plan, 11, {})?.number, 10, 'back from the review is the last page');

  const p5 = plan.pages[4]!;
  t.equal(nextAfterChange(plan, p5, { 'E5.0': 1 })?.number, 6, 'a change to Có continues with the E5 criteria');
  t.equal(nextAfterChange(plan, p5, { 'E5.0': 2 }), null, 'a change to Không returns to the review');
  t.equal(nextAfterChange(plan, plan.pages[0]!, {}), null, 'another part returns to the review');
});

t.test('counter-quick: Q.REASON is a follow-up of Q.OVERALL only when not satisfied', async (t) => {
  const plan = surveyPlan(quick);
  t.equal(plan.parts, 2);
  t.same(
    plan.pages.map((p) => [p.number, p.part, codes(p.questions), p.followUp]),
    [
      [1, 1, ['Q.OVERALL'], false],
      [2, 1, ['Q.REASON'], true],
      [3, 2, ['Q.COMMENT'], false],
    ],
  );
  t.equal(nextPage(plan, 1, { 'Q.OVERALL': 1 })?.number, 2, 'not satisfied: asked why');
  t.equal(nextPage(plan, 1, { 'Q.OVERALL': 4 })?.number, 3, 'satisfied: no reason asked');
});

t.test('reading a page: allowed values only, required per page, at most 3 expectations, comment length', async (t) => {
  const plan = surveyPlan(sipas);
  const e1 = plan.pages[0]!;
  const ok = readPageForm(e1, { 'E1.1': '5', 'E1.2': '0', 'E1.3': '3', 'E1.4': '4', 'E1.S': '5', 'E2.1': '1' }, {});
  t.same(ok.problems, []);
  t.same(ok.values, { 'E1.1': 5, 'E1.2': 0, 'E1.3': 3, 'E1.4': 4, 'E1.S': 5 }, 'typed values; other pages are not read');

  const bad = readPageForm(e1, { 'E1.1': '9', 'E1.2': ['4', '5'], 'E1.3': '', 'E1.S': '5' }, {});
  t.same(
    bad.problems.map((p) => `${p.question}:${p.code}`),
    ['E1.1:not-allowed', 'E1.2:not-allowed', 'E1.3:required', 'E1.4:required'],
  );
  t.same(bad.values, { 'E1.S': 5 });
  t.same(bad.sent['E1.1'], ['9'], 'what was sent is kept to show again');

  const exp = plan.pages[7]!;
  t.same(readPageForm(exp, { 'X.IMPROVE': ['simplify', 'time'] }, {}).values, { 'X.IMPROVE': ['simplify', 'time'] });
  const four = readPageForm(exp, { 'X.IMPROVE': ['simplify', 'time', 'facilities', 'information'] }, {});
  t.same(
    four.problems.map((p) => p.code),
    ['too-many'],
  );
  t.same(four.problems[0]?.params, { max: 3 });

  const bg = plan.pages[8]!;
  const background = readPageForm(bg, { 'B.TYPE': 'individual', 'B.FIELD': 'land', 'B.CHANNEL': 'counter', 'B.TRIPS': '3+' }, {});
  t.same(background.problems, [], 'optional background questions may stay blank');
  t.same(background.values, { 'B.TYPE': 'individual', 'B.FIELD': 'land', 'B.CHANNEL': 'counter', 'B.TRIPS': '3+' });
  t.same(
    readPageForm(bg, { 'B.TYPE': 'individual' }, {}).problems.map((p) => `${p.question}:${p.code}`),
    ['B.FIELD:required', 'B.CHANNEL:required', 'B.TRIPS:required'],
  );

  const comment = plan.pages[9]!;
  const c = readPageForm(comment, { 'C.TEXT': '  Tốt\u0007 ' }, {});
  t.equal(c.comment, 'Tốt', 'the comment is cleaned');
  t.same(readPageForm(comment, { 'C.TEXT': '' }, {}).comment, null, 'and optional');
  t.same(
    readPageForm(comment, { 'C.TEXT': 'x'.repeat(2001) }, {}).problems.map((p) => p.code),
    ['too-long'],
  );

  const e5 = plan.pages[5]!;
  t.same(readPageForm(e5, { 'E5.1': '4' }, { 'E5.0': 2 }).values, {}, 'a follow-up that does not apply reads nothing');
});

t.test('saving a page replaces its answers and drops what no longer applies', async (t) => {
  const plan = surveyPlan(sipas);
  const withE5 = { 'E1.1': 5, 'E5.0': 1, 'E5.1': 4, 'E5.S': 5 };
  const after = applyPage(sipas, plan.pages[4]!, withE5, { 'E5.0': 2 });
  t.same(after, { 'E1.1': 5, 'E5.0': 2 }, 'E5.0 changed to Không: the E5 answers go');
  const cleared = applyPage(sipas, plan.pages[0]!, { 'E1.1': 5, 'E1.2': 4 }, { 'E1.1': 3 });
  t.same(cleared, { 'E1.1': 3 }, 'an answer removed on the page is removed from the draft');
});

t.test('resume and review', async (t) => {
  const plan = surveyPlan(quick);
  t.equal(resumePage(plan, {}, null)?.number, 1);
  t.equal(resumePage(plan, { 'Q.OVERALL': 1 }, null)?.number, 2, 'the reason is still missing');
  t.equal(resumePage(plan, { 'Q.OVERALL': 4 }, null), null, 'the comment is optional');

  const sections = reviewSections(surveyPlan(sipas), { 'E5.0': 2 });
  t.equal(sections.length, 9, 'one section per part');
  t.same(codes(sections[4]!.questions), ['E5.0'], 'E5 without its criteria when Không');
  t.equal(sections[4]!.changePage, 5, 'the change link goes to the first page of the part');
  const withE5 = reviewSections(surveyPlan(sipas), { 'E5.0': 1 });
  t.same(codes(withE5[4]!.questions), ['E5.0', 'E5.1', 'E5.2', 'E5.3', 'E5.4', 'E5.S']);
});
