import { readFileSync } from 'node:fs';
import t from 'tap';
import {
  ancestors,
  countAgencies,
  findAgencyByCode,
  isInSubtree,
  listSubtree,
  subtreeIds,
  successorChain,
} from '../../server/db/queries/agencies.ts';
import { importAgencyCsv } from '../../server/db/queries/agency-import.ts';
import { listAudit } from '../../server/db/queries/audit.ts';
import { freshDatabase } from '../helpers/database.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/agencies/${name}`, import.meta.url), 'utf8');
const HEADER = 'code,parent_code,name_vi,name_en,kind,valid_from,valid_to,successor_code';

t.test('agency CSV import on the database', async (t) => {
  const database = await freshDatabase();
  t.teardown(() => database.close());
  const { db } = database;
  const byCode = async (code: string) => (await findAgencyByCode(db, code))!;

  await t.test('child before parent imports with the right paths', async (t) => {
    const r = await importAgencyCsv(db, fixture('child-before-parent.csv'), { label: 'cli' }, 'child-before-parent.csv');
    t.match(r, { ok: true, counts: { rows: 7, created: 7, updated: 0, moved: 0, unchanged: 0 } });
    const kh = await byCode('KH');
    const snv = await byCode('KH.SNV');
    const vp = await byCode('KH.SNV.VP');
    t.equal(kh.path, `/${kh.id}/`);
    t.equal(snv.path, `/${kh.id}/${snv.id}/`);
    t.equal(vp.path, `/${kh.id}/${snv.id}/${vp.id}/`);
    t.same([kh.depth, snv.depth, vp.depth], [0, 1, 2]);
    t.same([kh.province_id, snv.province_id, vp.province_id], [kh.id, kh.id, kh.id]);
    t.equal(vp.parent_id, snv.id);
    t.equal(kh.name_vi, 'Tỉnh Khánh Hòa');
    t.equal(kh.valid_from, '2025-07-01');
    const nt = await byCode('NT');
    t.equal(nt.successor_id, kh.id, 'successor link set');
    t.equal((await byCode('NT.SNV')).successor_id, snv.id, 'a successor earlier in the file than its predecessor');
    const [entry] = await listAudit(db, { action: 'agencies.import' });
    t.match(entry, { actor_label: 'cli', details: { created: 7, updated: 0, file: 'child-before-parent.csv' } });
  });

  await t.test('subtree queries', async (t) => {
    const kh = await byCode('KH');
    const snv = await byCode('KH.SNV');
    const vp = await byCode('KH.SNV.VP');
    const ids = await subtreeIds(db, kh.path);
    t.equal(ids.length, 5);
    t.ok(ids.includes(vp.id) && !ids.includes((await byCode('NT')).id));
    t.same(
      (await ancestors(db, vp)).map((a) => a.code),
      ['KH', 'KH.SNV'],
    );
    t.same(await ancestors(db, kh), []);
    t.equal(await isInSubtree(db, 'KH.SNV.VP', snv.path), true);
    t.equal(await isInSubtree(db, 'KH.TTHCC', snv.path), false);
    t.equal(await isInSubtree(db, 'NT.SNV', kh.path), false);
    t.equal(await isInSubtree(db, 'NOPE', kh.path), false);
    t.same(
      (await successorChain(db, (await byCode('NT.SNV')).id)).map((a) => a.code),
      ['KH.SNV'],
    );
    t.same(await successorChain(db, kh.id), []);
  });

  await t.test('a file with several bad rows writes nothing and lists every error', async (t) => {
    const before = await countAgencies(db);
    const auditBefore = (await listAudit(db)).length;
    const text = `${fixture('many-errors.csv')}NEWCHILD,KH,Đơn vị mới hợp lệ,,unit,,,\nKH.SNV,KH.SNV.VP,Vòng qua cơ sở dữ liệu,,department,,,\n`;
    const r = await importAgencyCsv(db, text, { label: 'cli' });
    t.equal(r.ok, false);
    if (r.ok) return;
    t.same(
      r.errors.map((e) => `${e.line}:${e.column}:${e.code}`),
      [
        '3:code:code.format',
        '4:kind:kind.unknown',
        '5:valid_from:date.format',
        '6:valid_to:date.order',
        '7:code:code.duplicate',
        '8:parent_code:parent.unknown',
        '8:successor_code:successor.unknown',
        '9:parent_code:parent.self',
        '10:name_vi:name.required',
        '12:parent_code:parent.cycle',
      ],
    );
    t.equal(await countAgencies(db), before, 'no agency written');
    t.equal(await findAgencyByCode(db, 'GOOD'), undefined);
    t.equal((await listAudit(db)).length, auditBefore, 'no audit row either');
  });

  await t.test('a cycle in the file is refused', async (t) => {
    const before = await countAgencies(db);
    const r = await importAgencyCsv(db, fixture('cycle.csv'), { label: 'cli' });
    t.match(r, { ok: false, errors: [{ code: 'parent.cycle' }, { code: 'parent.cycle' }, { code: 'parent.cycle' }] });
    t.equal(await countAgencies(db), before);
  });

  await t.test('re-import updates, moves subtrees (province too) and creates under moved agencies', async (t) => {
    const kh = await byCode('KH');
    const nt = await byCode('NT');
    const ntSnv = await byCode('NT.SNV');
    const snv = await byCode('KH.SNV');
    const vp = await byCode('KH.SNV.VP');
    const centre = await byCode('KH.TTHCC');
    // A service point of Ninh Thuận's department: its province key must follow the move.
    await db
      .insertInto('service_points')
      .values({ code: 'SP-NT', agency_id: ntSnv.id, province_id: nt.id, name_vi: 'Quầy một cửa' })
      .execute();

    const text = [
      HEADER,
      // New, under an agency this same file moves.
      'KH.SNV.VP.TN,KH.SNV.VP,Bộ phận tiếp nhận,Reception,unit,2025-07-01,,',
      // The department with its office moves under the service centre.
      'KH.SNV,KH.TTHCC,Sở Nội vụ tỉnh Khánh Hòa,Khanh Hoa Department of Home Affairs,department,2025-07-01,,',
      // Moves from Ninh Thuận to Khánh Hòa; successor cleared.
      'NT.SNV,KH,Sở Nội vụ (cũ) Ninh Thuận,,department,2015-01-01,2025-06-30,',
      // Same as in the database: unchanged.
      'KH.TTHCC,KH,Trung tâm Phục vụ hành chính công tỉnh,Provincial Public Administration Service Centre,centre,2025-07-01,,',
      // Name changed only.
      'KH,,Tỉnh Khánh Hòa (mới),Khanh Hoa Province,province,2025-07-01,,',
    ].join('\n');
    const r = await importAgencyCsv(db, text, { label: 'cli' });
    t.match(r, { ok: true, counts: { rows: 5, created: 1, updated: 3, moved: 2, unchanged: 1 } });

    const snv2 = await byCode('KH.SNV');
    const vp2 = await byCode('KH.SNV.VP');
    const tn = await byCode('KH.SNV.VP.TN');
    t.equal(snv2.id, snv.id);
    t.equal(snv2.parent_id, centre.id);
    t.equal(snv2.path, `/${kh.id}/${centre.id}/${snv.id}/`);
    t.equal(vp2.path, `/${kh.id}/${centre.id}/${snv.id}/${vp.id}/`, 'the descendant moved with it');
    t.equal(vp2.parent_id, snv.id, 'the descendant keeps its parent');
    t.same([snv2.depth, vp2.depth, tn.depth], [2, 3, 4]);
    t.equal(tn.path, `${vp2.path}${tn.id}/`);

    const ntSnv2 = await byCode('NT.SNV');
    t.equal(ntSnv2.path, `/${kh.id}/${ntSnv.id}/`);
    t.equal(ntSnv2.province_id, kh.id, 'province recomputed');
    t.equal(ntSnv2.successor_id, null, 'successor cleared');
    t.equal(ntSnv2.name_vi, 'Sở Nội vụ (cũ) Ninh Thuận');
    const sp = await db.selectFrom('service_points').select('province_id').where('code', '=', 'SP-NT').executeTakeFirstOrThrow();
    t.equal(sp.province_id, kh.id, 'service point province key follows');
    t.equal((await byCode('KH')).name_vi, 'Tỉnh Khánh Hòa (mới)');
    t.same((await listSubtree(db, kh.path)).map((a) => a.code).sort(), [
      'KH',
      'KH.NHATRANG',
      'KH.SNV',
      'KH.SNV.VP',
      'KH.SNV.VP.TN',
      'KH.TTHCC',
      'NT.SNV',
    ]);
    t.same(
      (await listSubtree(db, nt.path)).map((a) => a.code),
      ['NT'],
    );
  });

  await t.test('an existing agency cannot be moved under its own descendant', async (t) => {
    const r = await importAgencyCsv(db, `${HEADER}\nKH,KH.SNV.VP,Tỉnh,,province,,,\n`, { label: 'cli' });
    t.match(r, { ok: false, errors: [{ line: 2, column: 'parent_code', code: 'parent.cycle' }] });
    t.equal((await byCode('KH')).parent_id, null);
  });
});
