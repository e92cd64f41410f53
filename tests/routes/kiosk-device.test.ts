// The kiosk as a device sees the server: pairing once with a code that expires, the shell, its
// configuration, ratings stored exactly once (replays, conflicts, future dates, late and burst
// flags), heartbeats, and revocation taking effect at the very next request.
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import t from 'tap';
import { listAudit } from '../../server/db/queries/audit.ts';
import { registerKiosk, revokeKiosk, setKioskMinInterval } from '../../server/db/queries/kiosks.ts';
import { ensureBuiltInQuestionnaires, findQuestionnaireVersion } from '../../server/db/queries/questionnaires.ts';
import { insertServicePoint } from '../../server/db/queries/service-points.ts';
import { hashDeviceSecret } from '../../server/domain/kiosk-pairing.ts';
import { buildTestApp } from '../helpers/app.ts';
import { pairDevice, postJson, rating } from '../helpers/kiosk.ts';
import { staffTree } from '../helpers/staff.ts';
import { backdateVersions } from '../helpers/versions.ts';

const { app, database } = await buildTestApp();
t.teardown(() => app.close());
const db = database.db;
const tree = await staffTree(db);
// Ratings here go back 31 days: the versions they answer were published long before.
await ensureBuiltInQuestionnaires(db);
await backdateVersions(db);
const point = await insertServicePoint(db, {
  code: 'P1-XA-MC',
  agencyId: tree.c1.id,
  nameVi: 'Bộ phận một cửa xã',
  nameEn: 'Commune one-stop desk',
});

const ago = (ms: number) => new Date(Date.now() - ms);
const countResponses = async () => Number((await sql<{ n: string }>`select count(*) as n from responses`.execute(db)).rows[0]!.n);

t.test('a pairing code works once, sets an HttpOnly device cookie, and expires after 15 minutes', async (t) => {
  const { kioskId, code, expiresAt } = await registerKiosk(db, { servicePointId: point.id, name: 'Quầy 1', actorLabel: 'test' });
  t.match(code, /^[A-HJKMNP-Z2-9]{5}-[A-HJKMNP-Z2-9]{5}$/);
  t.ok(Math.abs(expiresAt.getTime() - Date.now() - 15 * 60_000) < 5000, 'valid 15 minutes');
  const stored = await db.selectFrom('kiosks').selectAll().where('id', '=', kioskId).executeTakeFirstOrThrow();
  t.not(stored.pairing_code_hash, null);
  t.notOk(JSON.stringify(stored).includes(code.replace('-', '')), 'the code is stored hashed only');

  const res = await app.inject({ url: `/kiosk/pair/${code}` });
  t.equal(res.statusCode, 303);
  t.equal(res.headers.location, '/kiosk');
  const cookie = (
    res.cookies as { name: string; value: string; httpOnly?: boolean; sameSite?: string; path?: string; maxAge?: number }[]
  ).find((c) => c.name === 'hl_kiosk');
  t.ok(cookie, 'the device cookie is set');
  t.equal(cookie!.httpOnly, true, 'HttpOnly');
  t.equal(cookie!.sameSite, 'Strict');
  t.equal(cookie!.path, '/kiosk');
  t.ok(cookie!.maxAge! >= 5 * 365 * 24 * 3600, 'long-lived');
  t.ok(cookie!.value.length >= 43, 'at least 32 random bytes');

  const paired = await db.selectFrom('kiosks').selectAll().where('id', '=', kioskId).executeTakeFirstOrThrow();
  t.equal(paired.secret_hash, hashDeviceSecret(cookie!.value), 'the secret is stored as its hash');
  t.notOk(JSON.stringify(paired).includes(cookie!.value), 'never in clear');
  t.equal(paired.pairing_code_hash, null, 'the code is consumed');
  t.ok(paired.paired_at);
  t.match((await listAudit(db, { action: 'kiosk.pair' }))[0], { actor_label: `kiosk:${kioskId}`, agency_id: tree.c1.id });

  const again = await app.inject({ url: `/kiosk/pair/${code}` });
  t.equal(again.statusCode, 404, 'a used code is refused');
  t.match(again.body, 'Mã ghép nối không hợp lệ hoặc đã hết hạn');
  t.match(again.body, 'The pairing code is invalid or has expired', 'English beneath');
  t.notOk(
    (again.cookies as { name: string }[]).some((c) => c.name === 'hl_kiosk'),
    'and sets no cookie',
  );

  // A code past its 15 minutes: set the clock of the row back rather than wait.
  const late = await registerKiosk(db, { servicePointId: point.id, name: 'Quầy 2' });
  await db
    .updateTable('kiosks')
    .set({ pairing_expires_at: sql`now() - interval '1 second'` })
    .where('id', '=', late.kioskId)
    .execute();
  const expired = await app.inject({ url: `/kiosk/pair/${late.code}`, headers: { 'accept-language': 'en-GB,en;q=0.9' } });
  t.equal(expired.statusCode, 410, 'an expired code is gone');
  t.match(expired.body, /<html lang="en">/, 'in the browser’s language');
  t.match(expired.body, /<h1>The pairing code is invalid or has expired<\/h1>/);
  t.equal((await db.selectFrom('kiosks').select('paired_at').where('id', '=', late.kioskId).executeTakeFirstOrThrow()).paired_at, null);

  const typed = await registerKiosk(db, { servicePointId: point.id, name: 'Quầy 3' });
  t.equal(
    (await app.inject({ url: `/kiosk/pair/${typed.code.toLowerCase().replace('-', '')}` })).statusCode,
    303,
    'case and the dash do not matter',
  );
  t.equal((await app.inject({ url: '/kiosk/pair/not-a-code' })).statusCode, 404);
  t.equal((await app.inject({ url: `/kiosk/pair/${'A'.repeat(150)}` })).statusCode, 404);
});

t.test('the shell, and what an unpaired device sees', async (t) => {
  const none = await app.inject({ url: '/kiosk' });
  t.equal(none.statusCode, 401);
  t.match(none.body, /<html lang="vi">/);
  t.match(none.body, '<h1>Thiết bị chưa được ghép nối</h1>');
  t.notMatch(none.body, 'kiosk.js', 'no client script without a device');
  t.equal((await app.inject({ url: '/kiosk', cookies: { hl_kiosk: 'x'.repeat(43) } })).statusCode, 401, 'an unknown secret is no device');
  const en = await app.inject({ url: '/kiosk', headers: { 'accept-language': 'en' } });
  t.match(en.body, '<h1>This device is not paired</h1>');
  const cookieWins = await app.inject({ url: '/kiosk', headers: { 'accept-language': 'en' }, cookies: { lang: 'vi' } });
  t.match(cookieWins.body, '<h1>Thiết bị chưa được ghép nối</h1>', 'the lang cookie before Accept-Language');

  const { code } = await registerKiosk(db, { servicePointId: point.id, name: 'Quầy vỏ' });
  const device = await pairDevice(app, code);
  const shell = await app.inject({ url: '/kiosk', cookies: device, headers: { 'accept-language': 'en' } });
  t.equal(shell.statusCode, 200);
  t.match(shell.body, /<html lang="vi">/, 'the citizen screen starts in Vietnamese');
  t.match(shell.body, '<main id="kiosk" data-config-url="/kiosk/api/config"');
  t.match(shell.body, '<script type="module" src="/public/kiosk/kiosk.js"></script>');
  t.match(shell.body, '<link rel="stylesheet" href="/public/kiosk/kiosk.css">');
  t.notMatch(shell.body, /<script>|<script [^>]*>[^<]+<\/script>|style=/, 'no inline script or style');
  t.notMatch(shell.body, /Quầy vỏ|P1-XA-MC/, 'nothing specific to the device or anyone: the service worker caches it');
  t.match(shell.headers['content-security-policy'], "script-src 'self'");
  t.notOk((shell.cookies as { name: string }[]).length, 'the shell sets no cookie');
});

t.test('config, ratings stored once, and their answers', async (t) => {
  const { kioskId, code } = await registerKiosk(db, { servicePointId: point.id, name: 'Quầy đánh giá' });
  await db.updateTable('kiosks').set({ officer_name: 'Nguyễn Thị Lan' }).where('id', '=', kioskId).execute();
  const device = await pairDevice(app, code);

  t.equal((await app.inject({ url: '/kiosk/api/config' })).statusCode, 401);
  t.match((await app.inject({ url: '/kiosk/api/config' })).json(), {
    error: { code: 'HL_KIOSK_UNPAIRED', message: 'Thiết bị chưa được ghép nối.' },
  });
  const cfg = await app.inject({ url: '/kiosk/api/config', cookies: device });
  t.equal(cfg.statusCode, 200);
  t.equal(cfg.headers['cache-control'], 'no-store');
  const version = (await findQuestionnaireVersion(db, 'counter-quick'))!;
  t.same(cfg.json(), {
    kiosk: {
      id: kioskId,
      name: 'Quầy đánh giá',
      servicePoint: { code: 'P1-XA-MC', nameVi: 'Bộ phận một cửa xã', nameEn: 'Commune one-stop desk' },
      agency: { nameVi: 'Xã Một', nameEn: null },
    },
    questionnaire: { code: 'counter-quick', version: version.version, definition: version.definition },
    officer: { name: 'Nguyễn Thị Lan', photoUrl: null },
    minIntervalSeconds: 5,
    idleSeconds: 60,
    thankYouSeconds: 4,
    thankYouMaxSeconds: 10,
  });

  const r = rating(
    { answers: { 'Q.OVERALL': 1, 'Q.REASON': ['waiting', 'guidance'] }, comment: 'Chờ lâu quá', version: version.version },
    ago(120_000),
  );
  const created = await postJson(app, '/kiosk/api/ratings', device, r);
  t.equal(created.statusCode, 201, created.body);
  t.same(created.json(), { id: r.id, status: 'created', flagged: [] });
  const replay = await postJson(app, '/kiosk/api/ratings', device, r);
  t.equal(replay.statusCode, 200, 'the same rating again is a replay');
  t.match(replay.json(), { id: r.id, status: 'replayed' });
  const conflict = await postJson(app, '/kiosk/api/ratings', device, { ...r, answers: { 'Q.OVERALL': 4 } });
  t.equal(conflict.statusCode, 409, 'the same id with other answers is a conflict');
  t.match(conflict.json(), { error: { code: 'HL_CONFLICT' }, errors: [{ path: 'id', code: 'conflict' }] });

  const row = await db.selectFrom('responses').selectAll().where('id', '=', r.id).executeTakeFirstOrThrow();
  t.match(row, { channel: 'kiosk', service_point_id: point.id, agency_id: tree.c1.id, status: 'valid', locale: 'vi' });
  t.same(row.answers, { 'Q.OVERALL': 1, 'Q.REASON': ['waiting', 'guidance'] }, 'the answers hold nothing but answers');
  t.equal(row.submitted_at.toISOString(), r.submitted_at, 'the original time is kept');
  t.match(await db.selectFrom('response_comments').select('body').where('response_id', '=', r.id).executeTakeFirst(), {
    body: 'Chờ lâu quá',
  });
  t.same(
    await db.selectFrom('kiosk_ratings').select(['kiosk_id', 'officer_name', 'counted']).where('response_id', '=', r.id).execute(),
    [{ kiosk_id: kioskId, officer_name: 'Nguyễn Thị Lan', counted: true }],
    'kiosk and officer are kept apart, once',
  );

  const face = await postJson(app, '/kiosk/api/ratings', device, rating({ answers: { 'Q.OVERALL': 2 } }, ago(100_000)));
  t.equal(face.statusCode, 201, 'a sad face without reasons is still a rating');

  const before = await countResponses();
  const future = await postJson(app, '/kiosk/api/ratings', device, rating({}, new Date(Date.now() + 3600_000)));
  t.equal(future.statusCode, 422, 'a rating from the future is refused');
  t.match(future.json(), {
    error: { code: 'HL_INVALID' },
    errors: [{ path: 'submitted_at', code: 'in-future', message: 'Thời điểm trả lời nằm ở tương lai.' }],
  });
  const wrong = await postJson(app, '/kiosk/api/ratings', device, rating({ answers: { 'Q.OVERALL': 7, X: 1 } }), {
    'accept-language': 'en',
  });
  t.equal(wrong.statusCode, 422);
  t.same(
    wrong
      .json()
      .errors.map((e: { path: string; code: string }) => `${e.path}:${e.code}`)
      .sort(),
    ['answers.Q.OVERALL:not-allowed', 'answers.X:unknown-question'],
  );
  t.match(wrong.json().errors[0].message, /^[A-Z][a-z]/, 'messages follow Accept-Language');
  const empty = await postJson(app, '/kiosk/api/ratings', device, rating({ answers: {} }));
  t.equal(empty.statusCode, 422, 'an empty rating is refused');
  const shapeless = await postJson(app, '/kiosk/api/ratings', device, { id: 'nope', submitted_at: 'yesterday', answers: [] });
  t.equal(shapeless.statusCode, 422);
  t.same(
    shapeless
      .json()
      .errors.map((e: { path: string; code: string }) => `${e.path}:${e.code}`)
      .sort(),
    ['answers:invalid-type', 'id:invalid-uuid', 'submitted_at:invalid-date'],
  );
  const extra = await postJson(app, '/kiosk/api/ratings', device, rating({ clientVersion: '9.9', staffNote: 'x' }));
  t.equal(extra.statusCode, 201, 'unknown extra fields are ignored, never a reason to reject a queued rating');

  const form = await app.inject({
    method: 'POST',
    url: '/kiosk/api/ratings',
    cookies: device,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'id=1',
  });
  t.equal(form.statusCode, 415, 'JSON only');
  t.match(form.json(), { error: { code: 'HL_JSON_ONLY' } });
  const bodyless = await app.inject({ method: 'POST', url: '/kiosk/api/ratings', cookies: device });
  t.equal(bodyless.statusCode, 415);
  const broken = await app.inject({
    method: 'POST',
    url: '/kiosk/api/ratings',
    cookies: device,
    headers: { 'content-type': 'application/json' },
    payload: '{"id":',
  });
  t.equal(broken.statusCode, 400, 'malformed JSON');
  t.match(broken.json(), { error: { status: 400 } });
  const unpaired = await postJson(app, '/kiosk/api/ratings', null, rating());
  t.equal(unpaired.statusCode, 401);
  t.match(unpaired.json(), { error: { code: 'HL_KIOSK_UNPAIRED' } });
  t.equal(await countResponses(), before + 1, 'nothing refused was stored (the one with extra fields was)');
  t.equal(
    (await app.inject({ url: '/kiosk/api/nothing-here', cookies: device })).json().error.status,
    404,
    'an unknown API address is a JSON 404',
  );
});

t.test('ratings inside the minimum interval are kept but flagged burst; old ones are flagged late', async (t) => {
  const { kioskId, code } = await registerKiosk(db, { servicePointId: point.id, name: 'Quầy nhanh tay' });
  const device = await pairDevice(app, code);
  const t0 = ago(10 * 60_000).getTime();
  const at = (s: number) => new Date(t0 + s * 1000);
  const send = async (s: number) => {
    const r = rating({}, at(s));
    const res = await postJson(app, '/kiosk/api/ratings', device, r);
    t.equal(res.statusCode, 201, `rating at +${s}s stored`);
    return { id: r.id, flagged: res.json().flagged as string[] };
  };
  const first = await send(0);
  const second = await send(2);
  const third = await send(4);
  const fourth = await send(6);
  t.same(
    [first.flagged, second.flagged, third.flagged, fourth.flagged],
    [[], ['burst'], ['burst'], []],
    'the interval runs from the last counted rating',
  );
  const row = await db.selectFrom('responses').select(['status', 'status_reason']).where('id', '=', second.id).executeTakeFirstOrThrow();
  t.same(row, { status: 'flagged', status_reason: 'burst' }, 'kept, flagged, out of the indices');
  const counted = await db
    .selectFrom('kiosk_ratings')
    .select(['response_id', 'counted'])
    .where('kiosk_id', '=', kioskId)
    .orderBy('submitted_at')
    .execute();
  t.same(
    counted.map((c) => c.counted),
    [true, false, false, true],
  );

  // A queue may deliver an earlier tap after a later one: it is still inside the later one's interval.
  const earlier = await send(-3);
  t.same(earlier.flagged, ['burst']);
  // A resend of a counted rating does not collide with itself.
  const resend = await postJson(app, '/kiosk/api/ratings', device, { ...rating({}, at(0)), id: first.id });
  t.equal(resend.statusCode, 200);

  // Another kiosk's taps are its own business.
  const other = await registerKiosk(db, { servicePointId: point.id, name: 'Quầy bên cạnh' });
  const otherDevice = await pairDevice(app, other.code);
  const beside = await postJson(app, '/kiosk/api/ratings', otherDevice, rating({}, at(1)));
  t.same(beside.json().flagged, []);

  // The interval is a per-kiosk setting; 0 turns it off.
  await setKioskMinInterval(db, kioskId, 0);
  t.same((await send(5)).flagged, [], 'no interval, no burst');
  await setKioskMinInterval(db, kioskId, 30);
  t.same((await send(20)).flagged, ['burst'], 'a longer interval catches more');

  // Concurrent taps of one device are decided one after another: exactly one of them counts.
  await setKioskMinInterval(db, kioskId, 5);
  const burst = await Promise.all([100, 101, 102, 103].map((s) => postJson(app, '/kiosk/api/ratings', device, rating({}, at(s)))));
  t.same(
    burst.map((r) => r.statusCode),
    [201, 201, 201, 201],
  );
  t.equal(burst.filter((r) => r.json().flagged.length === 0).length, 1, 'one counted, the rest bursts');

  const old = await postJson(app, '/kiosk/api/ratings', device, rating({}, ago(31 * 24 * 3600_000)));
  t.equal(old.statusCode, 201, 'a rating 31 days old is accepted');
  t.same(old.json().flagged, ['late']);
  const lateRow = await db
    .selectFrom('responses')
    .select(['status', 'status_reason', 'submitted_at'])
    .where('id', '=', old.json().id)
    .executeTakeFirstOrThrow();
  t.match(lateRow, { status: 'flagged', status_reason: 'late' });
  const recent = await postJson(app, '/kiosk/api/ratings', device, rating({}, ago(29 * 24 * 3600_000)));
  t.same(recent.json().flagged, [], '29 days old is not late');
});

t.test('heartbeats, then revocation stops the device at its next request', async (t) => {
  const { kioskId, code } = await registerKiosk(db, { servicePointId: point.id, name: 'Quầy sắp thu hồi' });
  const device = await pairDevice(app, code);

  const beat = await postJson(app, '/kiosk/api/heartbeat', device, { appVersion: '1.4.2', queueLength: 17 });
  t.equal(beat.statusCode, 200);
  t.same(beat.json(), { ok: true });
  const row = await db
    .selectFrom('kiosks')
    .select(['last_seen_at', 'app_version', 'queue_length'])
    .where('id', '=', kioskId)
    .executeTakeFirstOrThrow();
  t.match(row, { app_version: '1.4.2', queue_length: 17 });
  t.ok(row.last_seen_at && Date.now() - row.last_seen_at.getTime() < 60_000, 'last seen now');
  t.equal((await postJson(app, '/kiosk/api/heartbeat', device, { appVersion: '1', queueLength: -1 })).statusCode, 422);
  t.equal((await postJson(app, '/kiosk/api/heartbeat', null, { appVersion: '1', queueLength: 0 })).statusCode, 401);

  t.ok(await revokeKiosk(db, kioskId));
  t.notOk(await revokeKiosk(db, kioskId), 'revoking twice changes nothing');

  const cfg = await app.inject({ url: '/kiosk/api/config', cookies: device });
  t.equal(cfg.statusCode, 403);
  t.same(cfg.json(), { error: { status: 403, code: 'HL_KIOSK_REVOKED', message: 'Thiết bị đã bị thu hồi' } });
  const cfgEn = await app.inject({ url: '/kiosk/api/config', cookies: device, headers: { 'accept-language': 'en-US' } });
  t.equal(cfgEn.json().error.message, 'This device has been revoked', 'English by Accept-Language');
  const cfgCookie = await app.inject({ url: '/kiosk/api/config', cookies: { ...device, lang: 'en' } });
  t.equal(cfgCookie.json().error.message, 'This device has been revoked', 'English by the lang cookie');

  const before = await countResponses();
  const refused = await postJson(app, '/kiosk/api/ratings', device, rating());
  t.equal(refused.statusCode, 403);
  t.match(refused.json(), { error: { code: 'HL_KIOSK_REVOKED' } });
  t.equal(await countResponses(), before, 'a revoked device stores nothing');
  t.equal((await postJson(app, '/kiosk/api/heartbeat', device, { appVersion: '1.4.2', queueLength: 18 })).statusCode, 403);

  const page = await app.inject({ url: '/kiosk', cookies: device });
  t.equal(page.statusCode, 403);
  t.match(page.body, '<h1>Thiết bị đã bị thu hồi</h1>');
  t.notMatch(page.body, 'kiosk.js');
});

t.test('the service worker is served from /kiosk with a scope that covers the shell', async (t) => {
  const res = await app.inject({ url: '/kiosk/sw.js' });
  t.equal(res.statusCode, 200);
  t.match(res.headers['content-type'], /^application\/javascript/);
  t.equal(res.headers['service-worker-allowed'], '/kiosk');
  t.equal(res.headers['cache-control'], 'no-cache');
  t.equal(res.body, readFileSync(new URL('../../public/kiosk/sw.js', import.meta.url), 'utf8'), 'the client’s worker, as written');
});
