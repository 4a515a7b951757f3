import { DomainError, ErrorCode } from '../../common/domain-error';
import { RiskSettings } from './risk-settings';
import { SettingsProblem, validateRiskSettings } from './risk-settings-validation';

/**
 * A partial settings object: any key may be left out (keep), or null (back to the default).
 * Arrays (the Low User table, the Absent bands) are replaced whole, never merged row by row.
 */
export type RiskSettingsPatch = DeepPatch<RiskSettings>;
type DeepPatch<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]?: DeepPatch<T[K]> | null } : T;

export class RiskSettingsInvalidError extends DomainError {
  constructor(readonly problems: SettingsProblem[]) {
    super(ErrorCode.Invalid, problems.map((p) => p.reason).join('; '), { problems });
  }
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

/** One level of the merge: only keys the defaults know are taken; null resets to the default. */
function mergeInto(defaults: unknown, base: unknown, patch: unknown): unknown {
  if (patch === undefined) return clone(base);
  if (patch === null) return clone(defaults);
  if (isPlainObject(defaults) && isPlainObject(patch)) {
    const b = isPlainObject(base) ? base : defaults;
    return Object.fromEntries(Object.keys(defaults).map((k) => [k, mergeInto(defaults[k], b[k] === undefined ? defaults[k] : b[k], patch[k])]));
  }
  // scalars and arrays replace; a value of the wrong shape is copied and left for validation to name
  return clone(patch);
}

/**
 * The business's full settings: defaults, then what it stored (a patch or a full object), then
 * the patch of a PUT. Unknown keys are dropped. Throws RiskSettingsInvalidError, naming every
 * problem by path, when the result is not valid; otherwise it is safe to use and to store.
 */
export function mergeRiskSettings(defaults: RiskSettings, stored?: RiskSettingsPatch | null, patch?: RiskSettingsPatch | null): RiskSettings {
  const withStored = mergeInto(defaults, defaults, stored ?? undefined);
  const merged = mergeInto(defaults, withStored, patch ?? undefined) as RiskSettings;
  const problems = validateRiskSettings(merged);
  if (problems.length > 0) throw new RiskSettingsInvalidError(problems);
  return merged;
}

/**
 * The overrides to store after a PUT: the stored overrides with the patch applied, keeping only
 * values that differ from the defaults (so a later change of a default reaches every business
 * that did not set that value itself). mergeRiskSettings(defaults, result) = the full settings.
 */
export function mergeRiskSettingsOverrides(defaults: RiskSettings, stored?: RiskSettingsPatch | null, patch?: RiskSettingsPatch | null): RiskSettingsPatch {
  const full = mergeRiskSettings(defaults, stored, patch);
  return (diff(defaults, full) ?? {}) as RiskSettingsPatch;
}

function diff(defaults: unknown, value: unknown): unknown {
  if (isPlainObject(defaults) && isPlainObject(value)) {
    const entries = Object.keys(defaults)
      .map((k) => [k, diff(defaults[k], value[k])] as const)
      .filter(([, v]) => v !== undefined);
    return entries.length > 0 ? Object.fromEntries(entries) : undefined;
  }
  return JSON.stringify(defaults) === JSON.stringify(value) ? undefined : clone(value);
}
