import { ConditionDefinition } from '../condition-definition';
import { aggregatorOnlyCondition } from './aggregator-only.condition';
import { quotaExpiresInCondition } from './quota-expires-in.condition';
import { quotaUnitsLeftCondition } from './quota-units-left.condition';

export const PASSES_CONDITIONS: readonly ConditionDefinition[] = [quotaUnitsLeftCondition, quotaExpiresInCondition, aggregatorOnlyCondition];
