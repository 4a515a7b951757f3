import { t } from '../../i18n/i18n';

/** A secret's field: write-only, saying whether one is set (its value is never shown). */
export function secretHelp(set: boolean, help?: string): string {
  const state = set ? t('settings.secret.set') : t('settings.secret.notSet');
  return help ? `${help} ${state}` : state;
}
