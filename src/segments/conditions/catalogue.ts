import { ACTIVITY_CONDITIONS } from './activity';
import { ConditionDefinition, ConditionGroup } from './condition-definition';
import { lastHumanContactCondition } from './messaging/last-human-contact.condition';
import { PASSES_CONDITIONS } from './passes';
import { PERSON_CONDITIONS } from './person';
import { RISK_CONDITIONS } from './risk';
import { SUBSCRIPTIONS_CONDITIONS } from './subscriptions';

/** Catalogue order of the groups (segments.md); within a group, the order conditions were added. */
const GROUP_ORDER: readonly ConditionGroup[] = ['subscriptions', 'activity', 'person', 'risk', 'messaging', 'passes'];

/** Segments' own conditions; the modules that own other tables add theirs with registerSegmentConditions. */
const BUILT_IN: readonly ConditionDefinition[] = [...SUBSCRIPTIONS_CONDITIONS, ...ACTIVITY_CONDITIONS, ...PERSON_CONDITIONS, ...RISK_CONDITIONS, lastHumanContactCondition, ...PASSES_CONDITIONS];

const BY_TYPE = new Map<string, ConditionDefinition>();
let ordered: ConditionDefinition[] = [];

function add(definitions: readonly ConditionDefinition[]): void {
  const batch = new Set<string>();
  for (const c of definitions) {
    if (BY_TYPE.has(c.type) || batch.has(c.type)) throw new Error(`segment condition '${c.type}' is registered twice`);
    if (!GROUP_ORDER.includes(c.group)) throw new Error(`segment condition '${c.type}' has an unknown group '${c.group}'`);
    batch.add(c.type);
  }
  for (const c of definitions) BY_TYPE.set(c.type, c);
  // a stable sort: each group keeps the order its conditions arrived in
  ordered = [...BY_TYPE.values()].sort((a, b) => GROUP_ORDER.indexOf(a.group) - GROUP_ORDER.indexOf(b.group));
}

add(BUILT_IN);

/**
 * The seam for conditions over tables segments does not own (docs/segments.md "Conditions from
 * other modules"): a module above segments (actions' touches and consent ledger, ...) adds its
 * definitions when its index.ts is loaded, so the SQL of a table stays in the module that owns
 * it and segments imports nothing above it. A type already in the catalogue throws, whoever
 * added it first. Every process that builds the application (API, worker, CLI) loads those
 * modules through the composition root before it validates or evaluates a tree.
 */
export function registerSegmentConditions(definitions: readonly ConditionDefinition[]): void {
  add(definitions);
}

export function conditionByType(type: string): ConditionDefinition | undefined {
  return BY_TYPE.get(type);
}

/** The catalogue as the API serves it: everything a UI needs to build its editor. */
export function describeCatalogue() {
  return ordered.map((c) => ({ type: c.type, label: c.label, group: c.group, description: c.description, params: c.params, showsActual: c.actual !== undefined }));
}
