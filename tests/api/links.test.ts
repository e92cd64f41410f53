import t from 'tap';
import { listAudit } from '../../server/db/queries/audit.ts';
import { dossierFingerprint, dossierHash, verifyDossierLink } from '../../server/domain/dossier-link.ts';
import { testConfig } from '../helpers/app.ts';
import { apiWorld, bearer } from './setup.ts';

const url = '/api/v1/links';
const secret = testConfig().sessionSecret;

t.test('POST /api/v1/links mints a signed, expiring per-dossier link', async (t) => {
  const w = await apiWorld();
  t.teardown(() => w.app.close());
  const before = Date.now();

  const res = await w.app.inject({
    method: 'POST',
    url,
    headers: bearer(w.tokens.department),
    payload: { service_point: 'SP-XA', dossier: 'H31.26-0001/ABC' },
  });
  t.equal(res.statusCode, 201, res.body);
  const { url: link, expires_at } = res.json() as { url: string; expires_at: string };
  const m = /^http:\/\/127\.0\.0\.1:3000\/s\/SP-XA\?d=([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(link);
  t.ok(m, link);
  t.notOk(link.includes('H31.26-0001'), 'the dossier code is not readable in the URL as such');
  const verified = verifyDossierLink(m![1]!, secret);
  t.match(verified, { ok: true, servicePointCode: 'SP-XA', dossierCode: 'H31.26-0001/ABC' });
  const days = (Date.parse(expires_at) - before) / 86_400_000;
  // Signed to the second, measured from before the request: within a few seconds of 30 days either way.
  t.ok(Math.abs(days - 30) < 0.001, `30 days by default (${days})`);
  t.equal(verified.ok && verified.expiresAt.toISOString(), expires_at, 'the expiry printed is the one signed');

  const week = await w.app.inject({
    method: 'POST',
    url,
    headers: bearer(w.tokens.submit),
    payload: { service_point: 'SP-XA', dossier: 'D2', expires_in_days: 7 },
  });
  t.equal(week.statusCode, 201);
  t.ok(Math.abs(Date.parse(week.json().expires_at) - before - 7 * 86_400_000) < 60_000);

  const audits = await listAudit(w.database.db, { action: 'link.mint' });
  t.equal(audits.length, 2);
  t.match(audits.at(-1), {
    agency_id: w.tree.c1.id,
    actor_label: /^api-token:\d+$/,
    details: { via: 'api', servicePoint: 'SP-XA', dossier: dossierFingerprint('H31.26-0001/ABC') },
  });
  const everything = JSON.stringify(audits);
  t.notOk(everything.includes('H31.26-0001'), 'never the dossier code in the audit log');
  t.notOk(everything.includes(dossierHash('H31.26-0001/ABC', secret)), 'nor its stored hash');

  const post = (payload: object, token = w.tokens.submit, lang = 'vi') =>
    w.app.inject({ method: 'POST', url, headers: { ...bearer(token), 'accept-language': lang }, payload });
  const unknown = await post({ service_point: 'NOPE', dossier: 'D1' });
  t.equal(unknown.statusCode, 422);
  t.match(unknown.json(), {
    errors: [{ path: 'service_point', code: 'unknown-service-point', message: 'Không có điểm tiếp nhận mã này.' }],
  });
  const outside = await post({ service_point: 'SP-P2', dossier: 'D1' });
  t.equal(outside.statusCode, 403);
  t.match(outside.json(), { error: { code: 'HL_OUT_OF_SCOPE' }, errors: [{ path: 'service_point', code: 'out-of-scope' }] });
  const inactive = await post({ service_point: 'SP-OLD', dossier: 'D1' });
  t.equal(inactive.statusCode, 422);
  const bad = await post({ service_point: 'SP-XA', dossier: 'có dấu cách', expires_in_days: 91, extra: true }, w.tokens.submit, 'en');
  t.equal(bad.statusCode, 422);
  t.same(
    bad
      .json()
      .errors.map((e: { path: string; code: string }) => `${e.path}:${e.code}`)
      .sort(),
    ['dossier:invalid-dossier-code', 'expires_in_days:too-big', 'extra:unknown-field'],
  );
  t.match(bad.json().errors.find((e: { path: string }) => e.path === 'dossier').message, /letters, digits/);
  t.equal((await post({ service_point: 'SP-XA', dossier: 'D1', expires_in_days: 0 })).statusCode, 422);
  t.equal((await post({ service_point: 'SP-XA', dossier: 'D1' }, w.tokens.read)).statusCode, 403, 'read scope cannot mint');
  t.equal((await w.app.inject({ method: 'POST', url, payload: { service_point: 'SP-XA', dossier: 'D1' } })).statusCode, 401);
  t.equal((await listAudit(w.database.db, { action: 'link.mint' })).length, 2, 'refusals mint nothing');
});
