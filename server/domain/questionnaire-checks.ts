// Cross-reference checks of a questionnaire definition: what a schema of shapes cannot see. They
// read the raw (NFC-normalised) input defensively, so they run even where parts of the definition
// have shape errors, and the administrator gets every mistake in one pass instead of one per try.
import { QUESTION_CODE } from './questionnaire-schema.ts';

export type PathSegment = string | number;
export type Path = PathSegment[];
export interface RawIssue {
  path: Path;
  message: string;
}

type Raw = Record<string, unknown>;
const isObj = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const isValue = (v: unknown): v is string | number => typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v));
// 1 and "1" are different answers in a stored response, so values compare with their type.
const valueKey = (v: string | number) => `${typeof v}:${v}`;
const show = (v: unknown) => JSON.stringify(v);

interface Node {
  path: Path;
  obj: Raw;
  code: string | undefined;
  /** criterion, element-satisfaction, overall (rated on a scale), applicability, or the question's type. */
  kind: string;
  /** Answer values, in order; null when the question has no fixed answers (text) or they cannot be read. */
  values: (string | number)[] | null;
}

export function checkReferences(input: Raw): RawIssue[] {
  const issues: RawIssue[] = [];
  const scales = isObj(input['scales']) ? input['scales'] : {};
  const scaleNames = Object.keys(scales);
  checkScales(scales, issues);

  const scaleValues = (name: string | undefined): (string | number)[] | null => {
    const s = name === undefined ? undefined : scales[name];
    if (!isObj(s)) return null;
    const values = list(s['options'])
      .map((o) => (isObj(o) ? o['value'] : undefined))
      .filter(isValue);
    const no = isObj(s['noOpinion']) ? s['noOpinion']['value'] : undefined;
    const all = isValue(no) ? [...values, no] : values;
    return all.filter((v, i) => all.findIndex((x) => valueKey(x) === valueKey(v)) === i);
  };
  const onlyScale = scaleNames.length === 1 ? scaleNames[0] : undefined;

  const nodes: Node[] = [];
  const codes: { code: string; path: Path }[] = [];

  const rated = (obj: unknown, path: Path, kind: string, inherited: string | undefined) => {
    if (!isObj(obj)) return;
    const explicit = str(obj['scale']);
    if (explicit !== undefined && !(explicit in scales)) issues.push(unknownScale(explicit, [...path, 'scale'], scaleNames));
    nodes.push({ path, obj, code: str(obj['code']), kind, values: scaleValues(explicit ?? inherited ?? onlyScale) });
  };
  const needsScale = (obj: Raw, path: Path, childrenLackScale: boolean) => {
    if (str(obj['scale']) === undefined && childrenLackScale && scaleNames.length > 1) {
      issues.push({
        path: [...path, 'scale'],
        message: `missing: the definition has ${scaleNames.length} scales (${scaleNames.join(', ')}), so name the one to use`,
      });
    }
  };

  if (Array.isArray(input['elements'])) {
    input['elements'].forEach((el, i) => {
      if (!isObj(el)) return;
      const path: Path = ['elements', i];
      const elCode = str(el['code']);
      if (elCode !== undefined) codes.push({ code: elCode, path: [...path, 'code'] });
      const elScale = str(el['scale']);
      if (elScale !== undefined && !(elScale in scales)) issues.push(unknownScale(elScale, [...path, 'scale'], scaleNames));
      const inherited = elScale !== undefined && elScale in scales ? elScale : undefined;
      const children: { obj: unknown; path: Path }[] = [];
      if (isObj(el['applicability'])) {
        const a = el['applicability'];
        const aPath: Path = [...path, 'applicability'];
        const values = choiceValues(a['options'], [...aPath, 'options'], issues);
        nodes.push({ path: aPath, obj: a, code: str(a['code']), kind: 'applicability', values });
        children.push({ obj: a, path: aPath });
        if (values) {
          list(a['applicableWhen']).forEach((v, k) => {
            if (isValue(v) && !values.some((x) => valueKey(x) === valueKey(v))) {
              issues.push({
                path: [...aPath, 'applicableWhen', k],
                message: `${show(v)} is not one of this question's answers (${values.map(show).join(', ')})`,
              });
            }
          });
        }
      }
      list(el['criteria']).forEach((c, k) => {
        rated(c, [...path, 'criteria', k], 'criterion', inherited);
        children.push({ obj: c, path: [...path, 'criteria', k] });
      });
      rated(el['satisfaction'], [...path, 'satisfaction'], 'element-satisfaction', inherited);
      children.push({ obj: el['satisfaction'], path: [...path, 'satisfaction'] });
      const lacking = children.some((c) => c.path.at(-1) !== 'applicability' && isObj(c.obj) && str(c.obj['scale']) === undefined);
      needsScale(el, path, lacking);
      if (elCode !== undefined) {
        for (const c of children) {
          const code = isObj(c.obj) ? str(c.obj['code']) : undefined;
          // A malformed code already has its own error; one message per mistake.
          if (code !== undefined && QUESTION_CODE.test(code) && !code.startsWith(`${elCode}.`)) {
            issues.push({
              path: [...c.path, 'code'],
              message: `${show(code)} is inside element ${elCode}, so its code must start with "${elCode}."`,
            });
          }
        }
      }
    });
  }
  if (isObj(input['overall'])) {
    rated(input['overall'], ['overall'], 'overall', undefined);
    needsScale(input['overall'], ['overall'], true);
  }

  const question = (obj: unknown, path: Path) => {
    if (!isObj(obj)) return;
    const type = str(obj['type']);
    let values: (string | number)[] | null = null;
    if (type === 'scale') {
      const name = str(obj['scale']);
      if (name !== undefined && !(name in scales)) issues.push(unknownScale(name, [...path, 'scale'], scaleNames));
      values = scaleValues(name);
    } else if (type === 'single' || type === 'multi') {
      values = choiceValues(obj['options'], [...path, 'options'], issues);
      const max = obj['max'];
      const n = list(obj['options']).length;
      if (typeof max === 'number' && Array.isArray(obj['options']) && max > n) {
        issues.push({ path: [...path, 'max'], message: `max is ${max} but the question has only ${n} options` });
      }
    }
    nodes.push({ path, obj, code: str(obj['code']), kind: type ?? 'unknown', values });
  };
  list(input['background']).forEach((q, i) => question(q, ['background', i]));
  if (isObj(input['expectations'])) question(input['expectations'], ['expectations']);
  if (isObj(input['comment'])) question(input['comment'], ['comment']);
  list(input['questions']).forEach((q, i) => question(q, ['questions', i]));

  for (const n of nodes) if (n.code !== undefined) codes.push({ code: n.code, path: [...n.path, 'code'] });
  checkDuplicateCodes(codes, issues);

  nodes.forEach((n, index) => {
    if (n.obj['required'] === true && n.obj['optional'] === true) {
      issues.push({ path: [...n.path, 'optional'], message: 'a question cannot be both required and optional' });
    }
    checkAskWhen(n, index, nodes, issues);
  });
  return issues;
}

function unknownScale(name: string, path: Path, known: string[]): RawIssue {
  return { path, message: `unknown scale ${show(name)}; the scales defined are: ${known.length ? known.join(', ') : 'none'}` };
}

function checkScales(scales: Raw, issues: RawIssue[]) {
  for (const [name, s] of Object.entries(scales)) {
    if (!isObj(s)) continue;
    const path: Path = ['scales', name];
    const values = choiceValues(s['options'], [...path, 'options'], issues) ?? [];
    const known = new Set(values.map(valueKey));
    const seen = new Set<string>();
    list(s['satisfied']).forEach((v, k) => {
      if (!isValue(v)) return;
      if (!known.has(valueKey(v))) {
        issues.push({
          path: [...path, 'satisfied', k],
          message: `${show(v)} is not a value of this scale (values: ${values.map(show).join(', ')})`,
        });
      } else if (seen.has(valueKey(v))) {
        issues.push({ path: [...path, 'satisfied', k], message: `${show(v)} is listed twice` });
      }
      seen.add(valueKey(v));
    });
    if (values.length > 0 && values.every((v) => seen.has(valueKey(v)))) {
      issues.push({ path: [...path, 'satisfied'], message: 'every value of the scale counts as satisfied, so every index would be 100%' });
    }
    const no = isObj(s['noOpinion']) ? s['noOpinion']['value'] : undefined;
    if (isValue(no) && known.has(valueKey(no))) {
      issues.push({
        path: [...path, 'noOpinion', 'value'],
        message: `${show(no)} is already a value of the scale; "no opinion" needs a value of its own`,
      });
    }
  }
}

/** The option values of a choice list, reporting values that appear twice. */
function choiceValues(options: unknown, path: Path, issues: RawIssue[]): (string | number)[] | null {
  if (!Array.isArray(options)) return null;
  const values: (string | number)[] = [];
  const first = new Map<string, number>();
  options.forEach((o, k) => {
    const v = isObj(o) ? o['value'] : undefined;
    if (!isValue(v)) return;
    const prior = first.get(valueKey(v));
    if (prior !== undefined) {
      issues.push({ path: [...path, k, 'value'], message: `value ${show(v)} is already used at ${formatPath([...path, prior, 'value'])}` });
    } else {
      first.set(valueKey(v), k);
      values.push(v);
    }
  });
  return values;
}

function checkDuplicateCodes(codes: { code: string; path: Path }[], issues: RawIssue[]) {
  const first = new Map<string, Path>();
  for (const c of codes) {
    const prior = first.get(c.code);
    if (prior) issues.push({ path: c.path, message: `code ${show(c.code)} is already used at ${formatPath(prior.slice(0, -1))}` });
    else first.set(c.code, c.path);
  }
}

function checkAskWhen(n: Node, index: number, nodes: Node[], issues: RawIssue[]) {
  const ask = n.obj['askWhen'];
  if (!isObj(ask)) return;
  const target = str(ask['question']);
  if (target === undefined) return;
  const at = nodes.findIndex((m) => m.code === target);
  const path: Path = [...n.path, 'askWhen'];
  if (at === -1) {
    issues.push({ path: [...path, 'question'], message: `no question has the code ${show(target)}` });
    return;
  }
  if (at === index) {
    issues.push({ path: [...path, 'question'], message: 'a question cannot depend on its own answer' });
    return;
  }
  if (at > index) {
    issues.push({
      path: [...path, 'question'],
      message: `${target} comes after this question; a condition can only look at earlier answers`,
    });
    return;
  }
  const t = nodes[at]!;
  if (t.kind === 'text') {
    issues.push({
      path: [...path, 'question'],
      message: `${target} is a free-text question; a condition needs a question with fixed answers`,
    });
    return;
  }
  const values = t.values;
  if (!values) return;
  list(ask['in']).forEach((v, k) => {
    if (isValue(v) && !values.some((x) => valueKey(x) === valueKey(v))) {
      issues.push({
        path: [...path, 'in', k],
        message: `${show(v)} is not an answer of ${target} (answers: ${values.map(show).join(', ')})`,
      });
    }
  });
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A JSON path as people read it: $.elements[2].criteria[0].code */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '$';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else if (typeof p === 'string' && IDENTIFIER.test(p)) out += `.${p}`;
    else out += `[${JSON.stringify(String(p))}]`;
  }
  return out;
}
