import { CompileContext, ValidNode, validateTree, ConditionDefinition, defineCondition, NoParams } from '../../segments';
import { joinPath, Problem } from '../dto/validate-as';

// A branch condition is any segment condition tree, plus leaves only the engine can answer
// because they are about the run, not the client: they compile against the enrollment row `e`
// of the branch statement (automation-branch.repository.ts). Everything else is the segment
// catalogue, validated by validateTree and compiled by compileNode like a saved segment.

/** The enrollment row every engine leaf may read (`automation_enrollment e`). */
export const ENROLLMENT_ALIAS = 'e';

const visitedSinceTrigger = defineCondition({
  type: 'visited_since_trigger',
  label: 'Visited since the trigger',
  group: 'activity',
  description: 'has a visit at or after the moment the automation was triggered for this run',
  params: [],
  dto: NoParams,
  neverNull: true,
  // visited_on bounds the (client_id, visited_on) index walk to the days since the trigger
  compile: (_p, ctx: CompileContext) =>
    `EXISTS (SELECT 1 FROM visit v WHERE v.client_id = c.id AND v.business_id = ${ctx.businessId}
       AND v.visited_on >= (${ENROLLMENT_ALIAS}.triggered_at AT TIME ZONE ${ctx.timezone})::date
       AND v.visited_at >= ${ENROLLMENT_ALIAS}.triggered_at)`,
});

const ENGINE_CONDITIONS: ReadonlyMap<string, ConditionDefinition> = new Map([[visitedSinceTrigger.type, visitedSinceTrigger]]);

/** The engine's leaves as the catalogue describes a condition (GET /api/v1/automations/catalogue). */
export function describeEngineConditions() {
  return [...ENGINE_CONDITIONS.values()].map((c) => ({ type: c.type, label: c.label, group: c.group, description: c.description, params: c.params, showsActual: false }));
}

// Stands in for an engine leaf while validateTree checks the rest (it needs a catalogue type).
const PLACEHOLDER = { condition: 'member', value: true };

/**
 * Validates a branch condition. Problems carry full paths (`steps[1].condition.and[0].value`), the
 * same reasons validateTree gives for segments.
 */
export function parseBranchCondition(raw: unknown, prefix: string): { tree?: ValidNode; problems: Problem[] } {
  const engine = new Map<string, ConditionDefinition>();
  const problems: Problem[] = [];
  const replaced = substitute(raw, '', engine, problems, prefix);
  const checked = validateTree(replaced, '');
  problems.push(...checked.problems.map((p) => ({ path: joinPath(prefix, p.path), reason: p.reason })));
  if (problems.length || !checked.tree) return { problems };
  return { tree: restore(checked.tree, engine), problems };
}

function substitute(node: unknown, path: string, engine: Map<string, ConditionDefinition>, problems: Problem[], prefix: string): unknown {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return node;
  const o = node as Record<string, unknown>;
  const at = (k: string) => (path ? `${path}.${k}` : k);
  if (typeof o.condition === 'string' && ENGINE_CONDITIONS.has(o.condition) && !('and' in o || 'or' in o || 'not' in o)) {
    for (const k of Object.keys(o)) if (k !== 'condition') problems.push({ path: joinPath(prefix, at(k)), reason: 'this condition takes no parameters' });
    engine.set(path, ENGINE_CONDITIONS.get(o.condition)!);
    return PLACEHOLDER;
  }
  const out: Record<string, unknown> = { ...o };
  for (const k of ['and', 'or'] as const) {
    if (Array.isArray(o[k])) out[k] = (o[k] as unknown[]).map((child, i) => substitute(child, `${at(k)}[${i}]`, engine, problems, prefix));
  }
  if ('not' in o) out.not = substitute(o.not, at('not'), engine, problems, prefix);
  return out;
}

function restore(node: ValidNode, engine: Map<string, ConditionDefinition>): ValidNode {
  switch (node.kind) {
    case 'and':
    case 'or':
      return { ...node, children: node.children.map((c) => restore(c, engine)) };
    case 'not':
      return { ...node, child: restore(node.child, engine) };
    case 'leaf': {
      const definition = engine.get(node.path);
      return definition ? { kind: 'leaf', path: node.path, definition, params: {} } : node;
    }
  }
}
