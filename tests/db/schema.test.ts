// server/db/schema.ts is written by hand; the migrations are the truth. This test reads the
// Database interface with the TypeScript compiler and compares it, table by table and column by
// column, with the migrated schema of the current database (PGlite, or DATABASE_URL): our
// substitute for `kysely-codegen --verify`.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import ts from 'typescript';
import { sql, type Kysely } from 'kysely';
import { freshDatabase } from '../helpers/database.ts';

const SCHEMA_FILE = fileURLToPath(new URL('../../server/db/schema.ts', import.meta.url));

/** What a column's selected value is, reduced to what a database type can be compared with. */
type Shape = 'string' | 'number' | 'boolean' | 'Date' | 'json' | 'bytes' | 'string[]' | 'number[]' | 'boolean[]';

interface TsColumn {
  shapes: Set<Shape>;
  nullable: boolean;
  /** The string literals when the type is a union of them (an enum kept by a check constraint). */
  literals: string[] | null;
  text: string;
}

interface DbColumn {
  udt: string;
  nullable: boolean;
}

// Which TypeScript shape each PostgreSQL type is read as, given the type parsers in connection.ts.
const DB_TO_TS: Record<string, Shape> = {
  int2: 'number',
  int4: 'number',
  int8: 'number',
  numeric: 'number',
  float4: 'number',
  float8: 'number',
  text: 'string',
  varchar: 'string',
  bpchar: 'string',
  uuid: 'string',
  inet: 'string',
  bool: 'boolean',
  timestamptz: 'Date',
  // A calendar day has no time zone: connection.ts keeps it as 'YYYY-MM-DD'.
  date: 'string',
  jsonb: 'json',
  json: 'json',
  // Both drivers return bytea as bytes (a Buffer is a Uint8Array).
  bytea: 'bytes',
  _text: 'string[]',
  _int4: 'number[]',
  _int8: 'number[]',
  _bool: 'boolean[]',
};

// ---- the TypeScript side ----------------------------------------------------------------------

interface Parsed {
  tables: Map<string, Map<string, TsColumn>>;
}

function parseSchema(source: string): Parsed {
  const file = ts.createSourceFile('schema.ts', source, ts.ScriptTarget.ES2022, true);
  const interfaces = new Map<string, ts.InterfaceDeclaration>();
  const aliases = new Map<string, ts.TypeAliasDeclaration>();
  for (const st of file.statements) {
    if (ts.isInterfaceDeclaration(st)) interfaces.set(st.name.text, st);
    if (ts.isTypeAliasDeclaration(st)) aliases.set(st.name.text, st);
  }
  const database = interfaces.get('Database');
  if (!database) throw new Error('schema.ts has no Database interface');

  type Env = Map<string, ts.TypeNode | null>;
  interface Acc {
    shapes: Set<Shape>;
    nullable: boolean;
    literals: string[];
    nonLiteral: boolean;
  }

  const fail = (node: ts.Node, why: string): never => {
    throw new Error(`schema.ts: cannot read type "${node.getText(file)}": ${why}`);
  };

  // Adds what `node` contributes to the selected type of a column.
  const resolve = (node: ts.TypeNode, env: Env, acc: Acc, inArray = false): void => {
    const add = (s: 'string' | 'number' | 'boolean' | 'Date' | 'json' | 'bytes') => {
      if (inArray) {
        if (s === 'Date' || s === 'json' || s === 'bytes') fail(node, `arrays of ${s} are not mapped`);
        acc.shapes.add(`${s}[]` as Shape);
      } else acc.shapes.add(s);
      if (s !== 'string') acc.nonLiteral = true;
    };
    if (ts.isParenthesizedTypeNode(node)) return resolve(node.type, env, acc, inArray);
    if (ts.isUnionTypeNode(node)) {
      for (const m of node.types) resolve(m, env, acc, inArray);
      return;
    }
    if (ts.isArrayTypeNode(node)) return resolveArray(node, node.elementType, env, acc, inArray);
    if (ts.isLiteralTypeNode(node)) {
      if (node.literal.kind === ts.SyntaxKind.NullKeyword) {
        if (inArray) fail(node, 'null inside an array');
        acc.nullable = true;
        return;
      }
      if (ts.isStringLiteral(node.literal)) {
        add('string');
        acc.literals.push(node.literal.text);
        return;
      }
      if (ts.isNumericLiteral(node.literal)) return add('number');
      if (node.literal.kind === ts.SyntaxKind.TrueKeyword || node.literal.kind === ts.SyntaxKind.FalseKeyword) {
        return add('boolean');
      }
      return fail(node, 'unsupported literal');
    }
    switch (node.kind) {
      case ts.SyntaxKind.StringKeyword:
        acc.nonLiteral = true;
        return add('string');
      case ts.SyntaxKind.NumberKeyword:
        return add('number');
      case ts.SyntaxKind.BooleanKeyword:
        return add('boolean');
      case ts.SyntaxKind.UnknownKeyword:
        return add('json');
      case ts.SyntaxKind.NullKeyword:
        acc.nullable = true;
        return;
    }
    if (ts.isTypeLiteralNode(node)) return add('json');
    if (ts.isTypeReferenceNode(node)) {
      const name = node.typeName.getText(file);
      const args = node.typeArguments ?? [];
      const bound = env.get(name);
      if (bound !== undefined) {
        if (bound === null) return add('json'); // a type parameter left at unknown
        return resolve(bound, new Map(), acc, inArray);
      }
      // Kysely's wrappers: what a select returns is the first argument.
      if (name === 'Generated' || name === 'GeneratedAlways' || name === 'ColumnType') {
        const selected = args[0];
        if (!selected) return fail(node, `${name} needs a type argument`);
        return resolve(selected, env, acc, inArray);
      }
      if (name === 'Date') return add('Date');
      if (name === 'Uint8Array') return add('bytes');
      if (name === 'Record' || name === 'JsonValue' || name === 'JsonObject') return add('json');
      if (name === 'Array' || name === 'ReadonlyArray') {
        const el = args[0];
        if (!el) return fail(node, 'Array needs a type argument');
        return resolveArray(node, el, env, acc, inArray);
      }
      const alias = aliases.get(name);
      if (alias) {
        // Json<T> is the one alias whose meaning is the database type, whatever T is.
        if (name === 'Json') return add('json');
        const params = alias.typeParameters ?? [];
        const inner: Env = new Map();
        params.forEach((p, i) => {
          const arg = args[i];
          inner.set(p.name.text, arg ? arg : (p.default ?? null));
        });
        return resolve(alias.type, inner, acc, inArray);
      }
      return fail(node, `unknown type ${name}`);
    }
    return fail(node, 'unsupported type syntax');
  };

  function resolveArray(node: ts.TypeNode, element: ts.TypeNode, env: Env, acc: Acc, inArray: boolean): void {
    if (inArray) fail(node, 'nested arrays are not mapped');
    const inner: Acc = { shapes: new Set(), nullable: false, literals: [], nonLiteral: false };
    resolve(element, env, inner, true);
    for (const s of inner.shapes) acc.shapes.add(s);
    // An array of literals (Channel[]) is checked against `col <@ array[...]` like a scalar enum.
    acc.literals.push(...inner.literals);
    acc.nonLiteral ||= inner.nonLiteral;
  }

  const tables = new Map<string, Map<string, TsColumn>>();
  for (const member of database.members) {
    if (!ts.isPropertySignature(member) || !member.type) continue;
    const tableName = member.name.getText(file).replace(/^['"]|['"]$/g, '');
    if (!ts.isTypeReferenceNode(member.type)) fail(member.type, 'Database members must name an interface');
    const iname = (member.type as ts.TypeReferenceNode).typeName.getText(file);
    const decl = interfaces.get(iname);
    if (!decl) throw new Error(`schema.ts: Database.${tableName} refers to ${iname}, which is not an interface in the file`);
    const columns = new Map<string, TsColumn>();
    for (const prop of decl.members) {
      if (!ts.isPropertySignature(prop) || !prop.type) continue;
      const acc: Acc = { shapes: new Set(), nullable: false, literals: [], nonLiteral: false };
      resolve(prop.type, new Map(), acc);
      columns.set(prop.name.getText(file), {
        shapes: acc.shapes,
        nullable: acc.nullable,
        literals: !acc.nonLiteral && acc.literals.length > 0 ? [...new Set(acc.literals)].sort() : null,
        text: prop.type.getText(file),
      });
    }
    tables.set(tableName, columns);
  }
  return { tables };
}

// ---- the database side ------------------------------------------------------------------------

interface Introspected {
  tables: Map<string, Map<string, DbColumn>>;
  /** table → column → the values its check constraint allows (`col in (...)` or `col <@ array[...]`). */
  allowed: Map<string, Map<string, string[]>>;
}

async function introspect(db: Kysely<any>): Promise<Introspected> {
  const columns = await sql<{ table_name: string; column_name: string; udt_name: string; is_nullable: string }>`
    select c.table_name, c.column_name, c.udt_name, c.is_nullable
    from information_schema.columns c
    join information_schema.tables tb
      on tb.table_schema = c.table_schema and tb.table_name = c.table_name
    where c.table_schema = current_schema() and tb.table_type = 'BASE TABLE'
    order by c.table_name, c.ordinal_position`.execute(db);
  const tables = new Map<string, Map<string, DbColumn>>();
  for (const r of columns.rows) {
    const cols = tables.get(r.table_name) ?? new Map<string, DbColumn>();
    cols.set(r.column_name, { udt: r.udt_name, nullable: r.is_nullable === 'YES' });
    tables.set(r.table_name, cols);
  }

  const checks = await sql<{ table_name: string; def: string }>`
    select cl.relname as table_name, pg_get_constraintdef(co.oid) as def
    from pg_constraint co
    join pg_class cl on cl.oid = co.conrelid
    join pg_namespace n on n.oid = cl.relnamespace
    where co.contype = 'c' and n.nspname = current_schema()`.execute(db);
  const allowed = new Map<string, Map<string, string[]>>();
  // PostgreSQL prints `kind in ('a','b')` as `(kind = ANY (ARRAY['a'::text, 'b'::text]))`.
  const pattern = /\(?(\w+)\)? (?:= ANY|<@) \(?ARRAY\[([^\]]*)\]/g;
  for (const r of checks.rows) {
    for (const m of r.def.matchAll(pattern)) {
      const values = [...m[2]!.matchAll(/'((?:[^']|'')*)'/g)].map((v) => v[1]!.replace(/''/g, "'"));
      const perTable = allowed.get(r.table_name) ?? new Map<string, string[]>();
      perTable.set(m[1]!, [...new Set(values)].sort());
      allowed.set(r.table_name, perTable);
    }
  }
  return { tables, allowed };
}

// ---- the comparison ---------------------------------------------------------------------------

/** Every difference, each naming its table and column; empty when schema.ts matches. */
function compareSchemas(tsSide: Parsed, dbSide: Introspected): string[] {
  const problems: string[] = [];
  const tsTables = [...tsSide.tables.keys()].sort();
  const dbTables = [...dbSide.tables.keys()].sort();
  for (const name of dbTables)
    if (!tsSide.tables.has(name)) problems.push(`table ${name}: in the database, missing from Database in schema.ts`);
  for (const name of tsTables) if (!dbSide.tables.has(name)) problems.push(`table ${name}: in schema.ts, not in the database`);

  for (const table of tsTables) {
    const tsCols = tsSide.tables.get(table)!;
    const dbCols = dbSide.tables.get(table);
    if (!dbCols) continue;
    for (const col of dbCols.keys()) if (!tsCols.has(col)) problems.push(`${table}.${col}: column in the database, missing from schema.ts`);
    for (const [col, tc] of tsCols) {
      const dc = dbCols.get(col);
      if (!dc) {
        problems.push(`${table}.${col}: in schema.ts (${tc.text}), no such column in the database`);
        continue;
      }
      if (tc.nullable !== dc.nullable) {
        problems.push(
          `${table}.${col}: schema.ts says ${tc.nullable ? 'nullable' : 'not null'} (${tc.text}), the database says ${dc.nullable ? 'nullable' : 'not null'}`,
        );
      }
      const expected = DB_TO_TS[dc.udt];
      if (!expected) {
        problems.push(`${table}.${col}: database type ${dc.udt} has no TypeScript mapping in this test`);
      } else if (tc.shapes.size !== 1 || !tc.shapes.has(expected)) {
        problems.push(
          `${table}.${col}: schema.ts type ${tc.text} is read as ${[...tc.shapes].join(' | ') || 'nothing'}, the database type ${dc.udt} is read as ${expected}`,
        );
      }
      if (tc.literals) {
        const allowed = dbSide.allowed.get(table)?.get(col);
        if (!allowed)
          problems.push(
            `${table}.${col}: schema.ts allows only ${tc.literals.join(', ')} but no check constraint in the database limits the column`,
          );
        else if (allowed.join(',') !== tc.literals.join(',')) {
          problems.push(`${table}.${col}: schema.ts allows ${tc.literals.join(', ')}, the check constraint allows ${allowed.join(', ')}`);
        }
      }
    }
  }
  return problems;
}

// ---- the tests --------------------------------------------------------------------------------

t.test('schema.ts matches the migrated database', async (t) => {
  const database = await freshDatabase();
  t.teardown(() => database.close());
  const dbSide = await introspect(database.db);
  const tsSide = parseSchema(readFileSync(SCHEMA_FILE, 'utf8'));

  t.ok(dbSide.tables.size >= 16, `the migrated database has its tables (${dbSide.tables.size})`);
  t.strictSame([...tsSide.tables.keys()].sort(), [...dbSide.tables.keys()].sort(), 'same tables in schema.ts and the database');

  const problems = compareSchemas(tsSide, dbSide);
  t.strictSame(problems, [], problems.length ? `schema.ts differs from the database:\n  ${problems.join('\n  ')}` : 'every column matches');

  // Spot checks that the reading of aliases is the intended one, so a bug here cannot hide a
  // mismatch by reading everything as the same thing.
  const agencies = tsSide.tables.get('agencies')!;
  t.strictSame([...agencies.get('id')!.shapes], ['number'], 'Generated<number> reads as number');
  t.strictSame([...agencies.get('created_at')!.shapes], ['Date'], 'TimestampDefault reads as Date');
  t.strictSame([...agencies.get('valid_from')!.shapes], ['string'], 'DateString reads as string');
  t.equal(agencies.get('valid_from')!.nullable, true, 'DateString | null is nullable');
  t.strictSame(
    agencies.get('kind')!.literals,
    ['branch', 'centre', 'commune', 'department', 'province', 'unit'],
    'AgencyKind reads as its literals',
  );
  t.strictSame([...tsSide.tables.get('campaigns')!.get('channels')!.shapes], ['string[]'], 'Channel[] reads as string[]');
  t.strictSame(
    tsSide.tables.get('campaigns')!.get('channels')!.literals,
    ['api', 'kiosk', 'online', 'paper'],
    'Channel[] keeps its literals',
  );
  t.strictSame([...tsSide.tables.get('settings')!.get('value')!.shapes], ['json'], 'Json reads as json');
});

t.test('the comparison reports each kind of difference by table and column', async (t) => {
  const database = await freshDatabase();
  t.teardown(() => database.close());
  const dbSide = await introspect(database.db);
  const original = readFileSync(SCHEMA_FILE, 'utf8');

  const broken = original
    .replace(/(interface AgenciesTable \{[^}]*?)name_en: string \| null;/, '$1name_en: string;')
    .replace(/(interface AgenciesTable \{[^}]*?)depth: number;/, '$1depth: string;')
    .replace(/(interface UsersTable \{[^}]*?)last_sign_in_at: Date \| null;/, '$1last_sign_in_at: Date | null;\n  nickname: string;')
    .replace(/(interface SettingsTable \{[^}]*?)updated_at: TimestampDefault;/, '$1')
    .replace(/\| 'unit';/, ';')
    .replace(/\n  schema_migrations: SchemaMigrationsTable;/, '');
  t.not(broken, original, 'the fixture edits applied');

  const problems = compareSchemas(parseSchema(broken), dbSide);
  const expectations: [RegExp, string][] = [
    [/^agencies\.name_en: schema\.ts says not null/, 'nullability'],
    [/^agencies\.depth: .*database type int4/, 'type'],
    [/^users\.nickname: in schema\.ts/, 'extra column'],
    [/^settings\.updated_at: column in the database, missing/, 'missing column'],
    [/^agencies\.kind: schema\.ts allows .*, the check constraint allows .*unit/, 'literal union against the check constraint'],
    [/^table schema_migrations: in the database, missing/, 'missing table'],
  ];
  for (const [pattern, what] of expectations) {
    t.ok(
      problems.some((p) => pattern.test(p)),
      `reports ${what}`,
      { found: problems },
    );
  }
  t.equal(problems.length, expectations.length, 'and nothing else', { found: problems });
});
