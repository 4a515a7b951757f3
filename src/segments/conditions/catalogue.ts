import { ACTIVITY_CONDITIONS } from './activity';
import { ConditionDefinition } from './condition-definition';
import { MESSAGING_CONDITIONS } from './messaging';
import { PASSES_CONDITIONS } from './passes';
import { PERSON_CONDITIONS } from './person';
import { RISK_CONDITIONS } from './risk';
import { SUBSCRIPTIONS_CONDITIONS } from './subscriptions';

/** Every condition a segment can use, in catalogue order (segments.md). */
const CONDITIONS: readonly ConditionDefinition[] = [...SUBSCRIPTIONS_CONDITIONS, ...ACTIVITY_CONDITIONS, ...PERSON_CONDITIONS, ...RISK_CONDITIONS, ...MESSAGING_CONDITIONS, ...PASSES_CONDITIONS];

const BY_TYPE = new Map<string, ConditionDefinition>();
for (const c of CONDITIONS) {
  if (BY_TYPE.has(c.type)) throw new Error(`segment condition '${c.type}' is registered twice`);
  BY_TYPE.set(c.type, c);
}

export function conditionByType(type: string): ConditionDefinition | undefined {
  return BY_TYPE.get(type);
}

/** The catalogue as the API serves it: everything a UI needs to build its editor. */
export function describeCatalogue() {
  return CONDITIONS.map((c) => ({ type: c.type, label: c.label, group: c.group, description: c.description, params: c.params, showsActual: c.actual !== undefined }));
}
