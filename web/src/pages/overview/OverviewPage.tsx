import '@mantine/charts/styles.css';
import { BarChart, CompositeChart } from '@mantine/charts';
import { Alert, Anchor, Badge, Box, Grid, Group, Loader, Paper, SimpleGrid, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { overviewKeys, REFRESH_POLL_MAX, useActionsRanking, useIntegrations, useOverview, useRetention } from '../../api/overview';
import { ChartFigure } from '../../components/ChartFigure';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { BandBadge, StatusBadge } from '../../components/StatusBadge';
import { formatDateTime, formatMonth, formatNumber, formatPercent, formatRelative } from '../../format';
import { t, tDynamic } from '../../i18n/i18n';

// Colours per status and band, the same hues as the badges; shade 6+ so small marks stay visible.
const STATUS_ORDER = ['in_trouble', 'at_risk', 'loving_it', 'raving_fan', 'suspended'] as const;
const STATUS_NOW_ORDER = [...STATUS_ORDER, 'unassessed'] as const;
const STATUS_CHART_COLOR: Record<string, string> = {
  in_trouble: 'red.7',
  at_risk: 'orange.6',
  loving_it: 'teal.6',
  raving_fan: 'green.8',
  suspended: 'gray.5',
  unassessed: 'gray.3',
};
const BAND_ORDER = ['green', 'yellow', 'red'] as const;
const BAND_CHART_COLOR: Record<string, string> = { green: 'green.7', yellow: 'yellow.5', red: 'red.7', unscored: 'gray.4' };

const signed = (n: number, digits = 1) => new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: digits, signDisplay: 'exceptZero' }).format(n);

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

function Headline({ label, value, hint, link, testId }: { label: string; value: string; hint?: React.ReactNode; link?: { to: string; label: string }; testId: string }) {
  return (
    <Paper withBorder p="md" data-testid={testId}>
      <Text size="sm" c="dimmed" fw={500}>
        {label}
      </Text>
      <Group justify="space-between" align="baseline" wrap="nowrap">
        <Text fz={32} fw={700} lh={1.2} data-testid={`${testId}-value`}>
          {value}
        </Text>
        {link ? (
          <Anchor component={Link} to={link.to} size="sm" c="teal.9">
            {link.label}
          </Anchor>
        ) : null}
      </Group>
      {hint ? (
        <Text size="sm" c="dimmed" component="div">
          {hint}
        </Text>
      ) : null}
    </Paper>
  );
}

function AtRiskChange({ change }: { change: number | null }) {
  if (change === null) return <>{t('overview.headline.atRiskNoHistory')}</>;
  if (change === 0) return <>{t('overview.headline.atRiskSame')}</>;
  // more members at risk is bad news: red up, green down
  return (
    <Text span size="sm" fw={600} c={change > 0 ? 'red.9' : 'green.9'} data-testid="at-risk-change">
      {change > 0 ? '▲ ' : '▼ '}
      {change > 0 ? t('overview.headline.atRiskUp', { count: change }) : t('overview.headline.atRiskDown', { count: -change })}
    </Text>
  );
}

/** Members per status now, as bars that open the list of those members. */
function StatusNow({ counts }: { counts: Record<string, number> }) {
  const total = STATUS_NOW_ORDER.reduce((n, s) => n + (counts[s] ?? 0), 0);
  const max = Math.max(1, ...STATUS_NOW_ORDER.map((s) => counts[s] ?? 0));
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="status-now-title" h="100%" data-testid="status-now">
      <Title order={2} size="h4" id="status-now-title" mb="sm">
        {t('overview.statusNow.title')}
      </Title>
      <Table verticalSpacing={6} aria-label={t('overview.statusNow.caption')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('overview.statusNow.status')}</Table.Th>
            <Table.Th w="50%">
              <VisuallyHidden>{t('overview.statusNow.share')}</VisuallyHidden>
            </Table.Th>
            <Table.Th ta="right">{t('overview.statusNow.members')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {STATUS_NOW_ORDER.map((s) => (
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
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

function HealthBands({ bands }: { bands: Record<string, number> }) {
  const order = [...BAND_ORDER, 'unscored'] as const;
  const label = (b: string) => (b === 'unscored' ? t('overview.bands.unscored') : tDynamic('labels.band', b));
  const data = order.map((b) => ({ band: label(b), members: bands[b] ?? 0, color: BAND_CHART_COLOR[b] }));
  return (
    <ChartFigure
      title={t('overview.bands.title')}
      label={t('overview.bands.chartLabel', { figures: data.map((d) => `${d.band} ${formatNumber(d.members)}`).join(', ') })}
      table={{ caption: t('overview.bands.caption'), columns: [t('overview.bands.band'), t('overview.bands.members')], rows: data.map((d) => [d.band, formatNumber(d.members)]) }}
      testId="health-bands"
      actions={
        <Group gap={4}>
          {BAND_ORDER.map((b) => (
            <Anchor key={b} component={Link} to={`/members?band=${b}`} aria-label={t('overview.bands.open', { band: label(b) })}>
              <BandBadge band={b} />
            </Anchor>
          ))}
        </Group>
      }
    >
      <BarChart
        h={220}
        data={data}
        dataKey="band"
        series={[{ name: 'members', label: t('overview.bands.members'), color: 'teal.6' }]}
        getBarColor={(_, item) => (item as { color?: string } | undefined)?.color ?? 'teal.6'}
        withTooltip={false}
        withBarValueLabel
        valueFormatter={(v) => formatNumber(v)}
        barChartProps={{ accessibilityLayer: false }}
      />
    </ChartFigure>
  );
}

function RetentionCharts() {
  const report = useRetention();
  return (
    <QueryState query={report}>
      {(r) => {
        const months = r.months;
        const mixRows = months.map((m) => ({ month: formatMonth(m.month), ...m.statusMix }));
        const hasMix = months.some((m) => STATUS_ORDER.some((s) => (m.statusMix as Record<string, number>)[s] > 0));
        const churnRows = months.map((m) => ({
          month: formatMonth(m.month),
          churn: m.churnRate === null ? null : m.churnRate * 100,
          retention: m.retentionRate === null ? null : m.retentionRate * 100,
        }));
        const pct = (v: number | null) => (v === null ? '–' : formatPercent(v, 1));
        // the current month is still running: the headline is the last full one
        const lastFull = months.length > 1 ? months[months.length - 2] : undefined;
        return (
          <Grid gap="md">
            <Grid.Col span={{ base: 12, md: 7 }}>
              <ChartFigure
                title={t('overview.statusMonths.title')}
                label={t('overview.statusMonths.chartLabel', { count: months.length })}
                testId="status-months"
                table={{
                  caption: t('overview.statusMonths.caption'),
                  columns: [t('overview.statusMonths.month'), ...STATUS_ORDER.map((s) => tDynamic('labels.status', s))],
                  rows: months.map((m) => [formatMonth(m.month), ...STATUS_ORDER.map((s) => formatNumber((m.statusMix as Record<string, number>)[s]))]),
                }}
              >
                {hasMix ? (
                  <BarChart
                    h={280}
                    data={mixRows}
                    dataKey="month"
                    type="stacked"
                    series={STATUS_ORDER.map((s) => ({ name: s, label: tDynamic('labels.status', s), color: STATUS_CHART_COLOR[s] }))}
                    withLegend
                    legendProps={{ verticalAlign: 'bottom', height: 40 }}
                    valueFormatter={(v) => formatNumber(v)}
                    tickLine="none"
                    barChartProps={{ accessibilityLayer: false }}
                  />
                ) : (
                  <Text c="dimmed" py="xl" ta="center">
                    {t('overview.statusMonths.empty')}
                  </Text>
                )}
              </ChartFigure>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 5 }}>
              <ChartFigure
                title={t('overview.churn.title')}
                subtitle={lastFull ? t('overview.churn.lastMonth', { month: formatMonth(lastFull.month), churn: pct(lastFull.churnRate), retention: pct(lastFull.retentionRate) }) : undefined}
                label={t('overview.churn.chartLabel', { count: months.length })}
                testId="churn-months"
                table={{
                  caption: t('overview.churn.caption'),
                  columns: [t('overview.churn.month'), t('overview.churn.atStart'), t('overview.churn.newMembers'), t('overview.churn.cancelled'), t('overview.churn.churnRate'), t('overview.churn.retentionRate')],
                  rows: months.map((m) => [formatMonth(m.month), formatNumber(m.membersAtStart), formatNumber(m.newMembers), formatNumber(m.cancelled), pct(m.churnRate), pct(m.retentionRate)]),
                }}
              >
                <CompositeChart
                  h={280}
                  data={churnRows}
                  dataKey="month"
                  series={[
                    { name: 'churn', label: t('overview.churn.churnRate'), color: 'red.6', type: 'bar' },
                    { name: 'retention', label: t('overview.churn.retentionRate'), color: 'teal.8', type: 'line', yAxisId: 'right' },
                  ]}
                  curveType="linear"
                  withLegend
                  legendProps={{ verticalAlign: 'bottom', height: 40 }}
                  withRightYAxis
                  yAxisLabel={t('overview.churn.churnAxis')}
                  rightYAxisLabel={t('overview.churn.retentionAxis')}
                  yAxisProps={{ domain: [0, 'auto'], width: 50 }}
                  rightYAxisProps={{ domain: ['auto', 100], width: 64 }}
                  valueFormatter={(v) => `${formatNumber(v, 1)} %`}
                  connectNulls={false}
                  tickLine="none"
                  maxBarWidth={18}
                  composedChartProps={{ accessibilityLayer: false }}
                />
              </ChartFigure>
            </Grid.Col>
          </Grid>
        );
      }}
    </QueryState>
  );
}

/** The five best actions by lift (the actions report ranks them). */
function BestActions() {
  const ranking = useActionsRanking();
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="best-actions-title" h="100%" data-testid="best-actions">
      <Title order={2} size="h4" id="best-actions-title">
        {t('overview.actions.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('overview.actions.subtitle')}
      </Text>
      <QueryState query={ranking}>
        {(r) => {
          const top = r.overall.slice(0, 5);
          if (!top.length) return <Text c="dimmed">{t('overview.actions.empty')}</Text>;
          return (
            <Table.ScrollContainer minWidth={420}>
              <Table verticalSpacing="xs" aria-label={t('overview.actions.caption')}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={40}>{t('overview.actions.rank')}</Table.Th>
                    <Table.Th>{t('overview.actions.name')}</Table.Th>
                    <Table.Th ta="right">{t('overview.actions.contacted')}</Table.Th>
                    <Table.Th ta="right">{t('overview.actions.conversion')}</Table.Th>
                    <Table.Th ta="right">{t('overview.actions.lift')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {top.map((a) => (
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
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          );
        }}
      </QueryState>
    </Paper>
  );
}

/** When each source last delivered (GET /integrations), fetched again while a sync runs. */
function Freshness({ refreshing }: { refreshing: boolean }) {
  const integrations = useIntegrations(refreshing);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="freshness-title" h="100%" data-testid="freshness">
      <Title order={2} size="h4" id="freshness-title" mb="sm">
        {t('overview.freshness.title')}
      </Title>
      <QueryState query={integrations}>
        {(d) =>
          d.sources.length === 0 ? (
            <Text c="dimmed" size="sm">
              {t('overview.freshness.none')}
            </Text>
          ) : (
            <Table verticalSpacing="xs" aria-label={t('overview.freshness.caption')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('overview.freshness.source')}</Table.Th>
                  <Table.Th>{t('overview.freshness.lastSync')}</Table.Th>
                  <Table.Th>{t('overview.freshness.lastWebhook')}</Table.Th>
                  <Table.Th>{t('overview.freshness.state')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {d.sources.map((s) => (
                  <Table.Tr key={s.provider}>
                    <Table.Td fw={600}>{tDynamic('overview.freshness.providers', s.provider)}</Table.Td>
                    <Table.Td>
                      {s.sync ? (
                        <span title={formatDateTime(s.sync.lastSuccessAt)}>{s.sync.lastSuccessAt ? formatRelative(s.sync.lastSuccessAt) : t('overview.freshness.never')}</span>
                      ) : (
                        '–'
                      )}
                      {s.sync?.lastError ? (
                        <Text size="xs" c="red.9">
                          {t('overview.freshness.error', { error: s.sync.lastError })}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td>
                      <span title={formatDateTime(s.lastWebhookAt)}>{s.lastWebhookAt ? formatRelative(s.lastWebhookAt) : t('overview.freshness.never')}</span>
                    </Table.Td>
                    <Table.Td>
                      {s.stale === null ? (
                        <Badge variant="light" color="gray" radius="sm">
                          {t('overview.freshness.receiving')}
                        </Badge>
                      ) : s.stale ? (
                        <Badge variant="light" color="orange" radius="sm">
                          {t('overview.freshness.stale')}
                        </Badge>
                      ) : (
                        <Badge variant="light" color="green" radius="sm">
                          {t('overview.freshness.fresh')}
                        </Badge>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )
        }
      </QueryState>
    </Paper>
  );
}
