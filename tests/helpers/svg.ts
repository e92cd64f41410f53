// A strict little reader for the SVG the charts emit: it refuses anything not well-formed (unbalanced
// or crossed tags, unquoted attributes, a bare & or <, unknown entities) and gives back a tree to
// query, so the tests read geometry from the markup instead of matching it with regular expressions.
export interface Node {
  tag: string;
  attrs: Record<string, string>;
  children: Node[];
  /** The element's own text, entities decoded (tspans' text is in their own nodes). */
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(s: string, where: string): string {
  if (/[<]/.test(s)) throw new Error(`bare < in ${where}`);
  return s.replace(/&([^;\s]*);?/g, (m, name: string) => {
    if (!m.endsWith(';') || !(name in ENTITIES)) throw new Error(`bad entity ${JSON.stringify(m)} in ${where}`);
    return ENTITIES[name]!;
  });
}

export function parseSvg(markup: string): Node {
  const root: Node = { tag: '#root', attrs: {}, children: [], text: '' };
  const stack = [root];
  const tagPattern = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"]*")*)\s*(\/?)>/y;
  let i = 0;
  while (i < markup.length) {
    const lt = markup.indexOf('<', i);
    const chunk = markup.slice(i, lt === -1 ? markup.length : lt);
    if (chunk !== '') {
      const top = stack[stack.length - 1]!;
      if (top === root && chunk.trim() !== '') throw new Error('text outside the root element');
      top.text += decode(chunk, `text of <${top.tag}>`);
    }
    if (lt === -1) break;
    tagPattern.lastIndex = lt;
    const m = tagPattern.exec(markup);
    if (!m) throw new Error(`malformed tag at ${lt}: ${markup.slice(lt, lt + 60)}`);
    const [whole, close, tag, attrText, selfClose] = m as unknown as [string, string, string, string, string];
    if (close) {
      const open = stack.pop()!;
      if (open.tag !== tag) throw new Error(`</${tag}> closes <${open.tag}>`);
    } else {
      const attrs: Record<string, string> = {};
      for (const a of attrText.matchAll(/([\w:-]+)="([^"]*)"/g)) {
        if (a[1]! in attrs) throw new Error(`duplicate attribute ${a[1]} on <${tag}>`);
        attrs[a[1]!] = decode(a[2]!, `attribute ${a[1]} of <${tag}>`);
      }
      const node: Node = { tag, attrs, children: [], text: '' };
      stack[stack.length - 1]!.children.push(node);
      if (!selfClose) stack.push(node);
    }
    i = lt + whole.length;
  }
  if (stack.length !== 1) throw new Error(`unclosed <${stack[stack.length - 1]!.tag}>`);
  if (root.children.length !== 1) throw new Error('not exactly one root element');
  return root.children[0]!;
}

/** Every element below node (itself included) matching the tag and, if given, having the class. */
export function findAll(node: Node, tag: string, cls?: string): Node[] {
  const out: Node[] = [];
  const walk = (n: Node) => {
    if ((tag === '*' || n.tag === tag) && (cls === undefined || (n.attrs['class'] ?? '').split(' ').includes(cls))) out.push(n);
    n.children.forEach(walk);
  };
  walk(node);
  return out;
}

/** All text inside the node, its tspans' included, line by line. */
export function textOf(node: Node): string {
  return [node.text, ...node.children.map(textOf)].filter((s) => s !== '').join('\n');
}

export const attrNum = (n: Node, name: string): number => {
  const v = n.attrs[name];
  if (v === undefined) throw new Error(`<${n.tag}> has no ${name}`);
  return Number(v);
};

interface Asserts {
  equal(a: unknown, b: unknown, msg: string): unknown;
  strictSame(a: unknown, b: unknown, msg: string): unknown;
  match(a: unknown, b: RegExp, msg: string): unknown;
}

/**
 * What every chart must be: well-formed, one image to assistive technology named by its <title>
 * and described by its <desc>, with no inline style (the CSP refuses it) and no script.
 */
export function expectChartFrame(t: Asserts, markup: string, frame: { id: string; title: string; description: string }): Node {
  const svg = parseSvg(markup);
  t.equal(svg.tag, 'svg', 'one <svg> root');
  t.equal(svg.attrs['role'], 'img', 'role="img"');
  t.match(svg.attrs['viewBox'] ?? '', /^0 0 \d+(\.\d+)? \d+(\.\d+)?$/, 'sized by its viewBox');
  t.equal(svg.attrs['width'], undefined, 'no fixed width: CSS sizes it');
  const titles = findAll(svg, 'title').filter((n) => n.attrs['id'] === svg.attrs['aria-labelledby']);
  t.equal(titles.length === 1 ? titles[0]!.text : null, frame.title, 'aria-labelledby names the <title>');
  t.equal(svg.children[0]?.tag, 'title', 'the <title> comes first');
  const descs = findAll(svg, 'desc').filter((n) => n.attrs['id'] === svg.attrs['aria-describedby']);
  t.equal(descs.length === 1 ? descs[0]!.text : null, frame.description, 'aria-describedby points at the <desc>');
  t.equal(svg.attrs['id'], frame.id, 'the id given');
  t.strictSame(
    findAll(svg, '*')
      .filter((n) => 'style' in n.attrs || n.tag === 'style' || n.tag === 'script' || Object.keys(n.attrs).some((a) => a.startsWith('on')))
      .map((n) => n.tag),
    [],
    'no style attribute, <style>, <script> or event handler',
  );
  return svg;
}
