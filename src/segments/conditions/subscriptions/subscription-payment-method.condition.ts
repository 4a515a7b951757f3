import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsIn } from 'class-validator';
import { PAYMENT_METHODS } from '../../../clients';
import { defineCondition } from '../condition-definition';
import { activeSubscriptionsActualSql, hasActiveSubscriptionSql } from './active-subscription.sql';

type PaymentMethod = (typeof PAYMENT_METHODS)[number];

class SubscriptionPaymentMethodParams {
  @IsArray({ message: 'methods must be a list of payment methods' })
  @ArrayNotEmpty({ message: 'methods must name at least one payment method' })
  @ArrayMaxSize(PAYMENT_METHODS.length * 2)
  @IsIn(PAYMENT_METHODS, { each: true, message: `each of methods must be one of ${PAYMENT_METHODS.join(', ')}` })
  methods!: PaymentMethod[];
}

export const subscriptionPaymentMethodCondition = defineCondition({
  type: 'subscription_payment_method',
  label: 'Active subscription - payment method',
  group: 'subscriptions',
  description: 'has an active subscription paid by one of these methods',
  params: [{ name: 'methods', label: 'Payment methods', type: 'enum[]', required: true, values: PAYMENT_METHODS }],
  dto: SubscriptionPaymentMethodParams,
  neverNull: true,
  compile: (p, ctx) => hasActiveSubscriptionSql(ctx, `s.payment_method = ANY (${ctx.params.bind(p.methods, 'text[]')})`),
  actual: (_p, ctx) => activeSubscriptionsActualSql(ctx, 's.payment_method'),
});
