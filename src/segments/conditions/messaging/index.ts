import { ConditionDefinition } from '../condition-definition';

export const MESSAGING_CONDITIONS: readonly ConditionDefinition[] = [];
