import { IsBoolean } from 'class-validator';
import { defineCondition } from '../condition-definition';
import { productFilterParamSpecs, ProductFilterParams, productIdsSql } from '../params/product-filter.params';
import { IsWindow, WindowValue, windowParamSpec } from '../params/window.params';
import { productActivityActualSql, productActivitySql } from './product-activity.sql';

class ProductBoughtParams extends ProductFilterParams {
  @IsWindow()
  window!: WindowValue;

  @IsBoolean({ message: 'bought must be true (bought) or false (did not buy)' })
  bought!: boolean;
}

export const productBoughtCondition = defineCondition({
  type: 'product_bought',
  label: 'Product - bought',
  group: 'activity',
  description: 'bought (bought: false = did not buy) such a product (by kind and/or product) in the window; refunds are not purchases',
  params: [...productFilterParamSpecs, windowParamSpec(true, 'Bought in'), { name: 'bought', label: 'Bought', type: 'boolean', required: true }],
  dto: ProductBoughtParams,
  heavy: true,
  compile: (p, ctx) => {
    const bought = productActivitySql('bought', productIdsSql(p, ctx), p.window, ctx);
    return p.bought ? bought : `(NOT ${bought})`;
  },
  actual: (p, ctx) => productActivityActualSql('bought', productIdsSql(p, ctx), p.window, ctx),
});
