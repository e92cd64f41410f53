// Target queries on a real database: the effective targets of many agencies at once (inherited down
// the tree, overridden below, questionnaire-specific first) in two queries, the subtree list, the
// scoped lookup, deletion, and the index codes each questionnaire offers.
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import t from 'tap';
import { insertAgency } from '../../server/db/queries/agencies.ts';
import { ensureBuiltInQuestionnaires } from '../../server/db/queries/questionnaires.ts';
import {
  deleteTarget,
  findTargetInScope,
  findTargetsByKey,
  insertTargets,
  listIndexCodes,
  listTargetsInSubtree,
  resolveTargets,
  updateTargetThreshold,
  type TargetInput,
} from '../../server/db/queries/targets.ts';
import { freshDatabase } from '../helpers/database.ts';
import { staffTree } from '../helpers/staff.ts';

const database = await freshDatabase();
t.teardown(() => database.close());
const db = database.db;
await ensureBuiltInQuestionnaires(db);
const tree = await staffTree(db);
// A second commune under the department, and a unit under the first commune.
const c2 = await insertAgency(db, {
  code: 'P1-XA2',
  parentId: tree.d1.id,
  nameVi: 'Xã Hai',
  nameEn: null,
  kind: 'commune',
  validFrom: null,
  validTo: null,
});
const u1 = await insertAgency(db, {
  code: 'P1-XA-BP',
  parentId: tree.c1.id,
  nameVi: 'Bộ phận một cửa',
  nameEn: null,
  kind: 'unit',
  validFrom: null,
  validTo: null,
});
const questionnaire = async (code: string) =>
  (await db.selectFrom('questionnaires').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
const sipas = await questionnaire('sipas-2017');
const quick = await questionnaire('counter-quick');

const base = {
  questionnaireId: null,
  periodFrom: '2026-01-01',
  periodTo: '2026-12-31',
  indexCode: 'overall',
  comparator: '>' as const,
  threshold: 0.8,
};
const set = async (agencyId: number, over: Partial<TargetInput> = {}) => (await insertTargets(db, [{ ...base, agencyId, ...over }]))[0]!;

const province = await set(tree.p1.id);
const provinceE1 = await set(tree.p1.id, { indexCode: 'E1', threshold: 0.7 });
const department = await set(tree.d1.id, { questionnaireId: sipas, comparator: '>=', threshold: 0.85 });
const departmentAny = await set(tree.d1.id, { threshold: 0.82 });
const communeHalf = await set(tree.c1.id, { periodFrom: '2026-07-01', periodTo: '2026-12-31', threshold: 0.9 });
const lastYear = await set(c2.id, { periodFrom: '2025-01-01', periodTo: '2025-12-31', threshold: 0.6 });
const otherProvince = await set(tree.p2.id, { threshold: 0.5 });

/** Counts the statements a piece of code sends, to hold resolveTargets to its two queries. */
class Counter implements KyselyPlugin {
  n = 0;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.n++;
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

t.test('inheritance, override and questionnaire precedence for many agencies at once', async (t) => {
  const counter = new Counter();
  const all = [tree.p1.id, tree.d1.id, tree.c1.id, c2.id, u1.id, tree.p2.id, tree.d2.id];
  const year = await resolveTargets(db.withPlugin(counter), all, sipas, '2026-01-01', '2026-12-31');
  t.ok(counter.n >= 1 && counter.n <= 2, `two queries at most for ${all.length} agencies (${counter.n})`);
  const overall = (id: number) => year.get(id)?.get('overall')?.id;
  t.equal(overall(tree.p1.id), province.id, 'the province’s own');
  t.equal(overall(tree.d1.id), department.id, 'the department’s own, questionnaire-specific before any questionnaire');
  t.equal(overall(tree.c1.id), communeHalf.id, 'the commune’s own target overlapping the year');
  t.equal(overall(u1.id), communeHalf.id, 'inherited from the commune');
  t.equal(overall(c2.id), department.id, 'inherited from the department: its own target is for another year');
  t.equal(overall(tree.p2.id), otherProvince.id);
  t.equal(overall(tree.d2.id), otherProvince.id, 'another province’s tree keeps its own targets');
  t.equal(year.get(u1.id)?.get('E1')?.id, provinceE1.id, 'each index inherits on its own');
  t.equal(year.get(tree.d2.id)?.get('E1'), undefined, 'no E1 target in the other province');
  t.match(
    year.get(tree.d1.id)?.get('overall'),
    { comparator: '>=', threshold: 0.85, questionnaire_id: sipas },
    'the whole row, numbers as numbers',
  );

  const firstHalf = await resolveTargets(db, [tree.c1.id, u1.id], sipas, '2026-01-01', '2026-06-30');
  t.equal(firstHalf.get(tree.c1.id)?.get('overall')?.id, department.id, 'before the commune’s period starts, the department’s');
  t.equal(firstHalf.get(u1.id)?.get('overall')?.id, department.id);

  const counterRating = await resolveTargets(db, [tree.d1.id, c2.id], quick, '2026-01-01', '2026-12-31');
  t.equal(
    counterRating.get(tree.d1.id)?.get('overall')?.id,
    departmentAny.id,
    'for another questionnaire, the target for any questionnaire',
  );
  t.equal(counterRating.get(c2.id)?.get('overall')?.id, departmentAny.id);
  const none = await resolveTargets(db, [tree.d1.id], null, '2026-01-01', '2026-12-31');
  t.equal(none.get(tree.d1.id)?.get('overall')?.id, departmentAny.id, 'no questionnaire: only targets for any questionnaire');

  const old = await resolveTargets(db, [c2.id, tree.c1.id], sipas, '2025-03-01', '2025-03-31');
  t.equal(old.get(c2.id)?.get('overall')?.id, lastYear.id, 'last year’s own target');
  t.same([...(old.get(tree.c1.id)?.keys() ?? [])], [], 'an agency with nothing applicable maps to an empty map');
  t.equal((await resolveTargets(db, [], sipas, '2026-01-01', '2026-12-31')).size, 0);
  t.notOk((await resolveTargets(db, [999999], sipas, '2026-01-01', '2026-12-31')).has(999999), 'an agency that does not exist is left out');

  // A newer target of the same agency for the same questionnaire and a later start wins.
  const later = await set(tree.d1.id, { questionnaireId: sipas, periodFrom: '2026-04-01', periodTo: '2026-12-31', threshold: 0.88 });
  t.equal(
    (await resolveTargets(db, [c2.id], sipas, '2026-01-01', '2026-12-31')).get(c2.id)?.get('overall')?.id,
    later.id,
    'the latest period_from',
  );
  t.equal(
    (await resolveTargets(db, [c2.id], sipas, '2026-01-01', '2026-03-31')).get(c2.id)?.get('overall')?.id,
    department.id,
    'but only where it overlaps',
  );
  await deleteTarget(db, later.id);
});

t.test('the subtree list, the scoped lookup, the key, the update and deletion', async (t) => {
  const list = await listTargetsInSubtree(db, tree.d1.path);
  t.same(
    list.map((x) => x.id).sort((a, b) => a - b),
    [department.id, departmentAny.id, communeHalf.id, lastYear.id].sort((a, b) => a - b),
    'the department and below, nothing above or beside',
  );
  t.match(
    list.find((x) => x.id === department.id),
    { agencyCode: 'P1-SNV', agencyNameVi: 'Sở Nội vụ Tỉnh Một', questionnaireCode: 'sipas-2017' },
  );
  t.match(
    list.find((x) => x.id === departmentAny.id),
    { questionnaireCode: null, questionnaireTitleVi: null },
  );
  t.equal((await listTargetsInSubtree(db, tree.p1.path)).length, 6);

  t.ok(await findTargetInScope(db, communeHalf.id, tree.d1.path), 'inside');
  t.equal(await findTargetInScope(db, province.id, tree.d1.path), undefined, 'above: not found');
  t.equal(await findTargetInScope(db, otherProvince.id, tree.d1.path), undefined, 'beside: not found');

  const key = { agencyId: tree.d1.id, questionnaireId: null, periodFrom: '2026-01-01', periodTo: '2026-12-31', indexCode: 'overall' };
  t.same(
    (await findTargetsByKey(db, key)).map((x) => x.id),
    [departmentAny.id],
    'a null questionnaire matches null',
  );
  t.same(
    (await findTargetsByKey(db, { ...key, questionnaireId: sipas })).map((x) => x.id),
    [department.id],
  );
  t.same(await findTargetsByKey(db, { ...key, indexCode: 'E1' }), []);

  t.equal(await updateTargetThreshold(db, departmentAny.id, '>', 0.82), false, 'the same threshold: unchanged');
  t.equal(await updateTargetThreshold(db, departmentAny.id, '>=', 0.82), true);
  t.equal(await updateTargetThreshold(db, departmentAny.id, '>=', 0.825), true);

  const gone = await deleteTarget(db, lastYear.id);
  t.equal(gone?.id, lastYear.id);
  t.equal(await deleteTarget(db, lastYear.id), undefined, 'twice: nothing');
});

t.test('the index codes of the published questionnaires', async (t) => {
  const codes = await listIndexCodes(db);
  t.same(
    codes.map((q) => q.code),
    ['counter-quick', 'sipas-2017'],
  );
  t.same(
    codes[0]!.indexCodes.map((c) => c.code),
    ['overall'],
  );
  t.equal(codes[1]!.indexCodes.length, 28);
  t.same(
    codes[1]!.indexCodes.slice(0, 3).map((c) => c.code),
    ['overall', 'E1', 'E1.1'],
  );
  t.match(codes[1], { titleVi: String, id: sipas });
});
