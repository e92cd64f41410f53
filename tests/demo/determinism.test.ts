// The same seed gives the same demo: same rows from the generator, same counts in two databases.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { parseQuestionnaire, questionList, type QuestionnaireDefinition } from '../../server/domain/questionnaire.ts';
import { createDemo } from '../../server/demo/create.ts';
import { DEMO_UNITS } from '../../server/demo/province.ts';
import { planResponses, type ResponsePlan } from '../../server/demo/responses.ts';
import { Random } from '../../server/demo/random.ts';
import { freshDatabase } from '../helpers/database.ts';

const NOW = new Date('2026-11-20T03:00:00Z');

function definition(name: string): QuestionnaireDefinition {
  const parsed = parseQuestionnaire(
    JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'content', 'questionnaires', `${name}.json`), 'utf8')),
  );
  if (!parsed.ok) throw new Error(`${name} does not parse`);
  return parsed.definition;
}

function plan(seed: string): ResponsePlan {
  let id = 1;
  return {
    seed,
    now: NOW,
    months: 24,
    total: 600,
    sipas: { versionId: 1, campaignId: 1, items: questionList(definition('sipas-2017')) },
    quick: { versionId: 2, campaignId: 2, items: questionList(definition('counter-quick')) },
    units: DEMO_UNITS.map((unit) => ({
      unit,
      agencyId: id++,
      provinceId: 1,
      servicePoints: unit.servicePoints.map((sp) => ({
        id: id++,
        code: sp.code,
        weight: sp.weight,
        offset: sp.offset ?? 0,
        fields: sp.fields ?? unit.fields,
      })),
    })),
  };
}

t.test('the generator is a function of its seed', async (t) => {
  const a = planResponses(plan('one'));
  t.same(planResponses(plan('one')), a, 'same seed, same rows');
  const b = planResponses(plan('two'));
  t.equal(b.length, a.length);
  t.notSame(
    b.map((r) => r.id),
    a.map((r) => r.id),
    'another seed, other rows',
  );
  t.ok(
    a.every((r) => /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(r.id)),
    'ids are version-4 uuids',
  );
  t.equal(new Set(a.map((r) => r.id)).size, a.length, 'ids are distinct');
});

t.test('the random source is seeded and uniform enough', async (t) => {
  const x = new Random('s');
  const y = new Random('s');
  const xs = Array.from({ length: 1000 }, () => x.next());
  t.same(
    Array.from({ length: 1000 }, () => y.next()),
    xs,
  );
  t.ok(xs.every((v) => v >= 0 && v < 1));
  const mean = xs.reduce((p, v) => p + v, 0) / xs.length;
  t.ok(Math.abs(mean - 0.5) < 0.05, `mean ${mean}`);
});

t.test('two databases, same seed, same demo', async (t) => {
  const counts = async () => {
    const database = await freshDatabase();
    try {
      await createDemo(database.db, { responses: 400, now: NOW, seed: 'same' });
      const rows = await database.db
        .selectFrom('responses as r')
        .innerJoin('agencies as a', 'a.id', 'r.agency_id')
        .select(['a.code', 'r.channel', 'r.status', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy(['a.code', 'r.channel', 'r.status'])
        .orderBy('a.code')
        .orderBy('r.channel')
        .orderBy('r.status')
        .execute();
      const ids = await database.db.selectFrom('responses').select(['id', 'content_hash']).orderBy('id').execute();
      return { rows: rows.map((r) => ({ ...r, n: Number(r.n) })), ids };
    } finally {
      await database.close();
    }
  };
  const first = await counts();
  const second = await counts();
  t.equal(first.ids.length, 400);
  t.same(second.rows, first.rows, 'same counts by agency, channel and status');
  t.same(second.ids, first.ids, 'same ids and content hashes');
});
