import { registerDecorator, ValidationArguments } from 'class-validator';
import { ParamSpec } from '../condition-definition';

/** Why `value` is not a non-empty list of distinct allowed values, or undefined when it is. */
export function choiceListProblem(name: string, value: unknown, allowed: readonly string[]): string | undefined {
  const choices = allowed.join(', ');
  if (!Array.isArray(value) || value.length === 0) return `${name} must be a non-empty array of: ${choices}`;
  for (const [i, v] of value.entries()) {
    if (typeof v !== 'string' || !allowed.includes(v)) return `${name}[${i}] ${JSON.stringify(v)} is not one of: ${choices}`;
    if (value.indexOf(v) !== i) return `${name} lists '${v}' twice`;
  }
  return undefined;
}

/** A non-empty list of distinct values from a closed set (statuses, tags, bands...). */
export function IsChoiceList(allowed: readonly string[]): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isChoiceList',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown, args: ValidationArguments) => choiceListProblem(args.property, value, allowed) === undefined,
        defaultMessage: (args: ValidationArguments) => choiceListProblem(args.property, args.value, allowed) ?? '',
      },
    });
}

export const choiceListParamSpec = (name: string, label: string, values: readonly string[], required = true): ParamSpec => ({
  name,
  label,
  type: 'enum[]',
  required,
  values,
});
