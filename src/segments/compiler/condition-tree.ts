// The segment condition tree (segments.md): groups nest to any depth, leaves name a catalogue
// condition and carry its parameters next to the name.

interface AndNode {
  and: ConditionNode[];
}
interface OrNode {
  or: ConditionNode[];
}
interface NotNode {
  not: ConditionNode;
}
interface LeafNode {
  condition: string;
  [param: string]: unknown;
}
type ConditionNode = AndNode | OrNode | NotNode | LeafNode;

/** Limits that keep a stored tree (and the statement it compiles to) reasonable. */
export const TREE_LIMITS = { maxDepth: 12, maxNodes: 200 } as const;
