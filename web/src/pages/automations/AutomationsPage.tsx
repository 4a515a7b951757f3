import { Anchor, Badge, Box, Button, Stack, Table, Text } from '@mantine/core';
import { Link, useNavigate } from 'react-router';
import { useAutomations, useCreateAutomation, useInstallPlaybook, type AutomationListItem } from '../../api/automations';
import { useActionsReport } from '../../api/reports';
import { useSession, type Role } from '../../api/session';
import { ListTable } from '../../components/ListTable';
import { notify } from '../../components/notify';
import { PageHeader } from '../../components/PageHeader';
import { errorMessage, QueryState } from '../../components/QueryState';
import { formatNumber, formatPercent } from '../../format';
import { t } from '../../i18n/i18n';
import { StateBadge } from './StateBadge';
import { triggerSummary } from './describe';

/**
 * Automations (docs/automations.md): each with its state, the runs in flight now and its
 * conversion over the last 90 days (the ranking's figures: contacted who came back, and the
 * control's). Admins and marketers edit; managers read.
 */
export default function AutomationsPage() {
  const role = useSession().data?.role as Role | undefined;
  const mayEdit = role === 'admin' || role === 'marketer';
  const list = useAutomations();
  const install = useInstallPlaybook();
  const create = useCreateAutomation();
  const navigate = useNavigate();
  // a new automation starts disabled, on a status change to At Risk with one step, and opens in the editor
  const start = () =>
    create.mutate(
      { name: t('automations.new.name'), trigger: { kind: 'status_changed', to: ['at_risk'] }, steps: [{ key: 'exit', type: 'exit' }], enabled: false },
      { onSuccess: (a) => void navigate(`/automations/${a.id}`) },
    );
  return (
    <Box maw={1100}>
      <PageHeader
        title={t('automations.title')}
        subtitle={t('automations.subtitle')}
        actions={
          mayEdit ? (
            <>
              <Button onClick={start} loading={create.isPending}>
                {t('automations.new.button')}
              </Button>
              <Button
                variant="light"
                loading={install.isPending}
                onClick={() =>
                  install.mutate(undefined, {
                    onSuccess: (r) => notify(r.installed.length ? t('automations.playbook.installed', { count: r.installed.length }) : t('automations.playbook.nothing')),
                  })
                }
              >
                {t('automations.playbook.install')}
              </Button>
            </>
          ) : null
        }
      />
      {install.isError || create.isError ? (
        <Text c="red.9" role="alert" mb="sm">
          {errorMessage(install.error ?? create.error)}
        </Text>
      ) : null}
      <QueryState query={list}>{(l) => <AutomationsTable items={l.items} />}</QueryState>
    </Box>
  );
}

function AutomationsTable({ items }: { items: AutomationListItem[] }) {
  const ranking = useActionsReport(null, null);
  const conversion = new Map((ranking.data?.overall ?? []).filter((r) => r.kind === 'automation').map((r) => [r.id, r]));
  return (
    <ListTable
      items={items}
      empty={<Text c="dark.5">{t('automations.empty')}</Text>}
      minWidth={760}
      verticalSpacing="sm"
      aria-label={t('automations.title')}
      data-testid="automations-list"
      columns={[t('automations.col.name'), t('automations.col.state'), { label: t('automations.col.inFlight'), ta: 'right' }, { label: t('automations.col.conversion'), ta: 'right' }]}
      row={(a) => {
        const c = conversion.get(a.id);
        return (
          <Table.Tr key={a.id} data-testid="automation-row" data-id={a.id}>
            <Table.Td>
              <Stack gap={0}>
                <Anchor component={Link} to={`/automations/${a.id}`} fw={600} size="sm">
                  {a.name}
                </Anchor>
                <Text size="xs" c="dark.5">
                  {triggerSummary(a.trigger)} · {t('automations.stepCount', { count: a.steps.length })}
                  {a.playbookKey ? ` · ${t('automations.fromPlaybook')}` : ''}
                </Text>
              </Stack>
            </Table.Td>
            <Table.Td>
              <StateBadge state={a.state} />
              {a.lastError ? (
                <Badge ml={6} color="red" variant="light">
                  {t('automations.hasError')}
                </Badge>
              ) : null}
            </Table.Td>
            <Table.Td ta="right" data-part="in-flight">
              {formatNumber(a.runs.inFlight)}
            </Table.Td>
            <Table.Td ta="right" data-part="conversion">
              {c && c.conversionRate !== null ? (
                <Stack gap={0} align="flex-end">
                  <Anchor component={Link} to={`/reports/automations/${a.id}`} size="sm" fw={600}>
                    {formatPercent(c.conversionRate, 2)}
                  </Anchor>
                  <Text size="xs" c="dark.5">
                    {t('automations.controlRate', { rate: c.controlConversionRate === null ? '–' : formatPercent(c.controlConversionRate, 2) })}
                  </Text>
                </Stack>
              ) : (
                <Text size="sm" c="dark.5">
                  {t('automations.noRuns')}
                </Text>
              )}
            </Table.Td>
          </Table.Tr>
        );
      }}
    />
  );
}
