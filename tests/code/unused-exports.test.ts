// No export that nothing imports (issue 12): an exported name says "used elsewhere", and a reader
// who believes it hunts for the caller of `ping` or `requireRole` in vain. Every .ts file of server/,
// tests/ and bench/ is parsed with the TypeScript compiler (syntax only, no type check: about a
// second) and each import and re-export is followed to the file it names; an export of server/ or
// bench/ that none reaches fails here (values: functions, classes, constants). Used only in its own
// file? Then drop the `export`.
import { readdirSync, existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import ts from 'typescript';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** Whose exports are checked. tests/ only imports (its helpers are used by the files that need them). */
const CHECKED = ['server', 'bench'];
/** Loaded by path, not imported: the CLI reads every command's default export from its folder. */
const entryDefaults = (file: string) => file.startsWith('server/cli/commands/');

function tsFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [join(dir, e.name)] : [],
  );
}

interface ModuleInfo {
  /** Names this file exports from its own declarations ('default' included). */
  own: Set<string>;
  /** `export { a as b } from './x'`: b resolves to a in x. */
  forwarded: Map<string, { file: string; name: string }>;
  /** `export * from './x'`. */
  star: string[];
}

function resolveModule(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = join(dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, join(base, 'index.ts')])
    if (candidate.endsWith('.ts') && existsSync(join(root, candidate))) return candidate;
  return null;
}

const hasExport = (node: ts.Node) =>
  ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
const isDefault = (node: ts.Node) =>
  ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);

t.test('every export of server/ and bench/ is imported somewhere', async (t) => {
  const files = ['server', 'tests', 'bench'].flatMap(tsFiles);
  const modules = new Map<string, ModuleInfo>();
  const uses: { file: string; name: string | '*' }[] = [];

  await Promise.all(
    files.map(async (file) => {
      const source = ts.createSourceFile(file, await readFile(join(root, file), 'utf8'), ts.ScriptTarget.Latest, true);
      const info: ModuleInfo = { own: new Set(), forwarded: new Map(), star: [] };
      modules.set(file, info);
      const visit = (node: ts.Node) => {
        if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
          const target = resolveModule(file, node.moduleSpecifier.text);
          const clause = node.importClause;
          if (target && clause) {
            if (clause.name) uses.push({ file: target, name: 'default' });
            const bindings = clause.namedBindings;
            if (bindings && ts.isNamespaceImport(bindings)) uses.push({ file: target, name: '*' });
            if (bindings && ts.isNamedImports(bindings))
              for (const el of bindings.elements) uses.push({ file: target, name: (el.propertyName ?? el.name).text });
          }
        } else if (ts.isExportDeclaration(node)) {
          const target =
            node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier) ? resolveModule(file, node.moduleSpecifier.text) : null;
          if (!node.exportClause) {
            if (target) info.star.push(target);
          } else if (ts.isNamedExports(node.exportClause)) {
            for (const el of node.exportClause.elements) {
              const local = (el.propertyName ?? el.name).text;
              if (target) info.forwarded.set(el.name.text, { file: target, name: local });
              else info.own.add(el.name.text);
            }
          }
        } else if (ts.isExportAssignment(node)) {
          info.own.add('default');
        } else if (hasExport(node)) {
          if (isDefault(node)) info.own.add('default');
          else if (ts.isVariableStatement(node)) {
            for (const d of node.declarationList.declarations) if (ts.isIdentifier(d.name)) info.own.add(d.name.text);
          } else if ((ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node) || ts.isEnumDeclaration(node)) && node.name)
            info.own.add(node.name.text);
          // Types are left alone: an exported interface that names an exported function's argument
          // documents that function's shape even when every caller writes an object literal.
        } else if (
          ts.isCallExpression(node) &&
          node.expression.kind === ts.SyntaxKind.ImportKeyword &&
          node.arguments[0] &&
          ts.isStringLiteral(node.arguments[0])
        ) {
          // import('./csv.ts'): the callers read its default export.
          const target = resolveModule(file, node.arguments[0].text);
          if (target) uses.push({ file: target, name: 'default' });
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }),
  );

  const used = new Set<string>();
  const key = (file: string, name: string) => `${file}#${name}`;
  const mark = (file: string, name: string, seen = new Set<string>()): void => {
    const info = modules.get(file);
    if (!info || seen.has(key(file, name))) return;
    seen.add(key(file, name));
    if (name === '*') {
      for (const n of [...info.own, ...info.forwarded.keys()]) mark(file, n, seen);
      for (const s of info.star) mark(s, '*', seen);
      return;
    }
    if (info.own.has(name)) used.add(key(file, name));
    const f = info.forwarded.get(name);
    if (f) mark(f.file, f.name, seen);
    for (const s of info.star) mark(s, name, seen);
  };
  for (const u of uses) mark(u.file, u.name);

  const unused: string[] = [];
  for (const [file, info] of modules) {
    if (!CHECKED.some((dir) => file.startsWith(`${dir}/`))) continue;
    for (const name of info.own) {
      if (name === 'default' && entryDefaults(file)) continue;
      if (!used.has(key(file, name))) unused.push(`${relative(root, join(root, file))}: ${name}`);
    }
  }
  t.ok(modules.size > 300, `${modules.size} files read`);
  t.same(unused.sort(), [], 'exports imported nowhere (drop the export, or the code)');
});
