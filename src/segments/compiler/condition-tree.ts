// The segment condition tree (segments.md): groups nest to any depth, leaves name a catalogue
// condition and carry its parameters next to the name.

export interface AndNode {
  and: ConditionNode[];
}
export interface OrNode {
  or: ConditionNode[];
}
export interface NotNode {
  not: ConditionNode;
}
export interface LeafNode {
  condition: string;
  [param: string]: unknown;
}
export type ConditionNode = AndNode | OrNode | NotNode | LeafNode;

export const isAnd = (n: ConditionNode): n is AndNode => 'and' in n;
export const isOr = (n: ConditionNode): n is OrNode => 'or' in n;
export const isNot = (n: ConditionNode): n is NotNode => 'not' in n;
export const isLeaf = (n: ConditionNode): n is LeafNode => 'condition' in n;

/** Limits that keep a stored tree (and the statement it compiles to) reasonable. */
export const TREE_LIMITS = { maxDepth: 12, maxNodes: 200 } as const;

/** The parameters of a leaf: everything except its `condition` name. */
export function leafParams(leaf: LeafNode): Record<string, unknown> {
  const { condition: _type, ...params } = leaf;
  return params;
}

/** Calls fn for every node with its path ('' for the root, then 'and[2].or[0]', 'not', ...). */
export function walkTree(node: ConditionNode, fn: (node: ConditionNode, path: string) => void, path = ''): void {
  fn(node, path);
  const at = (key: string) => (path ? `${path}.${key}` : key);
  if (isAnd(node)) node.and.forEach((child, i) => walkTree(child, fn, `${at('and')}[${i}]`));
  else if (isOr(node)) node.or.forEach((child, i) => walkTree(child, fn, `${at('or')}[${i}]`));
  else if (isNot(node)) walkTree(node.not, fn, at('not'));
}
