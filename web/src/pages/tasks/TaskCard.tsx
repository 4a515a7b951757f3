import { Anchor, Badge, Button, Group, Menu, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconCheck, IconClock, IconMail, IconMessage, IconPhone, IconUserShare } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { type Task, useSnoozeTask } from '../../api/tasks';
import { notify } from '../../components/notify';
import { errorMessage } from '../../components/QueryState';
import { businessTimeZone, formatDateTime, formatDay, formatTime } from '../../format';
import { t, tDynamic } from '../../i18n/i18n';
import { CompleteTaskModal } from './CompleteTaskModal';
import { ReassignTaskModal } from './ReassignTaskModal';
import { snoozeChoices, type SnoozeChoice } from './snooze';

export function memberName(task: Task): string {
  const name = [task.client.firstName, task.client.lastName].filter(Boolean).join(' ').trim();
  return name || t('tasks.card.unnamed', { id: task.client.id });
}

function staffName(a: NonNullable<Task['assignee']>): string {
  return [a.firstName, a.lastName].filter(Boolean).join(' ').trim() || a.email || a.id;
}

/** Phone numbers as tel:/sms: URIs want them: digits and a leading +, no spaces. */
function dialable(phone: string): string {
  return phone.replace(/[^\d+]/g, '');
}

const SNOOZE_REASON = { laterToday: 'tasks.snooze.reasonLaterToday', tomorrow: 'tasks.snooze.reasonTomorrow', nextWeek: 'tasks.snooze.reasonNextWeek' } as const;

const PRIORITY_COLOR: Record<string, string> = { urgent: 'red', high: 'orange' };

/**
 * One task as a card, made for a phone first: who, why, when they last came, one tap to call,
 * text or email them, then done (with an outcome), snooze or hand it over.
 */
export function TaskCard({ task, highlight = false, showAssignee = false, canReassign = false }: { task: Task; highlight?: boolean; showAssignee?: boolean; canReassign?: boolean }) {
  const name = memberName(task);
  const [completing, setCompleting] = useState(false);
  const [reassigning, setReassigning] = useState(false);
  const snooze = useSnoozeTask();
  const ref = useRef<HTMLDivElement>(null);
  const open = task.state === 'open';
  const snoozed = task.snoozedUntil && new Date(task.snoozedUntil).getTime() > Date.now();
  const lastVisitOn = (task.client as { lastVisitOn?: string | null }).lastVisitOn ?? null;

  useEffect(() => {
    if (highlight) ref.current?.scrollIntoView({ block: 'center' });
  }, [highlight]);

  const doSnooze = (c: SnoozeChoice) => {
    const reason = t(SNOOZE_REASON[c.key]);
    snooze.mutate(
      { id: task.id, until: c.until.toISOString(), reason },
      {
        onSuccess: (done) => notify(t('tasks.snooze.done', { when: formatDateTime(done.snoozedUntil ?? c.until) }), 'teal'),
        onError: (e) => notify(errorMessage(e), 'red'),
      },
    );
  };

  return (
    <Paper
      ref={ref}
      component="article"
      withBorder
      p="md"
      radius="md"
      aria-label={name}
      data-testid={`task-${task.id}`}
      data-highlighted={highlight || undefined}
      style={highlight ? { borderColor: 'var(--mantine-color-teal-9)', borderWidth: 2, boxShadow: 'var(--mantine-shadow-md)' } : undefined}
    >
      <Stack gap="xs">
        {highlight ? (
          <Text size="xs" fw={700} c="teal.9" tt="uppercase">
            {t('tasks.opened.label')}
          </Text>
        ) : null}
        <Anchor component={Link} to={`/members/${task.client.id}`} fw={700} size="lg" aria-label={t('tasks.card.memberLink', { name })} style={{ overflowWrap: 'anywhere', alignSelf: 'flex-start' }}>
          {name}
        </Anchor>

        <Text fw={500} style={{ overflowWrap: 'anywhere' }}>
          {task.reason}
        </Text>

        <Group gap="xs" wrap="wrap" align="center">
          {open && task.overdue && !snoozed ? (
            <Badge color="red" variant="filled" style={{ flexShrink: 0 }}>
              {t('tasks.card.overdue')}
            </Badge>
          ) : null}
          {PRIORITY_COLOR[task.priority] ? (
            <Badge color={PRIORITY_COLOR[task.priority]} variant="light" style={{ flexShrink: 0 }}>
              {tDynamic('labels.taskPriority', task.priority)}
            </Badge>
          ) : null}
          <Text size="sm" c={open && task.overdue && !snoozed ? 'red.9' : 'dark.6'} fw={open && task.overdue && !snoozed ? 600 : undefined}>
            {t('tasks.card.dueDay', { day: formatDay(task.dueOn) })}
          </Text>
          <Text size="sm" c="dark.6">
            {lastVisitOn ? t('tasks.card.lastVisit', { day: formatDay(lastVisitOn) }) : t('tasks.card.neverVisited')}
          </Text>
          {snoozed ? (
            <Text size="sm" c="dark.6">
              {t('tasks.card.snoozed', { when: formatDateTime(task.snoozedUntil) })}
            </Text>
          ) : null}
          {task.raisedCount > 1 ? (
            <Text size="sm" c="dark.6">
              {t('tasks.card.raised', { count: task.raisedCount })}
            </Text>
          ) : null}
        </Group>
        {showAssignee ? (
          <Text size="sm" c="dark.6">
            {task.assignee ? t('tasks.card.assignee', { name: staffName(task.assignee) }) : t('tasks.card.unassigned')}
          </Text>
        ) : null}
        {task.instructions ? (
          <Text size="sm" lineClamp={highlight ? undefined : 3} style={{ whiteSpace: 'pre-line' }}>
            <Text span size="sm" fw={600}>
              {t('tasks.card.instructions')}:{' '}
            </Text>
            {task.instructions}
          </Text>
        ) : null}

        {open ? (
          <>
            <SimpleGrid cols={3} spacing="xs" maw={480}>
              {task.client.phone ? (
                <Button
                  component="a"
                  href={`tel:${dialable(task.client.phone)}`}
                  variant="default"
                  px={6}
                  leftSection={<IconPhone size={18} aria-hidden />}
                  aria-label={t('tasks.card.callLabel', { name })}
                >
                  {t('tasks.card.call')}
                </Button>
              ) : (
                <Button variant="default" disabled title={t('tasks.card.noPhone')} leftSection={<IconPhone size={18} aria-hidden />}>
                  {t('tasks.card.call')}
                </Button>
              )}
              {task.client.phone ? (
                <Button
                  component="a"
                  href={`sms:${dialable(task.client.phone)}`}
                  variant="default"
                  px={6}
                  leftSection={<IconMessage size={18} aria-hidden />}
                  aria-label={t('tasks.card.smsLabel', { name })}
                >
                  {t('tasks.card.sms')}
                </Button>
              ) : (
                <Button variant="default" disabled title={t('tasks.card.noPhone')} leftSection={<IconMessage size={18} aria-hidden />}>
                  {t('tasks.card.sms')}
                </Button>
              )}
              {task.client.email ? (
                <Button component="a" href={`mailto:${task.client.email}`} variant="default" px={6} leftSection={<IconMail size={18} aria-hidden />} aria-label={t('tasks.card.emailLabel', { name })}>
                  {t('tasks.card.email')}
                </Button>
              ) : (
                <Button variant="default" disabled title={t('tasks.card.noEmail')} leftSection={<IconMail size={18} aria-hidden />}>
                  {t('tasks.card.email')}
                </Button>
              )}
            </SimpleGrid>
            <Group gap="xs" grow={!canReassign} wrap="wrap" role="group" aria-label={t('tasks.card.actionsFor', { name })}>
              <Button leftSection={<IconCheck size={18} aria-hidden />} onClick={() => setCompleting(true)}>
                {t('tasks.card.done')}
              </Button>
              <SnoozeMenu onPick={doSnooze} loading={snooze.isPending} />
              {canReassign ? (
                <Button variant="default" leftSection={<IconUserShare size={18} aria-hidden />} onClick={() => setReassigning(true)}>
                  {t('tasks.card.reassign')}
                </Button>
              ) : null}
            </Group>
          </>
        ) : (
          <Badge color={task.state === 'done' ? 'teal' : 'gray'} variant="light" size="lg" style={{ alignSelf: 'flex-start' }}>
            {task.state === 'done' ? t('tasks.card.closedAs', { outcome: tDynamic('labels.taskOutcome', task.outcome ?? 'other') }) : t('tasks.card.dismissed')}
          </Badge>
        )}
      </Stack>
      {completing ? <CompleteTaskModal task={task} name={name} onClose={() => setCompleting(false)} /> : null}
      {reassigning ? <ReassignTaskModal task={task} name={name} onClose={() => setReassigning(false)} /> : null}
    </Paper>
  );
}

function SnoozeMenu({ onPick, loading }: { onPick: (c: SnoozeChoice) => void; loading: boolean }) {
  const zone = businessTimeZone() ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  // computed when the menu opens, so "later today" is three hours from the tap
  const [choices, setChoices] = useState<SnoozeChoice[]>(() => snoozeChoices(new Date(), zone));
  const label = (c: SnoozeChoice) =>
    c.key === 'laterToday'
      ? t('tasks.snooze.laterToday', { time: formatTime(c.until) })
      : c.key === 'tomorrow'
        ? t('tasks.snooze.tomorrow', { time: formatTime(c.until) })
        : t('tasks.snooze.nextWeek', { day: formatDateTime(c.until) });
  return (
    <Menu position="bottom-start" withinPortal onOpen={() => setChoices(snoozeChoices(new Date(), zone))}>
      <Menu.Target>
        <Button variant="default" leftSection={<IconClock size={18} aria-hidden />} loading={loading}>
          {t('tasks.card.snooze')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('tasks.snooze.menuLabel')}</Menu.Label>
        {choices.map((c) => (
          <Menu.Item key={c.key} onClick={() => onPick(c)} data-snooze={c.key}>
            {label(c)}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
