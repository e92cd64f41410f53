// The demo province on a fresh database, with a small set of responses: its structure, the
// validity of every answer, the merger's dates, hashes, and the refusal to create it twice.
import t from 'tap';
import { findAgencyByCode } from '../../server/db/queries/agencies.ts';
import { listAudit } from '../../server/db/queries/audit.ts';
import { listCampaignsOfProvince, campaignAgencyIds } from '../../server/db/queries/campaigns.ts';
import { findQuestionnaireVersionById } from '../../server/db/queries/questionnaires.ts';
import { listTargetsOfAgency } from '../../server/db/queries/targets.ts';
import { verifyPassword } from '../../server/domain/passwords.ts';
import { createDemo, DemoExistsError } from '../../server/demo/create.ts';
import { freshDatabase } from '../helpers/database.ts';
import { checkStoredResponses } from './checks.ts';

const NOW = new Date('2026-11-20T03:00:00Z');

t.test('the demo province', async (t) => {
  const database = await freshDatabase();
  t.teardown(() => database.close());
  const { db } = database;
  const demo = await createDemo(db, { responses: 1500, now: NOW, seed: 'test' });
  t.equal(demo.responses, 1500);

  const kha = (await findAgencyByCode(db, 'KHA'))!;
  t.equal(kha.kind, 'province');
  t.equal(kha.parent_id, null, 'Khánh Hòa is a root');
  t.equal(kha.name_vi, 'Tỉnh Khánh Hòa');
  t.equal(kha.province_id, kha.id);

  const agencies = await db.selectFrom('agencies').selectAll().execute();
  const byId = new Map(agencies.map((a) => [a.id, a]));
  const byCode = new Map(agencies.map((a) => [a.code, a]));
  t.ok(
    agencies.every((a) => a.path.startsWith(kha.path) && a.province_id === kha.id),
    'every unit lies in the province',
  );
  t.ok(
    agencies.every((a) => a.name_vi === a.name_vi.normalize('NFC') && a.name_en),
    'names in vi (NFC) and en',
  );

  const nth = byCode.get('NTH')!;
  t.equal(nth.kind, 'province');
  t.equal(nth.valid_to, '2025-06-30');
  t.equal(nth.successor_id, kha.id);
  const former = agencies.filter((a) => a.path.startsWith(nth.path) && a.id !== nth.id);
  t.ok(former.length >= 5, 'Ninh Thuận keeps some of its own units');
  for (const a of former) {
    t.equal(a.valid_to, '2025-06-30', `${a.code} ends on 30/6/2025`);
    const successor = a.successor_id === null ? undefined : byId.get(a.successor_id);
    t.ok(
      successor && successor.valid_to === null && successor.path.startsWith(kha.path) && !successor.path.startsWith(nth.path),
      `${a.code} has a Khánh Hòa successor`,
    );
    t.ok(successor?.kind === a.kind || (a.kind === 'centre' && successor?.kind === 'branch'), `${a.code} and its successor are alike`);
  }
  t.ok(former.some((a) => a.kind === 'centre') && former.some((a) => a.kind === 'department') && former.some((a) => a.kind === 'commune'));

  const sps = await db.selectFrom('service_points').selectAll().execute();
  const spsOf = (id: number) => sps.filter((s) => s.agency_id === id);
  const current = agencies.filter((a) => a.valid_to === null && a.path.startsWith(kha.path) && !a.path.startsWith(nth.path));
  const departments = current.filter((a) => a.kind === 'department');
  const communes = current.filter((a) => a.kind === 'commune');
  t.ok(departments.length >= 10, `${departments.length} departments`);
  t.ok(communes.length >= 10, `${communes.length} communes`);
  t.ok(
    [...departments, ...communes, ...former.filter((a) => a.kind !== 'province')].every((a) => spsOf(a.id).length >= 1),
    'each unit has a service point',
  );
  t.ok(departments.some((a) => a.name_vi === 'Sở Nội vụ') && departments.some((a) => a.name_vi === 'Sở Nông nghiệp và Môi trường'));
  const centre = current.find((a) => a.kind === 'centre')!;
  t.equal(centre.name_vi, 'Trung tâm Phục vụ hành chính công tỉnh Khánh Hòa');
  t.ok(spsOf(centre.id).length >= 5, 'the centre has counters');
  t.ok(spsOf(centre.id).some((s) => s.name_vi === 'Quầy 1 — Đất đai'));
  t.ok(sps.every((s) => s.province_id === kha.id));

  const campaigns = await listCampaignsOfProvince(db, kha.id);
  t.equal(campaigns.length, 2);
  const codes = new Map<number, string>();
  for (const c of campaigns) {
    const v = (await findQuestionnaireVersionById(db, c.questionnaire_version_id))!;
    codes.set(c.questionnaire_version_id, v.code);
    t.same(await campaignAgencyIds(db, c.id), [kha.id], `${c.code} covers the province`);
  }
  t.same([...codes.values()].sort(), ['counter-quick', 'sipas-2017']);
  t.same(campaigns.find((c) => codes.get(c.questionnaire_version_id) === 'counter-quick')!.channels, ['kiosk']);
  t.ok(campaigns.some((c) => c.code === 'KHA-SIPAS-2026') && campaigns.some((c) => c.code === 'KHA-QUAY-2026'));

  const targets = await listTargetsOfAgency(db, kha.id, '2026-01-01', '2026-12-31');
  t.ok(
    targets.some((x) => x.comparator === '>' && x.threshold === 0.8 && x.index_code === 'overall'),
    'province: over 80%',
  );
  t.ok(
    targets.some((x) => x.comparator === '>=' && x.threshold === 0.85),
    'province: at least 85% at the counters',
  );
  for (const code of ['KHA-STP', 'KHA-SXD']) {
    const own = await listTargetsOfAgency(db, byCode.get(code)!.id, '2025-01-01', '2026-12-31');
    t.equal(own.length, 2, `${code}: a target each year`);
  }

  const users = await db.selectFrom('users').selectAll().orderBy('id').execute();
  t.same(
    users.map((u) => u.role),
    ['admin', 'coordinator', 'manager', 'clerk'],
  );
  t.equal(users[0]!.agency_id, kha.id);
  for (const a of demo.accounts) {
    const u = users.find((x) => x.email === a.email)!;
    t.ok(await verifyPassword(u.password_hash, a.password), `${a.email} signs in with the printed password`);
    t.equal(byId.get(u.agency_id)!.code, a.agencyCode);
  }
  t.ok((await listAudit(db, { action: 'demo.create' })).length === 1);

  // The responses.
  const f = await checkStoredResponses(db);
  t.equal(f.responses, 1500);
  t.equal(f.sipas, 500, 'a third are full SIPAS questionnaires');
  t.same(f.problems.slice(0, 10), [], 'every answer fits its questionnaire');
  t.equal(f.badHashes, 0, 'every content hash verifies');
  t.equal(f.badProvinces, 0, 'province_id is the agency province');
  t.equal(f.formerAfterMerger, 0, 'no response of a Ninh Thuận unit after 30/6/2025 (Viet Nam time)');
  t.equal(f.mergedBeforeMerger, 0, 'no response of a unit born of the merger before 1/7/2025');
  t.ok(f.formerResponses > 0, 'Ninh Thuận units have responses');
  t.ok(f.sipasIndex > 0.75 && f.sipasIndex < 0.92, `SIPAS index of the province ${f.sipasIndex.toFixed(4)}`);
  t.ok(f.quickIndex > 0.75 && f.quickIndex < 0.92, `counter index of the province ${f.quickIndex.toFixed(4)}`);

  const rows = await db.selectFrom('responses').selectAll().execute();
  const comments = await db.selectFrom('response_comments').selectAll().execute();
  const quick = rows.filter((r) => codes.get(r.questionnaire_version_id) === 'counter-quick');
  const sipas = rows.filter((r) => codes.get(r.questionnaire_version_id) === 'sipas-2017');
  t.ok(
    quick.every((r) => r.channel === 'kiosk' && typeof r.answers['Q.OVERALL'] === 'number'),
    'kiosk ratings always carry the one tap',
  );
  t.same([...new Set(sipas.map((r) => r.channel))].sort(), ['api', 'online', 'paper']);
  t.ok(sipas.filter((r) => r.answers['E5.0'] === 2).length > sipas.length / 2, 'most citizens made no complaint (E5.0 = 2)');
  t.ok(
    sipas.some((r) => r.answers['E2.4'] === 0),
    'some answer "no opinion"',
  );
  t.ok(
    sipas.some((r) => r.channel === 'paper' && Object.keys(r.answers).length < 30),
    'some paper forms have blanks',
  );
  t.ok(rows.every((r) => r.submitted_at < NOW && r.received_at >= r.submitted_at && r.received_at <= NOW));
  t.ok(
    rows.every((r) => r.submitted_at >= new Date('2024-11-19T17:00:00Z')),
    'within 24 months',
  );
  const flagged = rows.filter((r) => r.status === 'flagged');
  t.ok(flagged.length > 0 && flagged.length < rows.length * 0.05 && flagged.every((r) => r.status_reason === 'too-fast'));
  t.ok(
    comments.length > 0 && comments.every((c) => c.body === c.body.normalize('NFC') && c.province_id === kha.id),
    'comments kept apart, NFC',
  );
  t.ok(
    rows.every((r) => !('C.TEXT' in r.answers) && !('Q.COMMENT' in r.answers)),
    'free text never among the answers',
  );

  // Never twice, and a refusal writes nothing.
  const before = await db
    .selectFrom('responses')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  await t.rejects(createDemo(db, { responses: 10, now: NOW }), DemoExistsError);
  const after = await db
    .selectFrom('responses')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  t.equal(Number(after.n), Number(before.n));
});
