import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsString, Length } from 'class-validator';
import { actualSql, defineCondition } from '../condition-definition';

class CustomerTypeParams {
  @IsArray({ message: 'values must be a list of customer types' })
  @ArrayNotEmpty({ message: 'values must name at least one customer type' })
  @ArrayMaxSize(100)
  @IsString({ each: true, message: 'each of values must be text' })
  @Length(1, 100, { each: true, message: 'each of values must be 1 to 100 characters' })
  values!: string[];
}

/** customer_type is free text from the source, so case is ignored ("Student" = "student"). */
export const customerTypeCondition = defineCondition({
  type: 'customer_type',
  label: 'Customer type',
  group: 'person',
  description: 'is of one of these customer types (any letter case)',
  params: [{ name: 'values', label: 'Customer types', type: 'string[]', required: true }],
  dto: CustomerTypeParams,
  // both sides lowered by PostgreSQL, so they fold case the same way; the list is hashed once
  compile: (p, ctx) => `(lower(${ctx.client}.customer_type) IN (SELECT lower(t) FROM unnest(${ctx.params.bind(p.values, 'text[]')}) AS t))`,
  actual: () => actualSql('c.customer_type'),
});
