import { ConditionDefinition } from '../condition-definition';
import { activeSubscriptionCondition } from './active-subscription.condition';
import { daysSinceRegistrationCondition } from './days-since-registration.condition';
import { inRecoveryCondition } from './in-recovery.condition';
import { memberCondition } from './member.condition';
import { nonRenewingDaysLeftCondition } from './non-renewing-days-left.condition';
import { subscriptionFrozenCondition } from './subscription-frozen.condition';
import { subscriptionMonthlyCostCondition } from './subscription-monthly-cost.condition';
import { subscriptionPaymentMethodCondition } from './subscription-payment-method.condition';
import { subscriptionProductLabelCondition } from './subscription-product-label.condition';
import { subscriptionRenewalCondition } from './subscription-renewal.condition';
import { suspendedCondition } from './suspended.condition';

// Catalogue order (segments.md).
export const SUBSCRIPTIONS_CONDITIONS: readonly ConditionDefinition[] = [
  activeSubscriptionCondition,
  subscriptionRenewalCondition,
  subscriptionPaymentMethodCondition,
  subscriptionFrozenCondition,
  subscriptionProductLabelCondition,
  subscriptionMonthlyCostCondition,
  nonRenewingDaysLeftCondition,
  memberCondition,
  daysSinceRegistrationCondition,
  suspendedCondition,
  inRecoveryCondition,
];
