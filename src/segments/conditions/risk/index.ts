import { ConditionDefinition } from '../condition-definition';
import { churnProbabilityCondition } from './churn-probability.condition';
import { expectedVisitsCondition } from './expected-visits.condition';
import { healthCondition } from './health.condition';
import { statusChangedCondition } from './status-changed.condition';
import { statusTagCondition } from './status-tag.condition';
import { statusCondition } from './status.condition';

export const RISK_CONDITIONS: readonly ConditionDefinition[] = [statusCondition, statusTagCondition, statusChangedCondition, healthCondition, churnProbabilityCondition, expectedVisitsCondition];
