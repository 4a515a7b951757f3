import { ConditionDefinition } from '../condition-definition';
import { ageCondition } from './age.condition';
import { customerTypeCondition } from './customer-type.condition';
import { genderCondition } from './gender.condition';
import { locationCondition } from './location.condition';

export const PERSON_CONDITIONS: readonly ConditionDefinition[] = [ageCondition, genderCondition, customerTypeCondition, locationCondition];
