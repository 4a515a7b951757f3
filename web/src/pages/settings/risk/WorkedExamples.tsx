import { Alert, Card, Stack, Text, Title } from '@mantine/core';
import type { RiskExamples } from '../../../api/settings';
import { formatDay } from '../../../format';
import { t } from '../../../i18n/i18n';
import { ExampleCard } from './ExampleCard';

/**
 * risk.md's worked examples as the API assesses them with the numbers being edited (`live`), each
 * compared with its status under the saved numbers (`base`); dimmed while the draft is invalid.
 */
export function WorkedExamples({ live, base, invalid, pending }: { live: RiskExamples | undefined; base: RiskExamples | undefined; invalid: boolean; pending: boolean }) {
  return (
    <Card withBorder padding="md" component="section" aria-label={t('settings.risk.examples.title')} data-testid="worked-examples" aria-busy={pending}>
      <Stack gap="sm">
        <Title order={3} size="h4">
          {t('settings.risk.examples.title')}
        </Title>
        {live ? (
          <Text size="sm" c="dark.6">
            {t('settings.risk.examples.intro', { day: formatDay(live.today) })}
          </Text>
        ) : null}
        {invalid ? (
          <Alert color="orange" p="xs">
            {t('settings.risk.examples.invalid')}
          </Alert>
        ) : null}
        {live ? (
          <Stack gap="sm" style={{ opacity: invalid ? 0.5 : 1 }}>
            {live.examples.map((ex) => (
              <ExampleCard key={ex.key} ex={ex} saved={base?.examples.find((b) => b.key === ex.key)} />
            ))}
          </Stack>
        ) : (
          <Text size="sm">{t('common.loading')}</Text>
        )}
      </Stack>
    </Card>
  );
}
