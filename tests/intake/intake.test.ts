import t from 'tap';
import { randomUUID, createHash } from 'node:crypto';
import { sql } from 'kysely';
import { freshDatabase } from '../helpers/database.ts';
import { insertAgency } from '../../server/db/queries/agencies.ts';
import { insertServicePoint } from '../../server/db/queries/service-points.ts';
import { ensureBuiltInQuestionnaires } from '../../server/db/queries/questionnaires.ts';
import { SubmissionQueue } from '../../server/db/group-commit.ts';
import { intake, type IntakeRequest } from '../../server/intake/intake.ts';

t.test('intake stores once, tells replays from conflicts, claims dossiers once, keeps scope', async (t) => {
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
  const d = await insertAgency(db, {
    code: 'D',
    parentId: p.id,
    nameVi: 'Sở D',
    nameEn: null,
    kind: 'department',
    validFrom: null,
    validTo: null,
  });
  const other = await insertAgency(db, {
    code: 'Q',
    parentId: null,
    nameVi: 'Tỉnh Q',
    nameEn: null,
    kind: 'province',
    validFrom: null,
    validTo: null,
  });
  await insertServicePoint(db, { code: 'SP-D', agencyId: d.id, nameVi: 'Quầy D', nameEn: null });
  void other;
  const queue = new SubmissionQueue(db, { maxBatch: 100, parallel: 2 });

  const base = (over: Partial<IntakeRequest> = {}): IntakeRequest => ({
    id: randomUUID(),
    questionnaireCode: 'counter-quick',
    version: 1,
    servicePointCode: 'SP-D',
    channel: 'api',
    submittedAt: new Date(Date.now() - 60_000),
    locale: 'vi',
    answers: { 'Q.OVERALL': 4 },
    completeness: 'lenient',
    ...over,
  });

  const first = base();
  const r1 = await intake(db, queue, first);
  t.same(r1.ok && r1.outcome, 'created');
  const r2 = await intake(db, queue, { ...first });
  t.same(r2.ok && r2.outcome, 'replayed');
  const r3 = await intake(db, queue, { ...first, answers: { 'Q.OVERALL': 1 } });
  t.same(r3.ok && r3.outcome, 'conflict');

  // Fifty concurrent sends of one id: one row, the rest replays.
  const same = base();
  const results = await Promise.all(Array.from({ length: 50 }, () => intake(db, queue, { ...same })));
  const outcomes = results.map((r) => (r.ok ? r.outcome : 'error'));
  t.equal(outcomes.filter((o) => o === 'created').length, 1);
  t.equal(outcomes.filter((o) => o === 'replayed').length, 49);

  // A hundred different responses at once all land.
  const many = await Promise.all(Array.from({ length: 100 }, () => intake(db, queue, base())));
  t.equal(many.filter((r) => r.ok && r.outcome === 'created').length, 100);
  const count = await sql<{ n: number }>`select count(*) as n from responses`.execute(db);
  t.equal(count.rows[0]!.n, 102);

  // One dossier answers once.
  const dossierHash = createHash('sha256').update('HS-001').digest('hex');
  const a = await intake(db, queue, base({ dossierHash }));
  const b = await intake(db, queue, base({ dossierHash }));
  t.same([a.ok && a.outcome, b.ok && b.outcome], ['created', 'dossier-used']);

  // Scope: a token of province Q cannot submit for P's service point.
  const out = await intake(db, queue, base({ scopePath: `/${other.id}/` }));
  t.same(out.ok ? null : [out.status, out.problems[0]!.code], [403, 'out-of-scope']);
  const inside = await intake(db, queue, base({ scopePath: p.path }));
  t.ok(inside.ok);

  // Bad input: future date, unknown question, not applicable reason; nothing stored.
  const before = (await sql<{ n: number }>`select count(*) as n from responses`.execute(db)).rows[0]!.n;
  const bad = await intake(
    db,
    queue,
    base({ submittedAt: new Date(Date.now() + 3600_000), answers: { 'Q.OVERALL': 4, 'Q.REASON': ['late'], X: 1 } }),
  );
  t.notOk(bad.ok);
  if (!bad.ok)
    t.same(bad.problems.map((p) => `${p.field}:${p.code}`).sort(), [
      'answers.Q.REASON:not-applicable',
      'answers.X:unknown-question',
      'submitted_at:in-future',
    ]);
  const after = (await sql<{ n: number }>`select count(*) as n from responses`.execute(db)).rows[0]!.n;
  t.equal(after, before);

  // Implausibly fast and honeypot answers are kept, flagged.
  const fast = await intake(db, queue, base({ channel: 'online', startedAt: new Date(Date.now() - 60_500), honeypot: true }));
  t.same(fast.ok && fast.flagged, ['honeypot', 'too-fast']);
  const row = await db
    .selectFrom('responses')
    .select(['status', 'status_reason'])
    .where('id', '=', fast.ok ? fast.id : '')
    .executeTakeFirstOrThrow();
  t.same(row, { status: 'flagged', status_reason: 'honeypot,too-fast' });
  await queue.drained();
});
