import { Anchor, Box, Table, Text, VisuallyHidden } from '@mantine/core';
import { Link } from 'react-router';
import { ListTable } from '../../components/ListTable';
import { StatusBadge } from '../../components/StatusBadge';
import { formatNumber, formatPercent } from '../../format';
import { t, tDynamic } from '../../i18n/i18n';
import { STATUS_CHART_COLOR, STATUS_NOW_ORDER } from './chart-colors';
import { SectionCard } from './SectionCard';

/** Members per status now, as bars that open the list of those members. */
export function StatusNow({ counts }: { counts: Record<string, number> }) {
  const total = STATUS_NOW_ORDER.reduce((n, s) => n + (counts[s] ?? 0), 0);
  const max = Math.max(1, ...STATUS_NOW_ORDER.map((s) => counts[s] ?? 0));
  return (
    <SectionCard testId="status-now" title={t('overview.statusNow.title')}>
      <ListTable
        items={STATUS_NOW_ORDER}
        verticalSpacing={6}
        aria-label={t('overview.statusNow.caption')}
        columns={[t('overview.statusNow.status'), { label: <VisuallyHidden>{t('overview.statusNow.share')}</VisuallyHidden>, w: '50%' }, { label: t('overview.statusNow.members'), ta: 'right' }]}
        row={(s) => (
          <Table.Tr key={s} data-testid={`status-now-${s}`}>
            <Table.Td>
              {s === 'unassessed' ? (
                <StatusBadge status={s} />
              ) : (
                <Anchor component={Link} to={`/members?status=${s}`} aria-label={t('overview.statusNow.open', { status: tDynamic('labels.status', s) })}>
                  <StatusBadge status={s} />
                </Anchor>
              )}
            </Table.Td>
            <Table.Td>
              <Box h={12} w={`${Math.max(((counts[s] ?? 0) / max) * 100, counts[s] ? 1 : 0)}%`} bg={STATUS_CHART_COLOR[s]} style={{ borderRadius: 3 }} aria-hidden="true" />
            </Table.Td>
            <Table.Td ta="right" fw={600} style={{ whiteSpace: 'nowrap' }}>
              <span data-testid={`status-now-${s}-count`}>{formatNumber(counts[s] ?? 0)}</span>
              <Text span size="xs" c="dimmed" ml={6}>
                {total ? formatPercent((counts[s] ?? 0) / total) : ''}
              </Text>
            </Table.Td>
          </Table.Tr>
        )}
      />
    </SectionCard>
  );
}
