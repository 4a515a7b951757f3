import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { flattenValidationErrors } from '../../common/validation';
import { conditionByType } from '../conditions/catalogue';
import { ConditionDefinition } from '../conditions/condition-definition';
import { TREE_LIMITS } from './condition-tree';
import { treeCostProblems } from './tree-cost';

export interface TreeProblem {
  path: string;
  reason: string;
}

/** A tree that passed validation: leaves hold their definition and validated parameter object. */
export type ValidNode =
  { kind: 'and' | 'or'; path: string; children: ValidNode[] } | { kind: 'not'; path: string; child: ValidNode } | { kind: 'leaf'; path: string; definition: ConditionDefinition; params: object };

const GROUP_KEYS = ['and', 'or', 'not', 'condition'] as const;

/**
 * Checks a condition tree from the outside world and returns it typed, or every problem with the
 * path of the node it is in ('and[2].or[0].value'), so a 400 can say exactly what to fix. A tree
 * whose nodes are all fine is then held to the cost bound (tree-cost.ts).
 */
export function validateTree(input: unknown, root = 'conditions'): { tree?: ValidNode; problems: TreeProblem[] } {
  const problems: TreeProblem[] = [];
  let nodes = 0;
  const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

  const visit = (node: unknown, path: string, depth: number): ValidNode | undefined => {
    const here = path || root;
    if (++nodes > TREE_LIMITS.maxNodes) {
      if (nodes === TREE_LIMITS.maxNodes + 1) problems.push({ path: here, reason: `a segment may have at most ${TREE_LIMITS.maxNodes} nodes` });
      return undefined;
    }
    if (depth > TREE_LIMITS.maxDepth) {
      problems.push({ path: here, reason: `groups may nest at most ${TREE_LIMITS.maxDepth} deep` });
      return undefined;
    }
    if (typeof node !== 'object' || node === null || Array.isArray(node)) {
      problems.push({ path: here, reason: 'must be an object: {"and": [...]}, {"or": [...]}, {"not": {...}} or {"condition": "<type>", ...}' });
      return undefined;
    }
    const o = node as Record<string, unknown>;
    const kinds = GROUP_KEYS.filter((k) => k in o);
    if (kinds.length !== 1) {
      problems.push({ path: here, reason: kinds.length ? `has both ${kinds.join(' and ')}; a node is exactly one of and, or, not, condition` : 'must have one of and, or, not, condition' });
      return undefined;
    }
    const kind = kinds[0];
    if (kind === 'and' || kind === 'or') {
      const extra = Object.keys(o).filter((k) => k !== kind);
      if (extra.length) problems.push({ path: join(path, extra[0]), reason: `unexpected key next to "${kind}"` });
      const list = o[kind];
      if (!Array.isArray(list) || list.length === 0) {
        problems.push({ path: join(path, kind), reason: 'must be a non-empty array of nodes' });
        return undefined;
      }
      const children = list.map((child, i) => visit(child, `${join(path, kind)}[${i}]`, depth + 1));
      return children.every((c): c is ValidNode => !!c) && !extra.length ? { kind, path, children } : undefined;
    }
    if (kind === 'not') {
      const extra = Object.keys(o).filter((k) => k !== 'not');
      if (extra.length) problems.push({ path: join(path, extra[0]), reason: 'unexpected key next to "not"' });
      const child = visit(o.not, join(path, 'not'), depth + 1);
      return child && !extra.length ? { kind: 'not', path, child } : undefined;
    }
    const type = o.condition;
    const definition = typeof type === 'string' ? conditionByType(type) : undefined;
    if (!definition) {
      problems.push({ path: join(path, 'condition'), reason: typeof type === 'string' ? `unknown condition type '${type}' (see GET /api/v1/segments/catalogue)` : 'must be a condition type name' });
      return undefined;
    }
    const { condition: _type, ...raw } = o;
    const params = plainToInstance(definition.dto, raw) as object;
    const errors = validateSync(params, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true });
    if (errors.length) {
      for (const p of flattenValidationErrors(errors)) problems.push({ path: join(path, p.path), reason: p.reason });
      return undefined;
    }
    return { kind: 'leaf', path, definition, params };
  };

  const tree = visit(input, '', 0);
  if (tree && !problems.length) problems.push(...treeCostProblems(tree, root));
  return problems.length ? { problems } : { tree, problems };
}
