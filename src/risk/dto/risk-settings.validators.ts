import { ValidationArguments, ValidationOptions, registerDecorator } from 'class-validator';
import { SettingsProblem, absentBandsProblems, lowUserTableProblems } from '../rules/risk-settings-validation';
import { HEALTH_SIGNALS } from '../rules/risk-settings';

// Custom class-validator decorators for the rules a single field cannot express. Each message
// names the exact path of the offending value (e.g. `absent.bands[2].minDays`).

function problemsDecorator(name: string, check: (value: unknown) => SettingsProblem[], options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name,
      target: object.constructor,
      propertyName,
      options,
      validator: {
        validate: (value: unknown) => value === undefined || value === null || check(value).length === 0,
        defaultMessage: (args: ValidationArguments) =>
          check(args.value)
            .map((p) => p.reason)
            .join('; '),
      },
    });
}

/** Absent bands start at 0 days, each begins the day after the previous one ends, and only the last is open (maxDays null). */
export function ContiguousBands(path: string, options?: ValidationOptions) {
  return problemsDecorator('contiguousBands', (v) => absentBandsProblems(v, path, true), options);
}

/** Low User rows are for 0, 1, 2, ... sessions in that order. */
export function ConsecutiveSessionRows(path: string, options?: ValidationOptions) {
  return problemsDecorator('consecutiveSessionRows', (v) => lowUserTableProblems(v, path, true), options);
}

/**
 * When a patch gives all six original weights, they must not all be zero, engagement (weight 0
 * unless given) included; the merged result is checked again.
 */
export function NotAllZeroWeights(path: string, options?: ValidationOptions) {
  return problemsDecorator(
    'notAllZeroWeights',
    (v) => {
      const w = (v ?? {}) as Record<string, unknown>;
      return HEALTH_SIGNALS.every((k) => w[k] === 0 || (k === 'engagement' && w[k] === undefined)) ? [{ path, reason: `${path} must not all be zero` }] : [];
    },
    options,
  );
}

/** Both present: `lower` (a sibling property) must be below this one. */
export function GreaterThanSibling(sibling: string, path: string, options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'greaterThanSibling',
      target: object.constructor,
      propertyName,
      constraints: [sibling],
      options,
      validator: {
        validate: (value: unknown, args: ValidationArguments) => {
          const other = (args.object as Record<string, unknown>)[sibling];
          return typeof value !== 'number' || typeof other !== 'number' || value > other;
        },
        defaultMessage: (args: ValidationArguments) => `${path}.${propertyName} must be greater than ${path}.${sibling} (${JSON.stringify((args.object as Record<string, unknown>)[sibling])})`,
      },
    });
}
