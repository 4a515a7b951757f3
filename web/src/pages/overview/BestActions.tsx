import { Table, Text } from '@mantine/core';
import { useActionsRanking } from '../../api/overview';
import { ListTable } from '../../components/ListTable';
import { QueryState } from '../../components/QueryState';
import { formatNumber, formatPercent } from '../../format';
import { t, tDynamic } from '../../i18n/i18n';
import { SectionCard } from './SectionCard';

const signed = (n: number, digits = 1) => new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: digits, signDisplay: 'exceptZero' }).format(n);

/** The five best actions by lift (the actions report ranks them). */
export function BestActions() {
  const ranking = useActionsRanking();
  return (
    <SectionCard testId="best-actions" title={t('overview.actions.title')} subtitle={t('overview.actions.subtitle')}>
      <QueryState query={ranking}>
        {(r) => (
          <ListTable
            items={r.overall.slice(0, 5)}
            empty={<Text c="dimmed">{t('overview.actions.empty')}</Text>}
            minWidth={420}
            verticalSpacing="xs"
            aria-label={t('overview.actions.caption')}
            columns={[
              { label: t('overview.actions.rank'), w: 40 },
              t('overview.actions.name'),
              { label: t('overview.actions.contacted'), ta: 'right' },
              { label: t('overview.actions.conversion'), ta: 'right' },
              { label: t('overview.actions.lift'), ta: 'right' },
            ]}
            row={(a) => (
              <Table.Tr key={`${a.kind}:${a.id}`}>
                <Table.Td>{a.rank}</Table.Td>
                <Table.Td>
                  <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
                    {a.name}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {tDynamic('overview.actions.kind', a.kind)}
                  </Text>
                </Table.Td>
                <Table.Td ta="right">{formatNumber(a.contacted)}</Table.Td>
                <Table.Td ta="right">{a.conversionRate === null ? '–' : formatPercent(a.conversionRate, 1)}</Table.Td>
                <Table.Td ta="right">
                  {a.lift === null ? (
                    <Text size="sm" c="dimmed">
                      {t('overview.actions.noControl')}
                    </Text>
                  ) : (
                    <>
                      <Text size="sm" fw={600} c={a.lift.significantlyNegative ? 'red.9' : a.lift.significantlyPositive ? 'green.9' : undefined}>
                        {signed(a.lift.estimate)}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {a.lift.smallSample ? t('overview.actions.smallSample') : `${signed(a.lift.lower)} … ${signed(a.lift.upper)}`}
                      </Text>
                    </>
                  )}
                </Table.Td>
              </Table.Tr>
            )}
          />
        )}
      </QueryState>
    </SectionCard>
  );
}
