import { Alert, Badge, Box, Button, Card, Grid, Group, NumberInput, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { ApiError } from '../../api/client';
import { type RiskExamples, type RiskSettings, type WorkedExample, useRiskExamples, useRiskSettings, useSaveRisk } from '../../api/settings';
import { fieldErrors, unplacedErrors } from '../../components/field-errors';
import { notify } from '../../components/notify';
import { errorMessage, QueryState } from '../../components/QueryState';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDay } from '../../format';
import { t, tDynamic, type MessageKey } from '../../i18n/i18n';
import { Section } from './MessagingTab';
import { allPaths, getPath, setPath } from './risk-paths';

/**
 * Risk rules (risk.md): every number with what it means, and risk.md's worked examples assessed
 * by the API with the numbers as they are being edited (debounced), before anything is saved.
 * A number the API refuses is marked where it is, while editing and on save.
 */
export function RiskTab() {
  const settings = useRiskSettings();
  return (
    <Stack>
      <Stack gap={4}>
        <Title order={2} size="h3">
          {t('settings.risk.title')}
        </Title>
        <Text size="sm" c="dark.6" maw={720}>
          {t('settings.risk.intro')}
        </Text>
      </Stack>
      <QueryState query={settings}>{(s) => <RiskForm saved={s} />}</QueryState>
    </Stack>
  );
}

type Errors = Record<string, string>;
type Edit = (path: string, value: unknown) => void;

function RiskForm({ saved }: { saved: RiskSettings }) {
  const [draft, setDraft] = useState<RiskSettings>(saved);
  const save = useSaveRisk();
  const [debounced] = useDebouncedValue(draft, 300);
  const dirty = useMemo(() => JSON.stringify(draft) !== JSON.stringify(saved), [draft, saved]);
  const live = useRiskExamples(debounced);
  const base = useRiskExamples(saved);
  const [lastGood, setLastGood] = useState<RiskExamples | undefined>(undefined);
  useEffect(() => {
    if (live.data && !live.isError) setLastGood(live.data);
  }, [live.data, live.isError]);

  const liveInvalid = live.isError && live.error instanceof ApiError && live.error.status === 400;
  const errors: Errors = { ...(liveInvalid ? fieldErrors(live.error) : {}), ...fieldErrors(save.error) };
  const placed = useMemo(() => allPaths(draft), [draft]);
  const others = unplacedErrors(errors, placed);

  const edit: Edit = (path, value) => {
    save.reset();
    setDraft((d) => setPath(d, path, value));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(draft, {
      onSuccess: (s) => {
        setDraft(s);
        notify(t('settings.risk.saved'), 'teal');
      },
    });
  };

  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, lg: 7 }}>
        <form onSubmit={submit} noValidate aria-label={t('settings.risk.title')}>
          <Stack>
            {(save.error && Object.keys(fieldErrors(save.error)).length === 0) || others.length > 0 ? (
              <Alert color="red" role="alert">
                {others.length ? others.join('; ') : errorMessage(save.error)}
              </Alert>
            ) : null}
            {Object.keys(errors).length > 0 && others.length === 0 ? (
              <Alert color="red" role="alert" data-testid="risk-field-errors">
                {t('settings.fieldErrors')}
              </Alert>
            ) : null}

            <Section title={t('settings.risk.lowUser.title')} help={t('settings.risk.lowUser.help')}>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <Num s={draft} e={errors} edit={edit} path="lowUser.windowDays" label="settings.risk.lowUser.windowDays" help="settings.risk.lowUser.windowDaysHelp" min={1} max={31} />
                <Num s={draft} e={errors} edit={edit} path="lowUser.minDaysRegistered" label="settings.risk.lowUser.minDaysRegistered" help="settings.risk.lowUser.minDaysRegisteredHelp" min={0} max={365} />
              </SimpleGrid>
              <LowUserTable s={draft} e={errors} edit={edit} />
            </Section>

            <Section title={t('settings.risk.absent.title')} help={t('settings.risk.absent.help')}>
              <AbsentBands s={draft} e={errors} edit={edit} />
            </Section>

            <Section title={t('settings.risk.newMember.title')} help={t('settings.risk.newMember.help')}>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <Num s={draft} e={errors} edit={edit} path="newMember.lessThanDays" label="settings.risk.newMember.lessThanDays" help="settings.risk.newMember.lessThanDaysHelp" min={0} max={365} />
                <Num s={draft} e={errors} edit={edit} path="newMember.score" label="settings.risk.newMember.score" min={0} max={100} />
              </SimpleGrid>
            </Section>

            <Section title={t('settings.risk.inTrouble.title')} help={t('settings.risk.inTrouble.help')}>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <Num s={draft} e={errors} edit={edit} path="inTrouble.minDaysAbsent" label="settings.risk.inTrouble.minDaysAbsent" help="settings.risk.inTrouble.minDaysAbsentHelp" min={1} max={3650} />
                <Num s={draft} e={errors} edit={edit} path="inTrouble.minDaysMember" label="settings.risk.inTrouble.minDaysMember" help="settings.risk.inTrouble.minDaysMemberHelp" min={0} max={3650} />
              </SimpleGrid>
            </Section>

            <Section title={t('settings.risk.status.title')} help={t('settings.risk.status.help')}>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <Num s={draft} e={errors} edit={edit} path="atRisk.threshold" label="settings.risk.status.threshold" help="settings.risk.status.thresholdHelp" min={1} max={100} />
                <Num s={draft} e={errors} edit={edit} path="scoreCap" label="settings.risk.status.scoreCap" help="settings.risk.status.scoreCapHelp" min={1} max={100} />
              </SimpleGrid>
            </Section>

            <Section title={t('settings.risk.health.title')} help={t('settings.risk.health.help')}>
              <Text fw={600} size="sm">
                {t('settings.risk.health.weights')}
              </Text>
              <SimpleGrid cols={{ base: 1, sm: 2, xl: 3 }}>
                {(['frequency', 'recency', 'trend', 'bookingsAhead', 'reliability', 'payments'] as const).map((w) => (
                  <Num
                    key={w}
                    s={draft}
                    e={errors}
                    edit={edit}
                    path={`health.weights.${w}`}
                    label={`settings.risk.health.weight.${w}` as MessageKey}
                    help={`settings.risk.health.weight.${w}Help` as MessageKey}
                    min={0}
                    max={1000}
                    decimals
                  />
                ))}
              </SimpleGrid>
              <FieldError e={errors} path="health.weights" />
              <Text fw={600} size="sm">
                {t('settings.risk.health.bands')}
              </Text>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <Num s={draft} e={errors} edit={edit} path="health.bands.greenMin" label="settings.risk.health.greenMin" help="settings.risk.health.greenMinHelp" min={1} max={100} />
                <Num s={draft} e={errors} edit={edit} path="health.bands.yellowMin" label="settings.risk.health.yellowMin" help="settings.risk.health.yellowMinHelp" min={0} max={99} />
              </SimpleGrid>
              <FieldError e={errors} path="health.bands" />
              <Text fw={600} size="sm">
                {t('settings.risk.health.frequency')}
              </Text>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <Num s={draft} e={errors} edit={edit} path="health.frequency.windowDays" label="settings.risk.health.frequencyWindowDays" help="settings.risk.health.frequencyWindowDaysHelp" min={1} max={365} />
                <Num s={draft} e={errors} edit={edit} path="health.frequency.baselineDays" label="settings.risk.health.baselineDays" help="settings.risk.health.baselineDaysHelp" min={1} max={730} />
                <Num s={draft} e={errors} edit={edit} path="health.frequency.minBaselineDays" label="settings.risk.health.minBaselineDays" help="settings.risk.health.minBaselineDaysHelp" min={1} max={730} />
                <Num s={draft} e={errors} edit={edit} path="health.frequency.minExpectedSessions" label="settings.risk.health.minExpectedSessions" help="settings.risk.health.minExpectedSessionsHelp" min={0.01} max={100} decimals />
              </SimpleGrid>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <Num s={draft} e={errors} edit={edit} path="health.recency.zeroAtDays" label="settings.risk.health.recencyZeroAtDays" help="settings.risk.health.recencyZeroAtDaysHelp" min={1} max={365} />
                <Num s={draft} e={errors} edit={edit} path="health.trend.windowDays" label="settings.risk.health.trendWindowDays" help="settings.risk.health.trendWindowDaysHelp" min={1} max={365} />
                <Num s={draft} e={errors} edit={edit} path="health.reliability.windowDays" label="settings.risk.health.reliabilityWindowDays" help="settings.risk.health.reliabilityWindowDaysHelp" min={1} max={365} />
                <Num s={draft} e={errors} edit={edit} path="health.reliability.penaltyPerEvent" label="settings.risk.health.penaltyPerEvent" help="settings.risk.health.penaltyPerEventHelp" min={0} max={100} decimals />
              </SimpleGrid>
              <Text fw={600} size="sm">
                {t('settings.risk.health.usageDrop')}
              </Text>
              <SimpleGrid cols={{ base: 1, sm: 3 }}>
                <Num s={draft} e={errors} edit={edit} path="health.usageDrop.windowDays" label="settings.risk.health.usageDropWindowDays" help="settings.risk.health.usageDropWindowDaysHelp" min={1} max={365} />
                <Num s={draft} e={errors} edit={edit} path="health.usageDrop.minDropPercent" label="settings.risk.health.minDropPercent" help="settings.risk.health.minDropPercentHelp" min={1} max={100} />
                <Num s={draft} e={errors} edit={edit} path="health.usageDrop.minEarlierSessions" label="settings.risk.health.minEarlierSessions" help="settings.risk.health.minEarlierSessionsHelp" min={1} max={1000} />
              </SimpleGrid>
            </Section>

            <Section title={t('settings.risk.schedule.title')} help={t('settings.risk.schedule.help')}>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TextInput
                  label={t('settings.risk.schedule.cron')}
                  description={t('settings.risk.schedule.cronHelp')}
                  value={draft.schedule.cron}
                  onChange={(ev) => edit('schedule.cron', ev.currentTarget.value)}
                  error={errors['schedule.cron']}
                  ff="monospace"
                />
                <Num s={draft} e={errors} edit={edit} path="schedule.batchSize" label="settings.risk.schedule.batchSize" help="settings.risk.schedule.batchSizeHelp" min={1} max={100000} />
              </SimpleGrid>
            </Section>

            <Group style={{ position: 'sticky', bottom: 0, zIndex: 2 }} bg="var(--mantine-color-body)" py="sm">
              <Button type="submit" loading={save.isPending} disabled={!dirty}>
                {t('settings.risk.save')}
              </Button>
              {dirty ? (
                <>
                  <Button variant="default" onClick={() => (save.reset(), setDraft(saved))}>
                    {t('settings.reset')}
                  </Button>
                  <Text size="sm" c="orange.9" fw={500}>
                    {t('settings.unsaved')}
                  </Text>
                </>
              ) : null}
            </Group>
          </Stack>
        </form>
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 5 }}>
        <Box style={{ position: 'sticky', top: 72 }}>
          <WorkedExamples live={lastGood} base={base.data} invalid={liveInvalid} pending={live.isFetching || debounced !== draft} />
        </Box>
      </Grid.Col>
    </Grid>
  );
}

function FieldError({ e, path }: { e: Errors; path: string }) {
  if (!e[path]) return null;
  return (
    <Text size="sm" c="red.9" role="alert" data-error-for={path}>
      {e[path]}
    </Text>
  );
}

/** A number of the settings with its label, meaning and the API's complaint about it, if any. */
function Num({ s, e, edit, path, label, help, min, max, decimals, ariaLabel }: { s: RiskSettings; e: Errors; edit: Edit; path: string; label?: MessageKey; help?: MessageKey; min: number; max: number; decimals?: boolean; ariaLabel?: string }) {
  const value = getPath(s, path) as number | null;
  return (
    <NumberInput
      label={label ? t(label) : undefined}
      aria-label={ariaLabel}
      description={help ? t(help) : undefined}
      value={value ?? ''}
      min={min}
      max={max}
      allowDecimal={!!decimals}
      allowNegative={false}
      clampBehavior="none"
      // an emptied field stays empty (the API then names it), never null: null would mean "the default"
      onChange={(v) => edit(path, v === '' ? '' : typeof v === 'number' ? v : Number(v))}
      error={e[path]}
      data-path={path}
    />
  );
}

function LowUserTable({ s, e, edit }: { s: RiskSettings; e: Errors; edit: Edit }) {
  const rows = s.lowUser.table;
  return (
    <Stack gap="xs">
      <Text fw={600} size="sm">
        {t('settings.risk.lowUser.table')}
      </Text>
      <Text size="xs" c="dark.6">
        {t('settings.risk.lowUser.tableHelp')}
      </Text>
      <Table withTableBorder verticalSpacing={4} maw={420}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('settings.risk.lowUser.sessions')}</Table.Th>
            <Table.Th>{t('settings.risk.lowUser.score')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row, i) => {
            const rowLabel = i === rows.length - 1 ? t('settings.risk.lowUser.rowSessionsLast', { count: row.sessions }) : t('settings.risk.lowUser.rowSessions', { count: row.sessions });
            return (
              <Table.Tr key={i}>
                <Table.Td>
                  <Text size="sm">{rowLabel}</Text>
                </Table.Td>
                <Table.Td>
                  <Num s={s} e={e} edit={edit} path={`lowUser.table[${i}].score`} ariaLabel={`${t('settings.risk.lowUser.score')}: ${rowLabel}`} min={0} max={100} />
                  <FieldError e={e} path={`lowUser.table[${i}].sessions`} />
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      <FieldError e={e} path="lowUser.table" />
      <Group gap="xs">
        <Button size="xs" variant="outline" leftSection={<IconPlus size={16} aria-hidden />} disabled={rows.length >= 32} onClick={() => edit('lowUser.table', [...rows, { sessions: rows.length, score: 0 }])}>
          {t('settings.risk.lowUser.addRow')}
        </Button>
        <Button size="xs" variant="default" leftSection={<IconTrash size={16} aria-hidden />} disabled={rows.length <= 1} onClick={() => edit('lowUser.table', rows.slice(0, -1))}>
          {t('settings.risk.lowUser.removeRow')}
        </Button>
      </Group>
    </Stack>
  );
}

/**
 * Absent bands: each band starts the day after the previous one ends, so only where a band ends
 * and its points are edited; the first band starts at 0 and the last one has no end.
 */
function AbsentBands({ s, e, edit }: { s: RiskSettings; e: Errors; edit: Edit }) {
  const bands = s.absent.bands;
  const setEnd = (i: number, maxDays: number) => {
    const next = bands.map((b) => ({ ...b }));
    next[i].maxDays = maxDays;
    if (i + 1 < next.length && typeof maxDays === 'number') next[i + 1].minDays = maxDays + 1;
    edit('absent.bands', next);
  };
  const add = () => {
    const next = bands.map((b) => ({ ...b }));
    const last = next[next.length - 1];
    last.maxDays = last.minDays + 6;
    next.push({ minDays: last.minDays + 7, maxDays: null, score: last.score });
    edit('absent.bands', next);
  };
  const remove = () => {
    const next = bands.slice(0, -1).map((b) => ({ ...b }));
    next[next.length - 1].maxDays = null;
    edit('absent.bands', next);
  };
  return (
    <Stack gap="xs">
      <Text fw={600} size="sm">
        {t('settings.risk.absent.bands')}
      </Text>
      <Table withTableBorder verticalSpacing={4} maw={520}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('settings.risk.absent.minDays')}</Table.Th>
            <Table.Th>{t('settings.risk.absent.maxDays')}</Table.Th>
            <Table.Th>{t('settings.risk.absent.score')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {bands.map((b, i) => (
            <Table.Tr key={i}>
              <Table.Td>
                <Text size="sm">{b.minDays}</Text>
                <FieldError e={e} path={`absent.bands[${i}].minDays`} />
              </Table.Td>
              <Table.Td>
                {i === bands.length - 1 ? (
                  <Text size="sm">{t('settings.risk.absent.maxDaysOpen')}</Text>
                ) : (
                  <NumberInput
                    aria-label={`${t('settings.risk.absent.maxDays')}: ${b.minDays}`}
                    value={b.maxDays ?? ''}
                    min={0}
                    max={3650}
                    allowDecimal={false}
                    allowNegative={false}
                    clampBehavior="none"
                    onChange={(v) => setEnd(i, v === '' ? ('' as unknown as number) : Number(v))}
                    error={e[`absent.bands[${i}].maxDays`]}
                  />
                )}
              </Table.Td>
              <Table.Td>
                <Num s={s} e={e} edit={edit} path={`absent.bands[${i}].score`} ariaLabel={`${t('settings.risk.absent.score')}: ${t('settings.risk.absent.minDays')} ${b.minDays}`} min={0} max={100} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="xs" c="dark.6">
        {t('settings.risk.absent.openEnded')}
      </Text>
      <FieldError e={e} path="absent.bands" />
      <Group gap="xs">
        <Button size="xs" variant="outline" leftSection={<IconPlus size={16} aria-hidden />} disabled={bands.length >= 20} onClick={add}>
          {t('settings.risk.absent.addBand')}
        </Button>
        <Button size="xs" variant="default" leftSection={<IconTrash size={16} aria-hidden />} disabled={bands.length <= 1} onClick={remove}>
          {t('settings.risk.absent.removeBand')}
        </Button>
      </Group>
    </Stack>
  );
}

function WorkedExamples({ live, base, invalid, pending }: { live: RiskExamples | undefined; base: RiskExamples | undefined; invalid: boolean; pending: boolean }) {
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

function ExampleCard({ ex, saved }: { ex: WorkedExample; saved: WorkedExample | undefined }) {
  const changed = !!saved && saved.status !== ex.status;
  const i = ex.input;
  return (
    <Box
      p="sm"
      data-testid={`example-${ex.key}`}
      data-status={ex.status}
      style={{ border: `1px solid ${changed ? 'var(--mantine-color-orange-7)' : 'var(--mantine-color-gray-3)'}`, borderRadius: 'var(--mantine-radius-md)', background: changed ? 'var(--mantine-color-orange-0)' : undefined }}
    >
      <Stack gap={4}>
        <Text fw={600} size="sm">
          {tDynamic('settings.risk.examples.keys', ex.key)}
        </Text>
        <Group gap="xs" wrap="wrap" align="center">
          <Box style={{ flexShrink: 0 }}>
            <StatusBadge status={ex.status} />
          </Box>
          <Text size="sm" fw={600}>
            {t('settings.risk.examples.score', { score: ex.score })}
          </Text>
        </Group>
        <Text size="xs" c="dark.6">
          {i.registeredOn ? t('settings.risk.examples.registered', { day: formatDay(i.registeredOn), days: i.daysRegistered ?? 0 }) : null}
          {' · '}
          {i.lastVisitOn ? t('settings.risk.examples.lastVisit', { day: formatDay(i.lastVisitOn), days: i.daysSinceLastSession ?? 0 }) : t('settings.risk.examples.noVisit')}
          {' · '}
          {t('settings.risk.examples.sessions', { count: i.sessionsLast7Days })}
        </Text>
        <Text size="xs" c="dark.6">
          {t('settings.risk.examples.scores', { lowUser: ex.scores.lowUser, absent: ex.scores.absent, newMember: ex.scores.newMember })}
        </Text>
        <Group gap={4}>
          {ex.tags.length === 0 ? (
            <Text size="xs" c="dark.6">
              {t('settings.risk.examples.noTags')}
            </Text>
          ) : (
            ex.tags.map((tag) => (
              <Badge key={tag} size="sm" variant="outline" color="dark">
                {tDynamic('labels.tag', tag)}
              </Badge>
            ))
          )}
        </Group>
        {changed ? (
          <Text size="xs" fw={600} c="orange.9" data-testid={`example-${ex.key}-changed`}>
            {t('settings.risk.examples.changed')} · {t('settings.risk.examples.was', { status: tDynamic('labels.status', saved!.status) })}
          </Text>
        ) : null}
      </Stack>
    </Box>
  );
}
