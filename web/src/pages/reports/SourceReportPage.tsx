import { Alert, Anchor, Box, Card, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { useSourceReport, type SourceKind, type SourceReport } from '../../api/reports';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { formatDateTime, formatMoney, formatNumber } from '../../format';
import { t, tDynamic } from '../../i18n/i18n';
import { FiguresTable, type FiguresRow } from './FiguresTable';
import { points } from './figures';

/**
 * One campaign's or automation's report (docs/follow-up.md "Report figures"): the summary, then
 * per step, per A/B variant and per channel, each contacted against control with the lift's
 * 95 % interval.
 */
export default function SourceReportPage({ kind }: { kind: SourceKind }) {
  const id = useParams().id ?? '';
  const report = useSourceReport(kind, id);
  return (
    <Box maw={1200}>
      <QueryState query={report}>{(r) => <Report r={r} />}</QueryState>
    </Box>
  );
}

export function CampaignReportPage() {
  return <SourceReportPage kind="campaign" />;
}
export function AutomationReportPage() {
  return <SourceReportPage kind="automation" />;
}

function Report({ r }: { r: SourceReport }) {
  const s = r.source;
  const base = `${s.kind}-${s.id}`;
  const stepRows: FiguresRow[] = r.steps.map((st) => ({
    key: st.key,
    name: (
      <Stack gap={0}>
        <Text size="sm" fw={600}>
          {st.key}
        </Text>
        <Text size="xs" c="dark.5">
          {tDynamic('reports.stepType', st.type)} · {tDynamic('reports.channel', st.channel)}
          {st.conditional ? ` · ${t('reports.conditional')}` : ''}
        </Text>
      </Stack>
    ),
    figures: st,
    csv: [st.key, st.type, st.channel, st.conditional],
  }));
  const variantRows: FiguresRow[] = r.steps.flatMap((st) =>
    st.variants.map((v) => ({
      key: `${st.key}:${v.key}`,
      name: (
        <Stack gap={0}>
          <Text size="sm" fw={600}>
            {t('reports.variantName', { step: st.key, variant: v.key })}
          </Text>
          <Text size="xs" c="dark.5">
            {v.versusReference
              ? t('reports.versusReference', {
                  reference: v.versusReference.reference,
                  estimate: points(v.versusReference.estimate),
                  lower: points(v.versusReference.lower),
                  upper: points(v.versusReference.upper),
                })
              : t('reports.reference')}
          </Text>
        </Stack>
      ),
      figures: v,
      csv: [st.key, v.key, v.versusReference?.reference, v.versusReference?.estimate, v.versusReference?.lower, v.versusReference?.upper],
    })),
  );
  const channelRows: FiguresRow[] = r.channels.map((c) => ({ key: c.channel, name: <Text size="sm">{tDynamic('reports.channel', c.channel)}</Text>, figures: c, csv: [c.channel] }));
  return (
    <Stack gap="xl">
      <PageHeader
        title={s.name}
        subtitle={t('reports.sourceSubtitle', {
          kind: tDynamic('reports.kind', s.kind),
          goal: tDynamic('reports.goal', s.goal.kind),
          days: s.goal.withinDays,
          holdout: formatNumber(s.holdoutPercent, 1),
        })}
        actions={
          <Anchor component={Link} to="/reports">
            {t('reports.back')}
          </Anchor>
        }
      />
      {r.provisional ? (
        <Alert color="blue" data-testid="provisional">
          {t('reports.provisional', { count: r.openWindows })}
        </Alert>
      ) : null}
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Stat
          label={t('reports.stat.days')}
          value={r.medianDaysToReturn === null ? '–' : formatNumber(r.medianDaysToReturn)}
          note={t('reports.controlDays', { days: r.controlMedianDaysToReturn === null ? '–' : formatNumber(r.controlMedianDaysToReturn) })}
          testId="median-days"
        />
        <Stat label={t('reports.stat.revenue')} value={formatMoney(r.retainedMonthlyRevenue)} note={t('reports.stat.revenueNote')} testId="retained-revenue" />
        <Stat
          label={t('reports.stat.touches')}
          value={formatNumber(r.touches.sent)}
          note={t('reports.stat.touchesNote', { blocked: formatNumber(r.touches.blocked), failed: formatNumber(r.touches.failed), pending: formatNumber(r.touches.pending) })}
          testId="touches"
        />
      </SimpleGrid>
      <FiguresTable
        title={t('reports.summary')}
        testId="summary"
        rows={[{ key: 'all', name: <Text size="sm">{t('reports.everyone')}</Text>, figures: r, csv: [s.kind, s.id, s.name] }]}
        csvHeader={['kind', 'id', 'name']}
        filename={`${base}-summary.csv`}
        lead={t('reports.col.group')}
      />
      <FiguresTable title={t('reports.steps')} testId="steps" rows={stepRows} csvHeader={['step', 'type', 'channel', 'conditional']} filename={`${base}-steps.csv`} lead={t('reports.col.step')} />
      {variantRows.length ? (
        <FiguresTable
          title={t('reports.variants')}
          testId="variants"
          rows={variantRows}
          csvHeader={['step', 'variant', 'reference', 'versus_reference', 'versus_reference_lower_95', 'versus_reference_upper_95']}
          filename={`${base}-variants.csv`}
          lead={t('reports.col.variant')}
        />
      ) : null}
      <FiguresTable title={t('reports.channels')} testId="source-channels" rows={channelRows} csvHeader={['channel']} filename={`${base}-channels.csv`} lead={t('reports.col.channel')} />
      <Text size="xs" c="dark.5">
        {r.computedAt ? t('reports.computedAt', { when: formatDateTime(r.computedAt) }) : t('reports.notComputed')} · {r.method.interval}
      </Text>
    </Stack>
  );
}

function Stat({ label, value, note, testId }: { label: string; value: string; note: string; testId: string }) {
  return (
    <Card withBorder padding="md" data-testid={testId}>
      <Text size="sm" c="dark.6">
        {label}
      </Text>
      <Group gap="xs" align="baseline">
        <Text size="xl" fw={700} data-part="value">
          {value}
        </Text>
      </Group>
      <Text size="xs" c="dark.5">
        {note}
      </Text>
    </Card>
  );
}
