import { registerDecorator, ValidationArguments } from 'class-validator';

// Bounds for number parameters of a comparison. Note when subclassing ComparisonParams: a
// decorator on a redeclared property replaces every decorator the parent put on that property
// (class-validator keeps the child's validations only), so restate the type check too.

const rangeText = (min: number | undefined, max: number | undefined) => (min !== undefined && max !== undefined ? `from ${min} to ${max}` : min !== undefined ? `>= ${min}` : `<= ${max}`);

/**
 * Bounds a number parameter (either bound may be open). Anything that is not a number passes here,
 * so the property's type check (IsNumber) is the one message it gets.
 */
export function IsWithin(min: number | undefined, max: number | undefined, what = 'a number'): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isWithin',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown) => typeof value !== 'number' || ((min === undefined || value >= min) && (max === undefined || value <= max)),
        defaultMessage: (args: ValidationArguments) => `${args.property} must be ${what} ${rangeText(min, max)}`,
      },
    });
}

/**
 * The `to` of a between comparison: only with operator "between", a number >= value, and at most
 * `max`. Use it together with ValidateIf(operator === 'between' || to !== undefined).
 */
export function IsBetweenUpperBound(max?: number, what = 'a number'): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isBetweenUpperBound',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (to: unknown, args: ValidationArguments) => {
          const o = args.object as { operator?: string; value?: unknown };
          return o.operator === 'between' && typeof to === 'number' && Number.isFinite(to) && (typeof o.value !== 'number' || to >= o.value) && (max === undefined || to <= max);
        },
        defaultMessage: (args: ValidationArguments) => {
          if ((args.object as { operator?: string }).operator !== 'between') return `${args.property} is only read with operator "between"`;
          return max === undefined ? `${args.property} must be ${what} >= value` : `${args.property} must be ${what} from value to ${max}`;
        },
      },
    });
}
