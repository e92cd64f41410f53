// Search without diacritics: the database's folded copy of a comment (a generated column with
// translate(), migrations/0010_follow_up.sql) equals foldText in code for every Vietnamese letter,
// capitals and text around them, on PGlite and on PostgreSQL — so that a folded query and a folded
// body always meet. And the search words a box's text becomes.
import t from 'tap';
import { randomUUID } from 'node:crypto';
import { insertAgency } from '../../server/db/queries/agencies.ts';
import { ensureBuiltInQuestionnaires, findQuestionnaireVersion } from '../../server/db/queries/questionnaires.ts';
import { insertResponses } from '../../server/db/queries/responses.ts';
import { FOLD_FROM, FOLD_TO, foldText, searchWords, MAX_SEARCH_WORDS } from '../../server/domain/fold.ts';
import { freshDatabase } from '../helpers/database.ts';

t.test('the table: each letter and its capital, to a base letter', async (t) => {
  t.equal([...FOLD_FROM].length, [...FOLD_TO].length, 'one target per letter');
  t.equal(new Set(FOLD_FROM).size, [...FOLD_FROM].length, 'no letter twice');
  for (const c of FOLD_FROM) t.equal(c, c.normalize('NFC'), `${c} is precomposed (comments are stored NFC)`);
  t.equal(foldText('Thủ tục đất đai rườm rà'), 'thu tuc dat dai ruom ra');
  t.equal(foldText('ĐỀ NGHỊ NIÊM YẾT'), 'de nghi niem yet');
  t.equal(foldText('Cho\u0300 la\u0302u'), 'cho lau', 'decomposed input is composed first');
  t.equal(foldText('Größe 100% OK'), 'größe 100% ok', 'other letters are left as they are');
  t.same(searchWords('  Chờ   LÂU  quá '), ['cho', 'lau', 'qua']);
  t.equal(searchWords('a b c d e f g h i j k').length, MAX_SEARCH_WORDS);
  t.same(searchWords(' \t '), []);
});

t.test('the database folds exactly as the code does', async (t) => {
  const database = await freshDatabase();
  t.teardown(() => database.close());
  const { db } = database;
  await ensureBuiltInQuestionnaires(db);
  const p = await insertAgency(db, {
    code: 'P',
    parentId: null,
    nameVi: 'Tỉnh P',
    nameEn: null,
    kind: 'province',
    validFrom: null,
    validTo: null,
  });
  const version = (await findQuestionnaireVersion(db, 'sipas-2017'))!;
  const texts = [
    FOLD_FROM,
    'Thời gian chờ quá lâu, đề nghị bố trí thêm quầy vào buổi sáng.',
    'HỒ SƠ PHẢI BỔ SUNG NHIỀU LẦN — Ôi! Ưu tiên người cao tuổi?',
    'Größe, café, naïve, 100% — ½ ™ 漢字 😀',
  ];
  const ids = texts.map(() => randomUUID());
  await insertResponses(
    db,
    texts.map((body, i) => ({
      id: ids[i]!,
      questionnaireVersionId: version.versionId,
      campaignId: null,
      agencyId: p.id,
      servicePointId: null,
      provinceId: p.id,
      channel: 'online' as const,
      submittedAt: new Date('2026-03-02T03:00:00Z'),
      locale: 'vi' as const,
      answers: {},
      comment: body,
    })),
  );
  for (const [i, body] of texts.entries()) {
    const row = await db
      .selectFrom('response_comments')
      .select(['body', 'body_folded'])
      .where('response_id', '=', ids[i]!)
      .executeTakeFirstOrThrow();
    t.equal(row.body, body.normalize('NFC'));
    t.equal(row.body_folded, foldText(body), `text ${i}: the column equals foldText`);
  }
});
