import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsString, Length } from 'class-validator';
import { defineCondition } from '../condition-definition';
import { activeSubscriptionsActualSql, hasActiveSubscriptionSql } from './active-subscription.sql';

class SubscriptionProductLabelParams {
  @IsArray({ message: 'labels must be a list of labels' })
  @ArrayNotEmpty({ message: 'labels must name at least one label' })
  @ArrayMaxSize(100)
  @IsString({ each: true, message: 'each of labels must be text' })
  @Length(1, 200, { each: true, message: 'each of labels must be 1 to 200 characters' })
  labels!: string[];
}

/** Labels match exactly, as stored on the product (product.labels && labels). */
export const subscriptionProductLabelCondition = defineCondition({
  type: 'subscription_product_label',
  label: 'Active subscription - product label',
  group: 'subscriptions',
  description: 'has an active subscription whose product carries one of these labels',
  params: [{ name: 'labels', label: 'Product labels', type: 'string[]', required: true }],
  dto: SubscriptionProductLabelParams,
  neverNull: true,
  compile: (p, ctx) => hasActiveSubscriptionSql(ctx, `EXISTS (SELECT 1 FROM product p WHERE p.id = s.product_id AND p.labels && ${ctx.params.bind(p.labels, 'text[]')})`),
  // per active subscription, its product's labels
  actual: (_p, ctx) => activeSubscriptionsActualSql(ctx, `COALESCE((SELECT to_jsonb(p.labels) FROM product p WHERE p.id = s.product_id), '[]'::jsonb)`),
});
