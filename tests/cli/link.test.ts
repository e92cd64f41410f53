import t from 'tap';
import { loadConfig } from '../../server/config.ts';
import { insertAgency } from '../../server/db/queries/agencies.ts';
import { listAudit } from '../../server/db/queries/audit.ts';
import { insertServicePoint } from '../../server/db/queries/service-points.ts';
import { dossierFingerprint, verifyDossierLink } from '../../server/domain/dossier-link.ts';
import { cli, cliDatabase } from '../helpers/cli.ts';

t.test('hailong link prints a signed per-dossier URL', async (t) => {
  const { db } = await cliDatabase(t, 'link', { publicUrl: 'https://khaosat.example.gov.vn' });

  const config = loadConfig();
  const agency = await insertAgency(db, {
    code: 'KH',
    parentId: null,
    nameVi: 'Tỉnh Khánh Hòa',
    nameEn: null,
    kind: 'province',
    validFrom: null,
    validTo: null,
  });
  await insertServicePoint(db, { code: 'KH-MC', agencyId: agency.id, nameVi: 'Trung tâm Phục vụ hành chính công', nameEn: null });

  const before = Date.now();
  const ok = await cli('link', '--service-point', 'KH-MC', '--dossier', '000.00.H31-260302-0001', '--days', '14');
  t.equal(ok.code, 0, ok.err);
  const m = /^https:\/\/khaosat\.example\.gov\.vn\/s\/KH-MC\?d=(\S+)$/.exec(ok.out);
  t.ok(m, ok.out);
  const verified = verifyDossierLink(m![1]!, config.sessionSecret);
  t.match(verified, { ok: true, servicePointCode: 'KH-MC', dossierCode: '000.00.H31-260302-0001' });
  if (verified.ok) t.ok(Math.abs(verified.expiresAt.getTime() - before - 14 * 86_400_000) < 60_000, '14 days');
  t.match(ok.err, /Liên kết có hiệu lực đến/);

  t.equal((await cli('link', '--service-point', 'KH-MC', '--dossier', 'D-2')).code, 0, 'days default');

  const usage = await cli('link', '--service-point', 'KH-MC');
  t.equal(usage.code, 2);
  t.match(usage.err, /hailong link --service-point/);
  const badDays = await cli('link', '--service-point', 'KH-MC', '--dossier', 'D1', '--days', '91', '--lang', 'en');
  t.equal(badDays.code, 2);
  t.match(badDays.err, /from 1 to 90/);
  const badDossier = await cli('link', '--service-point', 'KH-MC', '--dossier', 'có dấu');
  t.equal(badDossier.code, 2);
  t.match(badDossier.err, /Mã hồ sơ "có dấu" không hợp lệ/);
  const unknown = await cli('link', '--service-point', 'NOPE', '--dossier', 'D1');
  t.equal(unknown.code, 2);
  t.match(unknown.err, /Không có điểm tiếp nhận mã "NOPE"/);
  t.equal((await cli('link', '--service-point', 'KH-MC', '--dossier', 'D1', '--bogus')).code, 2);

  const audits = await listAudit(db, { action: 'link.mint' });
  t.equal(audits.length, 2);
  t.match(audits.at(-1), {
    actor_label: 'cli',
    agency_id: agency.id,
    details: { via: 'cli', servicePoint: 'KH-MC', dossier: dossierFingerprint('000.00.H31-260302-0001') },
  });
  t.notOk(JSON.stringify(audits).includes('H31-260302'), 'never the dossier code');
});
