import type { ApiTree, CatalogueParam } from '../../api/segments';

// The editor's own tree: groups (AND / OR) and leaves, each of which may be negated. It maps
// one to one onto the API's tree ({not: x} around a negated node), which stays the only truth
// about what a tree means: the page never evaluates a condition itself. The conditions come from
// the catalogue the page gives (the segment catalogue, or an automation branch's).

/** One condition of a catalogue, as GET /segments/catalogue and GET /automations/catalogue describe it. */
export interface CatalogueCondition {
  type: string;
  label: string;
  group: string;
  description: string;
  params: CatalogueParam[];
}

export type ParamValue = unknown;
export interface Leaf {
  id: string;
  kind: 'leaf';
  negate: boolean;
  type: string;
  params: Record<string, ParamValue>;
}
export interface Group {
  id: string;
  kind: 'and' | 'or';
  negate: boolean;
  children: Node[];
}
export type Node = Leaf | Group;

let next = 0;
export const newId = () => `n${++next}`;

export const emptyTree = (): Group => ({ id: newId(), kind: 'and', negate: false, children: [] });

/** A parameter form shows `to` only with "between" (the catalogue says so in `when`). */
export function paramShown(p: CatalogueParam, params: Record<string, ParamValue>): boolean {
  const m = /^(\w+) = (\S+)$/.exec(p.when ?? '');
  return m ? params[m[1]] === m[2] : true;
}

/** Starting values for a freshly added condition, from the catalogue alone. */
export function defaultParams(c: CatalogueCondition): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  for (const p of c.params) {
    if (!p.required) continue;
    switch (p.type) {
      case 'operator':
        out[p.name] = p.operators?.includes('>=') ? '>=' : p.operators?.[0];
        break;
      case 'number':
      case 'integer':
        out[p.name] = Math.max(p.min ?? 0, Math.min(p.max ?? Infinity, 1));
        break;
      case 'boolean':
        out[p.name] = true;
        break;
      case 'window':
        out[p.name] = { last: 30 };
        break;
      case 'enum':
        out[p.name] = p.values?.[0];
        break;
      case 'enum[]':
        out[p.name] = p.values?.length ? [p.values[0]] : [];
        break;
      case 'string[]':
      case 'id[]':
        out[p.name] = [];
        break;
      default:
        out[p.name] = undefined;
    }
  }
  return out;
}

const isEmpty = (v: ParamValue) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

/** The parameters to send: the shown ones that have a value. */
function leafParams(leaf: Leaf, c: CatalogueCondition | undefined): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  for (const p of c?.params ?? []) {
    const v = leaf.params[p.name];
    if (!isEmpty(v) && paramShown(p, leaf.params)) out[p.name] = v;
  }
  return out;
}

/** The required parameters of a leaf still missing (the form marks them). */
export function missingParams(leaf: Leaf, c: CatalogueCondition | undefined): string[] {
  if (!c) return [];
  return c.params.filter((p) => paramShown(p, leaf.params) && (p.required || p.when === 'operator = between') && isEmpty(leaf.params[p.name])).map((p) => p.name);
}

/** True when every group has a child and every leaf its required parameters. */
export function complete(node: Node, byType: ReadonlyMap<string, CatalogueCondition>): boolean {
  if (node.kind === 'leaf') return missingParams(node, byType.get(node.type)).length === 0;
  return node.children.length > 0 && node.children.every((c) => complete(c, byType));
}

export function toApi(node: Node, byType: ReadonlyMap<string, CatalogueCondition>): ApiTree {
  const inner: ApiTree = node.kind === 'leaf' ? { condition: node.type, ...leafParams(node, byType.get(node.type)) } : { [node.kind]: node.children.map((c) => toApi(c, byType)) };
  return node.negate ? { not: inner } : inner;
}

/** A saved tree back into the builder; a NOT around a NOT stays two negations folded. */
export function fromApi(tree: ApiTree): Node {
  if ('not' in tree) {
    const n = fromApi(tree.not as ApiTree);
    return { ...n, negate: !n.negate };
  }
  if ('and' in tree || 'or' in tree) {
    const kind = 'and' in tree ? 'and' : 'or';
    return { id: newId(), kind, negate: false, children: (tree[kind] as ApiTree[]).map(fromApi) };
  }
  const { condition, ...params } = tree;
  return { id: newId(), kind: 'leaf', negate: false, type: String(condition), params };
}

/** The builder always edits a group at the top; a saved single condition is wrapped in one. */
export function rootFromApi(tree: ApiTree): Group {
  const n = fromApi(tree);
  return n.kind === 'leaf' || n.negate ? { id: newId(), kind: 'and', negate: false, children: [n] } : n;
}

/** The tree with `id` replaced by what `fn` returns (undefined removes it). */
export function updateNode(node: Node, id: string, fn: (n: Node) => Node | undefined): Node | undefined {
  if (node.id === id) return fn(node);
  if (node.kind === 'leaf') return node;
  return { ...node, children: node.children.map((c) => updateNode(c, id, fn)).filter((c): c is Node => c !== undefined) };
}
