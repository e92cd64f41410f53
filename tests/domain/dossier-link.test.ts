import t from 'tap';
import { dossierHash, signDossierLink, verifyDossierLink } from '../../server/domain/dossier-link.ts';

const secret = 'a-test-secret-that-is-long-enough-0123456789';

t.test('signed dossier links verify, expire and resist tampering', async (t) => {
  const expiresAt = new Date('2026-12-31T00:00:00Z');
  const token = signDossierLink({ servicePointCode: 'KHA-TTPV-Q1', dossierCode: 'H56.22-261122-0001', expiresAt }, secret);
  t.match(token, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{32}$/);
  const ok = verifyDossierLink(token, secret, new Date('2026-12-01T00:00:00Z'));
  t.same(ok, { ok: true, servicePointCode: 'KHA-TTPV-Q1', dossierCode: 'H56.22-261122-0001', expiresAt });
  t.same(verifyDossierLink(token, secret, new Date('2027-01-01T00:00:00Z')), { ok: false, reason: 'expired' });
  t.same(verifyDossierLink(token, 'another-secret-another-secret-another-secret', new Date('2026-12-01')), {
    ok: false,
    reason: 'bad-signature',
  });
  const [payload, sig] = token.split('.');
  const forged = Buffer.from(JSON.stringify({ s: 'OTHER', d: 'X', e: 1999999999 })).toString('base64url');
  t.same(verifyDossierLink(`${forged}.${sig}`, secret), { ok: false, reason: 'bad-signature' });
  t.same(verifyDossierLink(`${payload}`, secret), { ok: false, reason: 'malformed' });
  t.same(verifyDossierLink('', secret), { ok: false, reason: 'malformed' });
  t.equal(dossierHash(' h56.22-1 ', secret), dossierHash('H56.22-1', secret), 'codes compare without case or spaces');
  t.not(dossierHash('H56.22-1', secret), dossierHash('H56.22-2', secret));
});
