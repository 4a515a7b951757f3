import { MAX_WINDOW_DAYS, WindowValue } from '../conditions/params/window.params';
import { TreeProblem, ValidNode } from './validate-tree';

/**
 * The cost bound of a condition tree (issue #17: 199 OR'd conditions over visits, bookings and
 * sales with 10-year windows ran 77 s on 100k clients, linear in the conditions). Each heavy
 * condition (one reading a large table: ConditionDefinition.heavy) reads its window's rows once
 * per evaluation, so a tree may have at most `maxHeavyConditions` of them, and their windows may
 * add up to at most `maxHeavyDays` days. A condition without a window reads the table's rows
 * of interest whatever their date and counts `windowlessDays`. Open-ended fixed windows count
 * the longest window (MAX_WINDOW_DAYS). The statement timeout (docs/reliability.md) is the
 * backstop for what this estimate misses.
 */
export const TREE_COST = {
  maxHeavyConditions: 20,
  maxHeavyDays: 7_320,
  windowlessDays: 365,
} as const;

const DAY_MS = 86_400_000;

/** How many days of rows a window reads, at most MAX_WINDOW_DAYS. */
export function windowDays(w: WindowValue | undefined): number {
  if (!w) return TREE_COST.windowlessDays;
  if (w.last !== undefined) return w.last;
  if (w.next !== undefined) return w.next;
  if (w.from === undefined || w.to === undefined) return MAX_WINDOW_DAYS;
  const span = Math.round((Date.parse(`${w.to}T00:00:00Z`) - Date.parse(`${w.from}T00:00:00Z`)) / DAY_MS) + 1;
  return Math.min(Math.max(span, 1), MAX_WINDOW_DAYS);
}

const READS = 'visits, bookings, sales, invoices or status history';

/** Problems of a valid tree that is over the bound, each naming the condition that crosses it. */
export function treeCostProblems(tree: ValidNode, root = 'conditions'): TreeProblem[] {
  const problems: TreeProblem[] = [];
  let heavy = 0;
  let days = 0;
  const visit = (node: ValidNode): void => {
    if (node.kind === 'not') return visit(node.child);
    if (node.kind !== 'leaf') {
      node.children.forEach(visit);
      return;
    }
    if (!node.definition.heavy) return;
    const path = node.path || root;
    heavy++;
    const before = days;
    days += windowDays((node.params as { window?: WindowValue }).window);
    if (heavy === TREE_COST.maxHeavyConditions + 1) {
      problems.push({
        path,
        reason: `a segment may have at most ${TREE_COST.maxHeavyConditions} conditions over ${READS}; this is number ${heavy} (combine them or drop some)`,
      });
    }
    if (before <= TREE_COST.maxHeavyDays && days > TREE_COST.maxHeavyDays) {
      problems.push({
        path,
        reason: `the windows of the conditions over ${READS} may add up to at most ${TREE_COST.maxHeavyDays} days; with this one they reach ${days} (shorten the windows or use fewer such conditions)`,
      });
    }
  };
  visit(tree);
  return problems;
}
