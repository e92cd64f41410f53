import { readFileSync } from 'node:fs';
import t from 'tap';
import { parseAgencyCsv, planAgencyImport, referencedCodes, type ExistingAgencyRef } from '../../server/domain/agency-import.ts';
import { treeOrder } from '../../server/domain/agency-tree.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/agencies/${name}`, import.meta.url), 'utf8');
const HEADER = 'code,parent_code,name_vi,name_en,kind,valid_from,valid_to,successor_code';
const brief = (errors: { line: number; column: string | null; code: string }[]) =>
  errors.map((e) => `${e.line}:${e.column ?? '-'}:${e.code}`);

t.test('child before parent: all rows parse, BOM and NFC handled, parents planned first', async (t) => {
  const parsed = parseAgencyCsv(fixture('child-before-parent.csv'));
  t.same(parsed.errors, []);
  t.equal(parsed.rows.length, 7);
  t.equal(parsed.rows[0]!.code, 'KH.SNV.VP', 'the BOM does not stick to the first column name');
  t.equal(parsed.rows[0]!.line, 2);
  const plan = planAgencyImport(parsed, []);
  t.same(plan.errors, []);
  const order = plan.steps.map((s) => s.row.code);
  for (const [child, parent] of [
    ['KH.SNV.VP', 'KH.SNV'],
    ['KH.SNV', 'KH'],
    ['NT.SNV', 'NT'],
  ] as const) {
    t.ok(order.indexOf(parent) < order.indexOf(child), `${parent} before ${child}`);
  }
  t.same(
    plan.steps.filter((s) => s.row.code === 'KH.SNV.VP').map((s) => s.depth),
    [2],
  );

  const decomposed = `${HEADER}\nX,,${'Tỉnh Khánh Hòa'.normalize('NFD')},,province,,,\n`;
  t.equal(parseAgencyCsv(decomposed).rows[0]!.nameVi, 'Tỉnh Khánh Hòa'.normalize('NFC'));
});

t.test('every bad row is reported with its line and column', async (t) => {
  const parsed = parseAgencyCsv(fixture('many-errors.csv'));
  const plan = planAgencyImport(parsed, []);
  t.same(brief(plan.errors), [
    '3:code:code.format',
    '4:kind:kind.unknown',
    '5:valid_from:date.format',
    '6:valid_to:date.order',
    '7:code:code.duplicate',
    '8:parent_code:parent.unknown',
    '8:successor_code:successor.unknown',
    '9:parent_code:parent.self',
    '10:name_vi:name.required',
  ]);
  t.match(plan.errors.find((e) => e.code === 'code.duplicate')?.params, { firstLine: 4 });
  t.match(plan.errors.find((e) => e.code === 'kind.unknown')?.params, { value: 'ministry' });
});

t.test('a multi-line quoted cell reports later rows at their own line; CRLF is fine', async (t) => {
  const text = `${HEADER}\r\nA,,"Tên\r\nhai dòng",,province,,,\r\nB,A,Tên,,unit,2025-13-01,,\r\n`;
  const parsed = parseAgencyCsv(text);
  t.same(brief(parsed.errors), ['4:valid_from:date.format']);
  t.equal(parsed.rows[0]!.nameVi, 'Tên hai dòng');
});

t.test('calendar dates: 29 February only in leap years', async (t) => {
  const parsed = parseAgencyCsv(`${HEADER}\nA,,Một,,province,2024-02-29,,\nB,,Hai,,province,2023-02-29,,\n`);
  t.same(brief(parsed.errors), ['3:valid_from:date.format']);
});

t.test('header problems, wrong field counts, empty files, broken quoting', async (t) => {
  t.same(
    brief(parseAgencyCsv('code,name_vi,kind,colour,name_en,valid_from,valid_to,successor_code,KIND\nA,Một,unit,red,,,,,unit\n').errors),
    ['1:-:header.unknown', '1:kind:header.duplicate', '1:parent_code:header.missing'],
  );
  t.same(
    parseAgencyCsv('Successor_Code,valid_to,valid_from,kind,name_en,name_vi,parent_code,code\n,,,province,,Một,,A\n').rows.map(
      (r) => r.code,
    ),
    ['A'],
    'columns in any order, names in any case',
  );
  t.same(brief(parseAgencyCsv(`${HEADER}\nA,,Một,,province,,,\nB,A,Hai\n`).errors), ['3:-:fields']);
  t.same(brief(parseAgencyCsv('').errors), ['1:-:empty']);
  t.same(brief(parseAgencyCsv(`${HEADER}\n\n , , \n`).errors), ['2:-:empty']);
  const broken = parseAgencyCsv(`${HEADER}\nA,,"Một,,province,,,\n`);
  t.same(broken.rows, []);
  t.same(brief(broken.errors), ['2:-:csv'], 'an unclosed quote is a listed error, not a crash');
  t.match(broken.errors[0]!.params, { detail: /Quote Not Closed/ });
});

t.test('cycles in the file are found, and only the rows on the cycle report one', async (t) => {
  const plan = planAgencyImport(parseAgencyCsv(fixture('cycle.csv')), []);
  t.same(brief(plan.errors), ['2:parent_code:parent.cycle', '3:parent_code:parent.cycle', '4:parent_code:parent.cycle']);
  t.match(plan.errors[0]!.params, { chain: 'C1 → C3 → C2 → C1' });
});

t.test('cycles through the database and references to existing agencies', async (t) => {
  // In the database: P is the parent of Q. The file makes P a child of Q: a cycle.
  const existing: ExistingAgencyRef[] = [
    { id: 1, code: 'P', parentCode: null },
    { id: 2, code: 'Q', parentCode: 'P' },
  ];
  const parsed = parseAgencyCsv(`${HEADER}\nP,Q,Cha,,province,,,\n`);
  t.same(referencedCodes(parsed).sort(), ['P', 'Q']);
  t.same(brief(planAgencyImport(parsed, existing).errors), ['2:parent_code:parent.cycle']);

  // Moving both in one file so that the result is a tree is fine: Q becomes the root.
  const swap = planAgencyImport(parseAgencyCsv(`${HEADER}\nP,Q,Cha,,province,,,\nQ,,Con,,province,,,\n`), existing);
  t.same(swap.errors, []);
  t.same(
    swap.steps.map((s) => [s.row.code, s.existingId, s.depth]),
    [
      ['Q', 2, 0],
      ['P', 1, 1],
    ],
  );

  const child = planAgencyImport(parseAgencyCsv(`${HEADER}\nR,Q,Mới,,unit,,,P\n`), existing);
  t.same(child.errors, []);
  t.same(
    child.steps.map((s) => [s.row.code, s.existingId, s.depth]),
    [['R', null, 2]],
  );
});

t.test('a child of a bad row is not also reported as an orphan', async (t) => {
  const plan = planAgencyImport(parseAgencyCsv(`${HEADER}\nA,,Một,,planet,,,\nB,A,Hai,,unit,,,\n`), []);
  t.same(brief(plan.errors), ['2:kind:kind.unknown']);
});

t.test('tree order: children after their parent, siblings by code', async (t) => {
  const order = treeOrder([
    { id: 10, parent_id: 1, code: 'B' },
    { id: 1, parent_id: null, code: 'ROOT' },
    { id: 2, parent_id: 1, code: 'A' },
    { id: 3, parent_id: 2, code: 'A1' },
  ]);
  t.same(
    order.map((o) => `${o.level}:${o.agency.code}`),
    ['0:ROOT', '1:A', '2:A1', '1:B'],
  );
});
