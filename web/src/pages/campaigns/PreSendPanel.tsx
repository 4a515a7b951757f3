import { Alert, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import type { PreSendCheckResult } from '../../api/campaigns';
import { FormError } from '../../components/FormError';
import { formatDateTime, formatNumber, formatTime } from '../../format';
import { t, tDynamic } from '../../i18n/i18n';

const HELD = ['no_consent', 'unsubscribed', 'opted_out', 'no_address', 'sleeping', 'frequency_cap'] as const;

/**
 * The server's pre-send check: which channels cannot send, and per step how many of the audience
 * consent, addresses, sleeping flags and the frequency cap hold back, and what quiet hours do.
 */
export function PreSendPanel({
  result,
  stale,
  pending,
  error,
  disabled,
  onRun,
}: {
  result: PreSendCheckResult | undefined;
  stale: boolean;
  pending: boolean;
  error: unknown;
  disabled: boolean;
  onRun: () => void;
}) {
  return (
    <Card withBorder padding="md" data-testid="presend-panel">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4">
            {t('campaigns.check.title')}
          </Title>
          <Button variant={result && !stale ? 'light' : 'filled'} onClick={onRun} loading={pending} disabled={disabled}>
            {result ? t('campaigns.check.again') : t('campaigns.check.run')}
          </Button>
        </Group>
        <FormError error={error} />
        {result ? (
          <Stack gap="sm" data-testid="presend-result" style={{ opacity: stale ? 0.6 : 1 }}>
            {stale ? (
              <Alert color="yellow" variant="light">
                {t('campaigns.check.stale')}
              </Alert>
            ) : null}
            <Text>
              {t('campaigns.check.audience', { count: result.audience })}{' '}
              {result.audienceEvaluatedAt ? (
                <Text span size="sm" c="dark.6">
                  {t('campaigns.check.asOf', { at: formatDateTime(result.audienceEvaluatedAt) })}
                </Text>
              ) : null}
            </Text>
            {result.channels
              .filter((c) => !c.setUp)
              .map((c) => (
                <Alert key={c.channel} color="orange" title={t('campaigns.check.notSetUp', { channel: tDynamic('campaigns.channel', c.channel) })} data-testid={`not-set-up-${c.channel}`}>
                  {c.reason}
                </Alert>
              ))}
            <Table.ScrollContainer minWidth={720}>
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('campaigns.check.step')}</Table.Th>
                    <Table.Th ta="right">{t('campaigns.check.reachable')}</Table.Th>
                    {HELD.map((h) => (
                      <Table.Th key={h} ta="right">
                        {tDynamic('campaigns.reason', h)}
                      </Table.Th>
                    ))}
                    <Table.Th>{t('campaigns.check.quietHours')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {result.steps.map((s) => (
                    <Table.Tr key={s.key} data-testid={`presend-step-${s.key}`}>
                      <Table.Td>
                        {s.key}{' '}
                        <Text span size="xs" c="dark.6">
                          ({tDynamic('campaigns.channel', s.channel)})
                        </Text>
                      </Table.Td>
                      <Table.Td ta="right" fw={600}>
                        {formatNumber(s.reachable)}
                      </Table.Td>
                      {HELD.map((h) => (
                        <Table.Td key={h} ta="right">
                          {formatNumber((s.heldBack as Record<string, number | undefined>)[h] ?? 0)}
                        </Table.Td>
                      ))}
                      <Table.Td>
                        {s.quietHours
                          ? s.quietHours.action === 'defer' && s.quietHours.until
                            ? t('campaigns.check.deferred', { count: s.quietHours.held, time: formatTime(s.quietHours.until) })
                            : t('campaigns.check.dropped', { count: s.quietHours.held })
                          : t('campaigns.check.noQuiet')}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Text size="xs" c="dark.6">
              {t('campaigns.check.footnote', { zone: result.timezone })}
            </Text>
          </Stack>
        ) : (
          <Text size="sm" c="dark.6">
            {t('campaigns.check.intro')}
          </Text>
        )}
      </Stack>
    </Card>
  );
}
