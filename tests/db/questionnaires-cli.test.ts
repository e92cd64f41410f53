// `hailong questionnaire import|list` end to end, on an embedded database in memory
// or, with DATABASE_URL, on a fresh database of the server.
import { join } from 'node:path';
import t from 'tap';
import { cli, cliDatabase } from '../helpers/cli.ts';
import { listAudit } from '../../server/db/queries/audit.ts';

const fixture = (name: string) => join(import.meta.dirname, '..', 'fixtures', 'questionnaires', name);
const shipped = (name: string) => join(import.meta.dirname, '..', '..', 'content', 'questionnaires', name);

const { look } = await cliDatabase(t, 'q');

async function stored() {
  return look(async (db) => {
    const versions = await db
      .selectFrom('questionnaire_versions as v')
      .innerJoin('questionnaires as q', 'q.id', 'v.questionnaire_id')
      .select(['q.code', 'v.version'])
      .orderBy('q.code')
      .orderBy('v.version')
      .execute();
    const audits = (await listAudit(db, { action: 'questionnaire.publish' })).length;
    return { versions: versions.map((v) => `${v.code}@${v.version}`), audits };
  });
}

t.test('input that is not JSON: line and column, exit 2, nothing written', async (t) => {
  const r = await cli('questionnaire', 'import', fixture('not-json.json'));
  t.equal(r.code, 2);
  t.match(r.err, /không phải JSON hợp lệ: dòng 4, cột 3/);
  t.notMatch(r.err, /at .*\.ts:\d+/, 'no stack trace');
  t.same(await stored(), { versions: [], audits: 0 });
});

t.test('a definition with errors: every error with its path, exit 2, nothing written', async (t) => {
  const r = await cli('questionnaire', 'import', fixture('broken-sipas.json'));
  t.equal(r.code, 2);
  for (const path of [
    '$.scales.satisfaction5.satisfied[1]',
    '$.elements[0].criteria[2].code',
    '$.elements[1].criteria[0].vi',
    '$.background[1].optinal',
    '$.comment.askWhen.question',
  ]) {
    t.ok(r.err.includes(`  ${path}: `), `lists ${path}`);
  }
  t.match(r.err, /có 15 lỗi; chưa có gì được ghi vào cơ sở dữ liệu/);
  t.equal(r.out, '');

  const en = await cli('questionnaire', 'import', fixture('broken-quick.json'), '--lang', 'en');
  t.equal(en.code, 2);
  t.match(en.err, /has 10 errors; nothing was written/);
  t.same(await stored(), { versions: [], audits: 0 });
});

t.test('usage mistakes exit 2', async (t) => {
  t.match(await cli('questionnaire', 'import'), { code: 2, err: /Cần đúng một tệp JSON/ });
  t.match(await cli('questionnaire', 'import', fixture('no-such-file.json')), { code: 2, err: /Không đọc được tệp .*ENOENT/ });
  t.match(await cli('questionnaire', 'import', shipped('counter-quick.json'), '--index-rule', 'criterion-mean'), {
    code: 2,
    err: /không dùng được cho bộ câu hỏi này; có thể chọn: single-question, mean-score/,
  });
  t.match(await cli('questionnaire', 'import', shipped('counter-quick.json'), '--bogus'), { code: 2 });
  t.same(await stored(), { versions: [], audits: 0 });
});

t.test('--dry-run validates and writes nothing', async (t) => {
  const r = await cli('questionnaire', 'import', fixture('counter-quick-v2.json'), '--dry-run');
  t.equal(r.code, 0);
  t.match(r.out, /Hợp lệ: counter-quick .*3 câu hỏi, quy tắc tính chỉ số single-question/);
  t.same(await stored(), { versions: [], audits: 0 });
});

t.test('a valid definition is published after the built-in version 1', async (t) => {
  const r = await cli('questionnaire', 'import', fixture('counter-quick-v2.json'));
  t.equal(r.code, 0, r.err);
  t.equal(r.out, 'Đã xuất bản counter-quick phiên bản 2');
  t.same(await stored(), { versions: ['counter-quick@1', 'counter-quick@2', 'sipas-2017@1'], audits: 3 });

  const again = await cli('questionnaire', 'import', fixture('counter-quick-v2.json'), '--lang', 'en');
  t.equal(again.code, 0);
  t.equal(again.out, 'counter-quick version 2 already has exactly this content; no new version published.');
  t.same((await stored()).versions, ['counter-quick@1', 'counter-quick@2', 'sipas-2017@1']);

  const list = await cli('questionnaire', 'list', '--lang', 'en');
  t.equal(list.code, 0);
  t.match(
    list.out,
    /^counter-quick {2}latest version 2, rule single-question, published \d\d\/\d\d\/\d{4} {2}Quick satisfaction rating at the counter$/m,
  );
  t.match(list.out, /^sipas-2017 {2}latest version 1, rule criterion-mean/m);
});
