import { IsBoolean } from 'class-validator';
import { defineCondition } from '../condition-definition';
import { productIdsByLabelSql, ProductLabelFilterParams, productLabelParamSpec } from '../params/product-filter.params';
import { IsWindow, WindowValue, windowParamSpec } from '../params/window.params';
import { productActivityActualSql, productActivitySql } from './product-activity.sql';

class ProductLabelBoughtParams extends ProductLabelFilterParams {
  @IsWindow()
  window!: WindowValue;

  @IsBoolean({ message: 'bought must be true (bought) or false (did not buy)' })
  bought!: boolean;
}

export const productLabelBoughtCondition = defineCondition({
  type: 'product_label_bought',
  label: 'Product label - bought',
  group: 'activity',
  description: 'bought (bought: false = did not buy) a product carrying one of the labels in the window; refunds are not purchases',
  params: [productLabelParamSpec, windowParamSpec(true, 'Bought in'), { name: 'bought', label: 'Bought', type: 'boolean', required: true }],
  dto: ProductLabelBoughtParams,
  heavy: true,
  compile: (p, ctx) => {
    const bought = productActivitySql('bought', productIdsByLabelSql(p, ctx), p.window, ctx);
    return p.bought ? bought : `(NOT ${bought})`;
  },
  actual: (p, ctx) => productActivityActualSql('bought', productIdsByLabelSql(p, ctx), p.window, ctx),
});
