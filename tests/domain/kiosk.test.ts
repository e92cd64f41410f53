// Pairing codes and the minimum interval, without a database.
import t from 'tap';
import { burstWindow, isBurst } from '../../server/domain/kiosk-interval.ts';
import {
  DEVICE_SECRET_FORMAT,
  generateDeviceSecret,
  generatePairingCode,
  hashDeviceSecret,
  hashPairingCode,
  kioskStatus,
  normalisePairingCode,
  pairingExpiresAt,
  pairingUrl,
} from '../../server/domain/kiosk-pairing.ts';

t.test('pairing codes', async (t) => {
  const codes = new Set(Array.from({ length: 500 }, () => generatePairingCode()));
  t.equal(codes.size, 500, 'no repeats in 500');
  for (const c of codes) t.match(c, /^[ABCDEFGHJKMNPQRSTUVWXYZ2-9]{5}-[ABCDEFGHJKMNPQRSTUVWXYZ2-9]{5}$/);
  t.equal(normalisePairingCode('k7qmx-4trwa'), 'K7QMX4TRWA', 'case and dashes do not matter');
  t.equal(normalisePairingCode(' K7QMX 4TRWA '), 'K7QMX4TRWA');
  t.equal(normalisePairingCode('K7QMX-4TRW0'), null, 'a zero is not in the alphabet');
  t.equal(normalisePairingCode('K7QMX-4TRW'), null, 'too short');
  t.equal(normalisePairingCode('K'.repeat(41)), null);
  t.equal(hashPairingCode('K7QMX4TRWA'), hashPairingCode(normalisePairingCode('k7qmx-4trwa')!));
  t.not(hashPairingCode('K7QMX4TRWA'), hashDeviceSecret('K7QMX4TRWA'), 'codes and secrets hash apart');
  t.same(pairingExpiresAt(new Date('2026-03-02T01:00:00Z')), new Date('2026-03-02T01:15:00Z'), '15 minutes');
  t.equal(pairingUrl('https://khaosat.gov.vn/', 'K7QMX-4TRWA'), 'https://khaosat.gov.vn/kiosk/pair/K7QMX-4TRWA');
  const secret = generateDeviceSecret();
  t.match(secret, DEVICE_SECRET_FORMAT);
  t.match(hashDeviceSecret(secret), /^[0-9a-f]{64}$/);
});

t.test('kiosk status', async (t) => {
  const now = new Date('2026-03-02T01:00:00Z');
  const soon = new Date('2026-03-02T01:10:00Z');
  const past = new Date('2026-03-02T00:50:00Z');
  t.equal(kioskStatus({ revokedAt: past, pairedAt: past, pairingExpiresAt: null }, now), 'revoked');
  t.equal(
    kioskStatus({ revokedAt: null, pairedAt: past, pairingExpiresAt: soon }, now),
    'paired',
    'a working kiosk with a pending code still works',
  );
  t.equal(kioskStatus({ revokedAt: null, pairedAt: null, pairingExpiresAt: soon }, now), 'waiting');
  t.equal(kioskStatus({ revokedAt: null, pairedAt: null, pairingExpiresAt: past }, now), 'not-paired');
});

t.test('the minimum interval', async (t) => {
  const at = (s: number) => new Date(Date.UTC(2026, 2, 2, 1, 0, s));
  t.equal(isBurst(null, at(0), 5), false, 'the first rating counts');
  t.equal(isBurst(at(0), new Date(at(0).getTime() + 4999), 5), true, '4999 ms is inside 5 s');
  t.equal(isBurst(at(0), at(5), 5), false, 'exactly the interval later counts');
  t.equal(isBurst(at(10), at(7), 5), true, 'a tap delivered after a later one is still inside it');
  t.equal(isBurst(at(0), at(1), 0), false, 'zero turns the check off');
  t.same(burstWindow(at(10), 5), { from: at(5), to: at(15) });
});
