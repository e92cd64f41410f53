// The organisation tree in display order: each agency followed by its children, siblings by code.
// (Path order alone sorts siblings by id as text — '/1/10/' before '/1/2/' — which reads as random.)

export interface TreeNode {
  id: number;
  parent_id: number | null;
  code: string;
}

/** Orders agencies depth-first; level 0 is the shallowest agency given (a root, or the --root agency). */
export function treeOrder<T extends TreeNode>(agencies: readonly T[]): { agency: T; level: number }[] {
  const ids = new Set(agencies.map((a) => a.id));
  const children = new Map<number | null, T[]>();
  for (const a of agencies) {
    // An agency whose parent is not in the list starts a tree of its own.
    const key = a.parent_id !== null && ids.has(a.parent_id) ? a.parent_id : null;
    const list = children.get(key) ?? [];
    list.push(a);
    children.set(key, list);
  }
  for (const list of children.values()) list.sort((x, y) => x.code.localeCompare(y.code, 'en'));
  const out: { agency: T; level: number }[] = [];
  const stack: { agency: T; level: number }[] = [...(children.get(null) ?? [])].reverse().map((agency) => ({ agency, level: 0 }));
  while (stack.length > 0) {
    const item = stack.pop()!;
    out.push(item);
    const kids = children.get(item.agency.id) ?? [];
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ agency: kids[i]!, level: item.level + 1 });
  }
  return out;
}
