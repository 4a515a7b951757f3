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

/** Limits that keep a stored tree (and the statement it compiles to) reasonable. */
export const TREE_LIMITS = { maxDepth: 12, maxNodes: 200 } as const;
