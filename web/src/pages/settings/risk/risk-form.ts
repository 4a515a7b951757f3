import type { RiskSettings } from '../../../api/settings';
import type { MessageKey } from '../../../i18n/i18n';

/** The API's complaints by field path (`absent.bands[2].maxDays`). */
export type Errors = Record<string, string>;

/** The risk form as its fields see it: the draft being edited, the complaints, and how to change a value by path. */
export interface RiskFormState {
  draft: RiskSettings;
  errors: Errors;
  edit: (path: string, value: unknown) => void;
}

/** A number of the risk settings: where it is, what it is called and means, and the range the API accepts. */
export interface NumberSpec {
  path: string;
  label: MessageKey;
  help?: MessageKey;
  min: number;
  max: number;
  decimals?: boolean;
}
