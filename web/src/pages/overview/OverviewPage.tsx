import '@mantine/charts/styles.css';
import { Alert, Grid, Loader, SimpleGrid, Stack } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { overviewKeys, REFRESH_POLL_MAX, useOverview } from '../../api/overview';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { formatNumber } from '../../format';
import { t } from '../../i18n/i18n';
import { AtRiskChange } from './AtRiskChange';
import { BestActions } from './BestActions';
import { Freshness } from './Freshness';
import { Headline } from './Headline';
import { HealthBands } from './HealthBands';
import { RetentionCharts } from './RetentionCharts';
import { StatusNow } from './StatusNow';

/** Everyone but staff: how the members are doing now and over the last 12 months (web.md "Pages" 1). */
export default function OverviewPage() {
  const overview = useOverview();
  const refreshing = !!overview.data?.refreshing;
  const qc = useQueryClient();
  // when a sync the page started is done, the other figures are fetched again
  const wasRefreshing = useRef(false);
  useEffect(() => {
    if (wasRefreshing.current && !refreshing && overview.data) {
      void qc.invalidateQueries({ queryKey: ['reports'] });
      void qc.invalidateQueries({ queryKey: ['integrations'] });
      void qc.invalidateQueries({ queryKey: ['members'] });
    }
    wasRefreshing.current = refreshing;
  }, [refreshing, overview.data, qc]);
  const polls = qc.getQueryState(overviewKeys.overview)?.dataUpdateCount ?? 0;
  const stillRunning = refreshing && polls >= REFRESH_POLL_MAX;

  return (
    <>
      <PageHeader title={t('overview.title')} subtitle={t('overview.subtitle')} />
      {refreshing ? (
        <Alert color={stillRunning ? 'yellow' : 'blue'} role="status" mb="md" data-testid="refresh-banner" icon={stillRunning ? undefined : <Loader size="xs" />}>
          {stillRunning ? t('overview.refreshStillRunning') : t('overview.refreshing')}
        </Alert>
      ) : null}
      <QueryState query={overview}>
        {(o) => (
          <Stack gap="md">
            <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="md">
              <Headline label={t('overview.headline.membersNow')} value={formatNumber(o.membersNow)} hint={t('overview.headline.membersNowHint', { clients: o.counts.clients })} testId="members-now" />
              <Headline
                label={t('overview.headline.atRisk')}
                value={formatNumber(o.atRisk.now)}
                testId="at-risk-now"
                hint={<AtRiskChange change={o.atRisk.change} />}
                link={{ to: '/members?status=at_risk,in_trouble', label: t('overview.headline.atRiskLink') }}
              />
              <Headline label={t('overview.headline.visits')} value={formatNumber(o.counts.visitsLast30Days)} testId="visits-30" />
              <Headline
                label={t('overview.headline.greenShare')}
                value={formatNumber(o.healthBands.green)}
                hint={t('overview.headline.greenShareHint', { count: o.healthBands.green, members: o.membersNow })}
                testId="green-band"
              />
            </SimpleGrid>
            <Grid gap="md">
              <Grid.Col span={{ base: 12, md: 7 }}>
                <StatusNow counts={o.statusCounts as unknown as Record<string, number>} />
              </Grid.Col>
              <Grid.Col span={{ base: 12, md: 5 }}>
                <HealthBands bands={o.healthBands as unknown as Record<string, number>} />
              </Grid.Col>
            </Grid>
            <RetentionCharts />
            <Grid gap="md">
              <Grid.Col span={{ base: 12, md: 7 }}>
                <BestActions />
              </Grid.Col>
              <Grid.Col span={{ base: 12, md: 5 }}>
                <Freshness refreshing={refreshing} />
              </Grid.Col>
            </Grid>
          </Stack>
        )}
      </QueryState>
    </>
  );
}
