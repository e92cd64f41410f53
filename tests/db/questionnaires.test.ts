import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import t from 'tap';
import { parseQuestionnaire, type QuestionnaireDefinition } from '../../server/domain/questionnaire.ts';
import {
  ensureBuiltInQuestionnaires,
  findQuestionnaireVersion,
  findQuestionnaireVersionById,
  IndexRuleMismatchError,
  listQuestionnaires,
  listQuestionnaireVersions,
  publishQuestionnaireVersion,
} from '../../server/db/queries/questionnaires.ts';
import { listAudit } from '../../server/db/queries/audit.ts';
import { insertAgency } from '../../server/db/queries/agencies.ts';
import { freshDatabase } from '../helpers/database.ts';

const root = join(import.meta.dirname, '..', '..');
function definition(path: string): QuestionnaireDefinition {
  const r = parseQuestionnaire(JSON.parse(readFileSync(join(root, path), 'utf8')));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.definition;
}
const sipas = () => definition('content/questionnaires/sipas-2017.json');

t.test('built-in questionnaires are published once as version 1', async (t) => {
  const database = await freshDatabase();
  t.teardown(() => database.close());
  const { db } = database;

  await ensureBuiltInQuestionnaires(db);
  await ensureBuiltInQuestionnaires(db);
  const list = await listQuestionnaires(db);
  t.match(list, [
    {
      code: 'counter-quick',
      versions: 1,
      latestVersion: 1,
      latestIndexRule: 'single-question',
      titleVi: 'Đánh giá nhanh mức độ hài lòng tại quầy',
    },
    { code: 'sipas-2017', versions: 1, latestVersion: 1, latestIndexRule: 'criterion-mean' },
  ]);
  t.equal((await listAudit(db, { action: 'questionnaire.publish' })).length, 2, 'one audit row per publication');
  const v1 = await findQuestionnaireVersion(db, 'sipas-2017');
  t.equal(v1?.version, 1);
  t.equal(v1?.definition.version, 1);
  t.same(v1?.definition, sipas(), 'stored as shipped');

  // An administrator's later version is not undone by the next start.
  const edited = sipas();
  edited.title = { vi: 'Phiếu khảo sát đã sửa', en: 'Edited survey' };
  await publishQuestionnaireVersion(db, edited, { publishedBy: null, actorLabel: 'cli' });
  await ensureBuiltInQuestionnaires(db);
  t.equal((await findQuestionnaireVersion(db, 'sipas-2017'))?.version, 2);
  t.equal((await listQuestionnaireVersions(db, 'sipas-2017')).length, 2);
});

t.test('publishing a new version leaves the old one byte-identical', async (t) => {
  const database = await freshDatabase();
  t.teardown(() => database.close());
  const { db } = database;

  const first = await publishQuestionnaireVersion(db, sipas(), { actorLabel: 'cli' });
  t.match(first, { version: 1, unchanged: false });
  const snapshot = () =>
    sql<
      Record<string, string>
    >`select id::text, version::text, definition::text, index_rule, published_at::text, coalesce(published_by::text, '') as published_by
      from questionnaire_versions where id = ${first.versionId}`
      .execute(db)
      .then((r) => r.rows[0]);
  const before = await snapshot();

  const edited = sipas();
  if (!('elements' in edited)) throw new Error('expected SIPAS style');
  edited.elements[0]!.criteria[0]!.vi = 'Nơi ngồi chờ rộng rãi, đủ chỗ ngồi';
  edited.title = { vi: 'Phiếu khảo sát SIPAS (sửa đổi)', en: 'SIPAS survey (revised)' };
  const province = await insertAgency(db, {
    code: 'KHH',
    parentId: null,
    nameVi: 'Tỉnh Khánh Hòa',
    nameEn: null,
    kind: 'province',
    validFrom: null,
    validTo: null,
  });
  const admin = await db
    .insertInto('users')
    .values({ email: 'admin@example.vn', password_hash: 'not-a-real-hash', role: 'admin', agency_id: province.id })
    .returning('id')
    .executeTakeFirstOrThrow();
  const second = await publishQuestionnaireVersion(db, edited, { publishedBy: admin.id });
  t.match(second, { questionnaireId: first.questionnaireId, version: 2, unchanged: false });
  t.not(second.versionId, first.versionId);

  t.same(await snapshot(), before, 'version 1 unchanged, byte for byte');
  const v1 = await findQuestionnaireVersion(db, 'sipas-2017', 1);
  const v2 = await findQuestionnaireVersion(db, 'sipas-2017');
  t.equal(v1?.version, 1);
  t.equal(v2?.version, 2);
  t.equal(v2?.definition.version, 2, "the stored definition carries its version's number");
  t.equal(v2?.publishedBy, admin.id);
  t.match(v1?.definition, { elements: [{ criteria: [{ vi: 'Nơi ngồi chờ tại Bộ phận tiếp nhận và trả kết quả có đủ chỗ ngồi' }] }] });
  t.match(v2?.definition, { elements: [{ criteria: [{ vi: 'Nơi ngồi chờ rộng rãi, đủ chỗ ngồi' }] }] });
  t.equal(v2?.titleVi, 'Phiếu khảo sát SIPAS (sửa đổi)', 'listed under the newest title');
  t.equal((await findQuestionnaireVersionById(db, first.versionId))?.version, 1);
  t.equal(await findQuestionnaireVersion(db, 'sipas-2017', 3), undefined);
  t.equal(await findQuestionnaireVersion(db, 'no-such-code'), undefined);

  const audits = await listAudit(db, { action: 'questionnaire.publish' });
  t.match(audits, [
    { actor_user_id: admin.id, details: { code: 'sipas-2017', version: 2, versionId: second.versionId, indexRule: 'criterion-mean' } },
    { actor_label: 'cli', details: { code: 'sipas-2017', version: 1 } },
  ]);
});

t.test('the same content again publishes nothing; another rule is a new version', async (t) => {
  const database = await freshDatabase();
  t.teardown(() => database.close());
  const { db } = database;

  const first = await publishQuestionnaireVersion(db, sipas());
  // Key order and the version field do not make a definition different.
  const reordered = Object.fromEntries(Object.entries(sipas()).reverse()) as QuestionnaireDefinition;
  const again = await publishQuestionnaireVersion(db, { ...reordered, version: 9 });
  t.same(again, { ...first, unchanged: true });
  t.equal((await listQuestionnaireVersions(db, 'sipas-2017')).length, 1);

  const otherRule = await publishQuestionnaireVersion(db, sipas(), { indexRule: 'element-question' });
  t.match(otherRule, { version: 2, unchanged: false });
  t.equal((await findQuestionnaireVersion(db, 'sipas-2017'))?.indexRule, 'element-question');

  await t.rejects(publishQuestionnaireVersion(db, sipas(), { indexRule: 'single-question' }), IndexRuleMismatchError);
  t.equal((await listQuestionnaireVersions(db, 'sipas-2017')).length, 2, 'a refused rule writes nothing');
  t.equal((await listAudit(db, { action: 'questionnaire.publish' })).length, 2);
});

t.test('concurrent publications take distinct version numbers', async (t) => {
  const database = await freshDatabase();
  t.teardown(() => database.close());
  const { db } = database;
  const variants = [1, 2, 3].map((n) => {
    const d = definition('content/questionnaires/counter-quick.json');
    d.title = { vi: `Đánh giá nhanh ${n}` };
    return d;
  });
  const results = await Promise.all(variants.map((d) => publishQuestionnaireVersion(db, d)));
  t.same(results.map((r) => r.version).sort(), [1, 2, 3]);
  t.equal(new Set(results.map((r) => r.questionnaireId)).size, 1);
});

t.test('the database refuses to change or delete a published version', async (t) => {
  const database = await freshDatabase();
  t.teardown(() => database.close());
  const { db } = database;
  const { versionId } = await publishQuestionnaireVersion(db, sipas());
  const before = await sql<{ d: string }>`select definition::text as d from questionnaire_versions where id = ${versionId}`.execute(db);

  await t.rejects(sql`update questionnaire_versions set definition = '{}'::jsonb where id = ${versionId}`.execute(db), /cannot be changed/);
  await t.rejects(
    sql`update questionnaire_versions set index_rule = 'pooled-share' where id = ${versionId}`.execute(db),
    /cannot be changed/,
  );
  await t.rejects(sql`delete from questionnaire_versions where id = ${versionId}`.execute(db), /cannot be changed/);
  const after = await sql<{ d: string }>`select definition::text as d from questionnaire_versions where id = ${versionId}`.execute(db);
  t.same(after.rows, before.rows);
});
