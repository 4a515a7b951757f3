import { Stack } from '@mantine/core';
import { useRiskSettings } from '../../api/settings';
import { QueryState } from '../../components/QueryState';
import { t } from '../../i18n/i18n';
import { RiskForm } from './risk/RiskForm';
import { TabHeader } from './TabHeader';

/**
 * Risk rules (risk.md): every number with what it means, and risk.md's worked examples assessed
 * by the API with the numbers as they are being edited (debounced), before anything is saved.
 * A number the API refuses is marked where it is, while editing and on save.
 */
export function RiskTab() {
  const settings = useRiskSettings();
  return (
    <Stack>
      <TabHeader title={t('settings.risk.title')} intro={t('settings.risk.intro')} maw={720} />
      <QueryState query={settings}>{(s) => <RiskForm saved={s} />}</QueryState>
    </Stack>
  );
}
