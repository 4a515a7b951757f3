import { Box, Group, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { useHealth, type ClientDetail } from '../../../api/members';
import { ListTable } from '../../../components/ListTable';
import { QueryState } from '../../../components/QueryState';
import { BandBadge } from '../../../components/StatusBadge';
import { formatNumber, formatPercent } from '../../../format';
import { t, tDynamic } from '../../../i18n/i18n';
import { Empty, Field, Section } from './Section';

// engagement appears only while the business weighs it (the API leaves it out otherwise)
const SIGNALS = ['frequency', 'recency', 'trend', 'bookingsAhead', 'reliability', 'payments', 'engagement'] as const;

/** The health score with what each signal adds to it, and the estimate of churn and visits. */
export function HealthCard({ c }: { c: ClientDetail }) {
  const health = useHealth(c.id);
  return (
    <Section title={t('members.profile.health')} testId="health-card">
      <QueryState query={health}>
        {(h) => {
          const signals = h.signals as Record<string, number | null> | null;
          const contributions = h.contributions as Record<string, number> | null;
          return (
            <Stack gap="sm">
              {h.score === null ? (
                <Empty>{t('members.profile.healthNone')}</Empty>
              ) : (
                <>
                  <Group gap="sm" align="baseline">
                    <Text fz={28} fw={700} lh={1}>
                      {formatNumber(h.score)}
                    </Text>
                    <Text size="sm" c="dimmed">
                      {t('members.profile.healthOf')}
                    </Text>
                    <BandBadge band={h.band} />
                  </Group>
                  <ListTable
                    items={SIGNALS.filter((s) => typeof signals?.[s] === 'number')}
                    columns={[t('members.profile.signal'), { label: t('members.profile.points'), ta: 'right' }]}
                    verticalSpacing={4}
                    fz="sm"
                    aria-label={t('members.profile.contributionsCaption')}
                    data-testid="health-contributions"
                    row={(s) => {
                      const pts = Number(contributions?.[s] ?? 0);
                      // the bar: how good the signal itself is (0-100); the points: what it adds to the score
                      const signal = Number(signals?.[s] ?? 0);
                      return (
                        <Table.Tr key={s}>
                          <Table.Td>
                            {tDynamic('members.profile.signals', s)}
                            <Progress value={Math.max(0, Math.min(100, signal))} size="sm" color={signal >= 60 ? 'teal.7' : signal >= 30 ? 'yellow.6' : 'red.7'} mt={2} aria-hidden="true" />
                          </Table.Td>
                          <Table.Td ta="right" fw={600}>
                            {formatNumber(pts, 1)}
                          </Table.Td>
                        </Table.Tr>
                      );
                    }}
                  />
                  {h.usageDropped ? (
                    <Text size="sm" c="orange.9">
                      {t('members.profile.usageDropped')}
                    </Text>
                  ) : null}
                </>
              )}
              <Box pt="xs" style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}>
                <Title order={3} size="h6" mb={4}>
                  {t('members.profile.estimate')}
                </Title>
                {c.estimate ? (
                  <Stack gap={4}>
                    <Field label={t('members.profile.churnProbability')}>
                      <span data-testid="churn-probability">{formatPercent(c.estimate.churnProbability / 100)}</span>
                    </Field>
                    <Field label={t('members.profile.expectedVisits')}>{formatNumber(c.estimate.expectedVisits30d, 1)}</Field>
                  </Stack>
                ) : (
                  <Empty>{t('members.profile.estimateNone')}</Empty>
                )}
              </Box>
            </Stack>
          );
        }}
      </QueryState>
    </Section>
  );
}
