// Kiosk queries on both databases: a pairing code pairs exactly one device however many open it at
// once, the nearest counted rating of a kiosk, an idempotent rating link, and lists scoped to a
// subtree.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import t from 'tap';
import { consumePairingCode, issuePairingCode } from '../../server/db/queries/kiosk-pairing.ts';
import { findKioskBySecretHash } from '../../server/db/queries/kiosk-devices.ts';
import { linkRating, nearestCountedRating } from '../../server/db/queries/kiosk-ratings.ts';
import { listKiosksInSubtree, registerKiosk, revokeKiosk } from '../../server/db/queries/kiosks.ts';
import { insertServicePoint } from '../../server/db/queries/service-points.ts';
import { burstWindow } from '../../server/domain/kiosk-interval.ts';
import { generateDeviceSecret, hashDeviceSecret, hashPairingCode, normalisePairingCode } from '../../server/domain/kiosk-pairing.ts';
import { freshDatabase } from '../helpers/database.ts';
import { staffTree } from '../helpers/staff.ts';

const database = await freshDatabase();
t.teardown(() => database.close());
const db = database.db;
const tree = await staffTree(db);
const sp1 = await insertServicePoint(db, { code: 'SP-C1', agencyId: tree.c1.id, nameVi: 'Quầy xã', nameEn: null });
const sp2 = await insertServicePoint(db, { code: 'SP-D2', agencyId: tree.d2.id, nameVi: 'Quầy tỉnh hai', nameEn: null });
const hashOf = (code: string) => hashPairingCode(normalisePairingCode(code)!);

t.test('one code, many devices at once: exactly one is paired', async (t) => {
  const { kioskId, code } = await registerKiosk(db, { servicePointId: sp1.id, name: 'K1' });
  const secrets = Array.from({ length: 8 }, () => generateDeviceSecret());
  const outcomes = await Promise.all(secrets.map((s) => consumePairingCode(db, hashOf(code), hashDeviceSecret(s), new Date())));
  const winners = outcomes.filter((o) => o.ok);
  t.equal(winners.length, 1, 'one device won');
  t.same(
    outcomes.filter((o) => !o.ok).map((o) => !o.ok && o.reason),
    Array(7).fill('unknown'),
    'the code is gone for the others',
  );
  const winner = secrets[outcomes.findIndex((o) => o.ok)]!;
  t.match(await findKioskBySecretHash(db, hashDeviceSecret(winner)), {
    id: kioskId,
    name: 'K1',
    servicePoint: { code: 'SP-C1' },
    questionnaireCode: 'counter-quick',
    minIntervalSeconds: 5,
  });
  for (const s of secrets.filter((s) => s !== winner)) t.equal(await findKioskBySecretHash(db, hashDeviceSecret(s)), undefined);

  // A new code pairs a replacement device and retires the old one.
  const next = (await issuePairingCode(db, kioskId))!;
  const replacement = generateDeviceSecret();
  t.match(await consumePairingCode(db, hashOf(next.code), hashDeviceSecret(replacement), new Date()), { ok: true, kioskId });
  t.equal(await findKioskBySecretHash(db, hashDeviceSecret(winner)), undefined, 'the old device is no longer known');
  t.ok(await findKioskBySecretHash(db, hashDeviceSecret(replacement)));

  // Expired and revoked codes.
  const later = (await issuePairingCode(db, kioskId, new Date(Date.now() - 16 * 60_000)))!;
  t.same(await consumePairingCode(db, hashOf(later.code), hashDeviceSecret(generateDeviceSecret()), new Date()), {
    ok: false,
    reason: 'expired',
  });
  const lastCode = (await issuePairingCode(db, kioskId))!;
  t.ok(await revokeKiosk(db, kioskId));
  t.same(
    await consumePairingCode(db, hashOf(lastCode.code), hashDeviceSecret(generateDeviceSecret()), new Date()),
    { ok: false, reason: 'unknown' },
    'revoking drops the pending code',
  );
  t.equal(await issuePairingCode(db, kioskId), undefined, 'a revoked kiosk gets no code');
  t.ok((await findKioskBySecretHash(db, hashDeviceSecret(replacement)))?.revokedAt, 'the device is known, and known to be revoked');
});

t.test('the nearest counted rating and the rating link', async (t) => {
  const { kioskId } = await registerKiosk(db, { servicePointId: sp1.id, name: 'K2' });
  const version = await db.selectFrom('questionnaire_versions').select('id').orderBy('id').executeTakeFirstOrThrow();
  const t0 = Date.parse('2026-03-02T01:00:00Z');
  const at = (s: number) => new Date(t0 + s * 1000);
  async function stored(s: number, counted: boolean): Promise<string> {
    const id = randomUUID();
    await db
      .insertInto('responses')
      .values({
        id,
        questionnaire_version_id: version.id,
        agency_id: tree.c1.id,
        service_point_id: sp1.id,
        province_id: tree.p1.id,
        channel: 'kiosk',
        submitted_at: at(s),
        answers: JSON.stringify({ 'Q.OVERALL': 3 }),
        content_hash: id,
      })
      .execute();
    await linkRating(db, { responseId: id, kioskId, provinceId: tree.p1.id, submittedAt: at(s), counted, officerName: null });
    return id;
  }
  const a = await stored(0, true);
  await stored(3, false);
  await stored(10, true);
  const near = (s: number, exceptId: string = randomUUID()) => nearestCountedRating(db, kioskId, at(s), burstWindow(at(s), 5), exceptId);
  t.same(await near(2), at(0), 'a burst does not count as the previous one');
  t.same(await near(8), at(10), 'a later counted one is nearer');
  t.equal(await near(5), null, 'nothing inside the window');
  t.equal(await near(0, a), null, 'a rating is never its own neighbour');

  await linkRating(db, { responseId: a, kioskId, provinceId: tree.p1.id, submittedAt: at(0), counted: false, officerName: 'x' });
  const links = await db.selectFrom('kiosk_ratings').selectAll().where('response_id', '=', a).execute();
  t.equal(links.length, 1, 'linking twice keeps the first link');
  t.equal(links[0]!.counted, true);
  await sql`delete from responses where id = ${a}`.execute(db);
  t.equal(
    (await db.selectFrom('kiosk_ratings').select('response_id').where('response_id', '=', a).execute()).length,
    0,
    'the link goes with its response',
  );
});

t.test('lists are scoped to a subtree', async (t) => {
  await registerKiosk(db, { servicePointId: sp2.id, name: 'K-P2' });
  const p1 = await listKiosksInSubtree(db, tree.p1.path);
  t.ok(p1.length >= 2);
  t.ok(p1.every((k) => k.servicePointCode === 'SP-C1'));
  t.same(
    (await listKiosksInSubtree(db, tree.p2.path)).map((k) => k.name),
    ['K-P2'],
  );
  t.same(await listKiosksInSubtree(db, tree.d1.path).then((r) => r.length), p1.length, 'the commune lies under the department');
});
