import { IsIn, registerDecorator, ValidateIf, ValidationArguments } from 'class-validator';
import { PRODUCT_KINDS } from '../../../clients';
import { CompileContext } from '../../compiler/compile-context';
import { ParamSpec } from '../condition-definition';
import { isRowId } from '../../../common/row-id';

type ProductKind = (typeof PRODUCT_KINDS)[number];

/** Why `value` is not a list of product ids as the API shows them (digits, as strings). */
function productIdListProblem(name: string, value: unknown): string | undefined {
  if (!Array.isArray(value)) return `${name} must be a list of product ids`;
  if (value.length === 0) return `${name} must name at least one product`;
  if (value.length > 1000) return `${name} may list at most 1000 products`;
  const bad = value.findIndex((v) => typeof v !== 'string' || !isRowId(v));
  return bad >= 0 ? `${name}[${bad}] must be a product id (digits, as a string)` : undefined;
}

/** Why `value` is not a non-empty list of short texts (labels, names, categories). */
function textListProblem(name: string, value: unknown): string | undefined {
  if (!Array.isArray(value)) return `${name} must be a list of texts`;
  if (value.length === 0) return `${name} must name at least one`;
  if (value.length > 100) return `${name} may list at most 100`;
  const bad = value.findIndex((v) => typeof v !== 'string' || v.length < 1 || v.length > 200);
  return bad >= 0 ? `${name}[${bad}] must be text of 1 to 200 characters` : undefined;
}

function listValidator(name: string, problem: (property: string, value: unknown) => string | undefined): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown, args: ValidationArguments) => problem(args.property, value) === undefined,
        defaultMessage: (args: ValidationArguments) => problem(args.property, args.value) ?? '',
      },
    });
}

/** One reason per bad list, naming the first bad element. */
export const IsProductIdList = (): PropertyDecorator => listValidator('isProductIdList', productIdListProblem);
export const IsTextList = (): PropertyDecorator => listValidator('isTextList', textListProblem);

/**
 * Which products: of a kind, among given ids, or both (both must hold). At least one is required,
 * so an empty filter never silently means "any product".
 */
export class ProductFilterParams {
  @ValidateIf((o: ProductFilterParams) => o.productKind !== undefined || o.productIds === undefined)
  @IsIn(PRODUCT_KINDS, { message: `productKind must be one of ${PRODUCT_KINDS.join(', ')} (give productKind, productIds or both)` })
  productKind?: ProductKind;

  @ValidateIf((o: ProductFilterParams) => o.productIds !== undefined)
  @IsProductIdList()
  productIds?: string[];
}

/** Products carrying any of the labels (product.labels && labels), matched exactly as stored. */
export class ProductLabelFilterParams {
  @IsTextList()
  labels!: string[];
}

// Neither is required on its own; validation asks for at least one of them.
export const productFilterParamSpecs: ParamSpec[] = [
  { name: 'productKind', label: 'Product kind', type: 'enum', required: false, values: PRODUCT_KINDS },
  { name: 'productIds', label: 'Products', type: 'id[]', required: false },
];

export const productLabelParamSpec: ParamSpec = { name: 'labels', label: 'Product labels', type: 'string[]', required: true };

/**
 * The business's matching product ids as one array, computed once per statement (an InitPlan), so
 * `<column> = ANY (...)` is a cheap test per row. Ids of another business's products drop out.
 */
export function productIdsSql(p: ProductFilterParams, ctx: CompileContext): string {
  const where = [
    `p.business_id = ${ctx.businessId}`,
    p.productKind !== undefined && `p.kind = ${ctx.params.bind(p.productKind, 'text')}`,
    p.productIds !== undefined && `p.id = ANY (${ctx.params.bind(p.productIds, 'bigint[]')})`,
  ].filter(Boolean);
  return `ARRAY(SELECT p.id FROM product p WHERE ${where.join(' AND ')})`;
}

export function productIdsByLabelSql(p: ProductLabelFilterParams, ctx: CompileContext): string {
  return `ARRAY(SELECT p.id FROM product p WHERE p.business_id = ${ctx.businessId} AND p.labels && ${ctx.params.bind(p.labels, 'text[]')})`;
}
