// Issue 11, finding 3: a submit token claimed "channel":"paper" (exempt from the late rule) and
// moved a year's published figure with 100 responses dated 2025-06-15; dates in 1900 went in too.
// Now a token cannot claim paper, the late rule applies to every channel a token may claim, a
// response dated before its version existed is refused, and a year closed after the annual report
// keeps its figure: responses into it are stored flagged 'closed-period' (for the flag review).
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import t from 'tap';
import { SubmissionQueue } from '../../server/db/group-commit.ts';
import { publishQuestionnaireVersion } from '../../server/db/queries/questionnaires.ts';
import { parseQuestionnaire } from '../../server/domain/questionnaire.ts';
import { localDay } from '../../server/i18n/format.ts';
import { intake } from '../../server/intake/intake.ts';
import { listAudit } from '../../server/db/queries/audit.ts';
import { createApiToken } from '../../server/db/queries/api-tokens.ts';
import { closePeriod, isClosedPeriod, reopenPeriod } from '../../server/db/queries/closed-periods.ts';
import { forgetLookups } from '../../server/db/lookup-cache.ts';
import { apiWorld, sipasResponse } from '../api/setup.ts';

const world = await apiWorld();
const { app, database, tokens, tree } = world;
const db = database.db;
t.teardown(() => app.close());
const read = (await createApiToken(db, { name: 'reader', agencyId: tree.p1.id, scope: 'read' })).token;

const post = (body: unknown) =>
  app.inject({
    method: 'POST',
    url: '/api/v1/responses',
    headers: { authorization: `Bearer ${tokens.submit}`, 'content-type': 'application/json' },
    payload: JSON.stringify(body),
  });
const batch = (responses: unknown[]) =>
  app.inject({
    method: 'POST',
    url: '/api/v1/responses/batch',
    headers: { authorization: `Bearer ${tokens.submit}`, 'content-type': 'application/json' },
    payload: JSON.stringify({ responses }),
  });
const JUNE_2025 = '2025-06-15T09:00:00+07:00';
/** A response every satisfaction answer of which is "very dissatisfied": the kind that moves a figure. */
const unhappy = (over: Record<string, unknown> = {}) => {
  const r = sipasResponse(over);
  const answers = r['answers'] as Record<string, unknown>;
  for (const k of Object.keys(answers)) if (typeof answers[k] === 'number' && /^E\d\.\d+$|^E\d\.S$|^OVERALL$/.test(k)) answers[k] = 1;
  return r;
};
const overall2025 = async () => {
  await app.results.flush();
  const res = await app.inject({
    url: '/api/v1/results?agency=P1&from=2025-01-01&to=2025-12-31&questionnaire=sipas-2017',
    headers: { authorization: `Bearer ${read}` },
  });
  if (res.statusCode !== 200) throw new Error(`results: ${res.statusCode} ${res.body}`);
  return res.json() as { responses: number; overall: { share: number | null; n: number } };
};

t.test('a token cannot claim paper, even for one response of a batch', async (t) => {
  const res = await post(sipasResponse({ channel: 'paper', submitted_at: JUNE_2025 }));
  t.equal(res.statusCode, 422);
  t.match(res.json().errors, [{ path: 'channel', code: 'channel-not-allowed' }]);
  const b = await batch([sipasResponse({ channel: 'paper' }), sipasResponse()]);
  t.same(
    b.json().results.map((r: { status: number }) => r.status),
    [422, 201],
  );
});

t.test('100 responses dated 2025-06-15 from a token: stored flagged late, the 2025 figure unchanged', async (t) => {
  // A little honest 2025 data first, sent in time (received then).
  const honest = [];
  for (let i = 0; i < 20; i++) honest.push(sipasResponse({ submitted_at: JUNE_2025 }));
  const queue = new SubmissionQueue(db);
  for (const r of honest) {
    const result = await intake(
      db,
      queue,
      {
        id: r['id'] as string,
        questionnaireCode: 'sipas-2017',
        version: 1,
        servicePointCode: 'SP-XA',
        channel: 'api',
        submittedAt: new Date(JUNE_2025),
        locale: 'vi',
        answers: r['answers'],
        comment: null,
        completeness: 'lenient',
      },
      new Date('2025-06-15T10:00:00+07:00'),
    );
    t.ok(result.ok, 'stored when it arrived in time');
  }
  const before = await overall2025();
  t.equal(before.responses, 20);

  for (const channel of ['api', 'kiosk', 'online']) {
    const res = await post(unhappy({ channel, submitted_at: JUNE_2025 }));
    t.equal(res.statusCode, 201, `${channel}: stored`);
    t.same(res.json().flagged, ['late'], `${channel}: flagged late`);
  }
  const attack = Array.from({ length: 97 }, () => unhappy({ submitted_at: JUNE_2025 }));
  const b = await batch(attack);
  t.ok(
    b.json().results.every((r: { status: number; flagged: string[] }) => r.status === 201 && r.flagged.includes('late')),
    'every one stored and flagged late',
  );
  const after = await overall2025();
  t.equal(after.responses, before.responses, 'no flagged response is counted');
  t.equal(after.overall.share, before.overall.share, 'the 2025 figure did not move');
});

t.test('a date before the questionnaire version existed is refused', async (t) => {
  const old = await post(sipasResponse({ submitted_at: '1900-01-01T00:00:00+07:00' }));
  t.equal(old.statusCode, 422);
  t.match(old.json().errors, [{ path: 'submitted_at', code: 'before-version' }]);
  t.match(old.json().errors[0].message, /1900-01-01.*2019-01-01/);

  // A version published now (as on a fresh installation): June 2025 is before it.
  const definition = JSON.parse(readFileSync(new URL('../fixtures/questionnaires/counter-quick-v2.json', import.meta.url), 'utf8'));
  const parsed = parseQuestionnaire(definition);
  if (!parsed.ok) throw new Error('fixture');
  const published = await publishQuestionnaireVersion(db, parsed.definition, { actorLabel: 'test' });
  const quick = (submitted_at: string) => ({
    id: randomUUID(),
    questionnaire: 'counter-quick',
    version: published.version,
    service_point: 'SP-XA',
    submitted_at,
    answers: { 'Q.OVERALL': 4 },
  });
  const res = await post(quick(JUNE_2025));
  t.equal(res.statusCode, 422);
  t.match(res.json().errors, [{ path: 'submitted_at', code: 'before-version' }]);
  const hourAgo = await post(quick(new Date(Date.now() - 3600_000).toISOString()));
  t.equal(hourAgo.statusCode, 201, 'an hour before the publication is within the day of grace');
});

t.test('a closed year: responses into it are stored flagged closed-period, audited close and reopen', async (t) => {
  t.ok(await closePeriod(db, tree.p1.id, 2025, { label: 'test' }), 'closed');
  t.notOk(await closePeriod(db, tree.p1.id, 2025, { label: 'test' }), 'closing twice changes nothing');
  t.ok(await isClosedPeriod(db, tree.c1.path, 2025), 'closed for the commune below the province too');
  t.notOk(await isClosedPeriod(db, tree.p2.path, 2025), 'not for the other province');
  t.notOk(await isClosedPeriod(db, tree.c1.path, 2026), 'nor for another year');

  const closedLate = await post(sipasResponse({ submitted_at: '2025-12-31T23:30:00+07:00' }));
  t.equal(closedLate.statusCode, 201);
  t.ok(closedLate.json().flagged.includes('closed-period'), 'the last half hour of 2025 in Viet Nam is 2025');
  const row = await db
    .selectFrom('responses')
    .select(['status', 'status_reason'])
    .where('id', '=', closedLate.json().id)
    .executeTakeFirstOrThrow();
  t.same(row, { status: 'flagged', status_reason: 'late,closed-period' }, 'the stable reason code, stored');
  const newYear = await post(sipasResponse({ submitted_at: '2026-01-01T00:30:00+07:00' }));
  t.notOk(newYear.json().flagged.includes('closed-period'), 'the first half hour of 2026 is not closed');
  const close = (await listAudit(db, { action: 'period.close' }))[0]!;
  t.match(close, {
    agency_id: tree.p1.id,
    actor_label: 'test',
    details: { year: 2025, before: { closed: false }, after: { closed: true } },
  });
  // A year still running may be closed too (a province that reports early): a fresh rating into it.
  await closePeriod(db, tree.p1.id, Number(localDay(new Date()).slice(0, 4)), { label: 'test' });
  forgetLookups();
  const fresh = await post(sipasResponse());
  t.same(fresh.json().flagged, ['closed-period'], 'a response of today into a closed year: that flag alone');
  t.ok(await reopenPeriod(db, tree.p1.id, 2025, { label: 'test' }));
  t.match((await listAudit(db, { action: 'period.reopen' }))[0], {
    details: { year: 2025, before: { closed: true }, after: { closed: false } },
  });
  forgetLookups();
  const reopened = await post(sipasResponse({ submitted_at: '2025-12-31T23:30:00+07:00' }));
  t.same(reopened.json().flagged, ['late'], 'after reopening, only late');
  await reopenPeriod(db, tree.p1.id, Number(localDay(new Date()).slice(0, 4)), { label: 'test' });
});

t.test('the closed periods page: a coordinator closes and reopens a year; errors keep the answer', async (t) => {
  const { createUser, formToken, postForm, signIn } = await import('../helpers/staff.ts');
  const coordinator = await createUser(db, { email: 'dieu-phoi@p1.gov.vn', role: 'coordinator', agencyId: tree.p1.id });
  const session = await signIn(app, coordinator.email, coordinator.password);
  const page = await formToken(app, '/admin/closed-periods', session.cookies);
  const bad = await postForm(app, '/admin/closed-periods', page.cookies, { _csrf: page.csrf, year: '20x4' });
  t.equal(bad.statusCode, 422);
  t.match(bad.body, /<a href="#year">Nhập năm gồm 4 chữ số/, 'the error summary links to the field');
  t.match(bad.body, /value="20x4"/, 'the answer is kept');
  const future = await postForm(app, '/admin/closed-periods', page.cookies, { _csrf: page.csrf, year: '2999' });
  t.equal(future.statusCode, 422, 'a future year is refused');

  const ok = await postForm(app, '/admin/closed-periods', page.cookies, { _csrf: page.csrf, year: '2024' });
  t.equal(ok.statusCode, 303);
  t.equal(ok.headers.location, '/admin/closed-periods?done=closed&year=2024');
  const list = await app.inject({ url: ok.headers.location, cookies: page.cookies });
  t.match(list.body, /Đã chốt năm 2024/);
  t.match(list.body, /dieu-phoi@p1\.gov\.vn/, 'who closed it');
  const again = await postForm(app, '/admin/closed-periods', page.cookies, { _csrf: page.csrf, year: '2024' });
  t.equal(again.statusCode, 422, 'closing it twice is an error on the field');
  const audit = (await listAudit(db, { action: 'period.close' }))[0]!;
  t.match(audit, { actor_user_id: coordinator.id, agency_id: tree.p1.id, details: { year: 2024 } });

  const reopen = await postForm(app, '/admin/closed-periods/reopen', page.cookies, { _csrf: page.csrf, agency: 'P1', year: '2024' });
  t.equal(reopen.statusCode, 303);
  t.notOk(await isClosedPeriod(db, tree.p1.path, 2024));
  const en = await app.inject({ url: '/admin/closed-periods', cookies: { ...page.cookies, lang: 'en' } });
  t.match(en.body, /Closed periods/);
});
