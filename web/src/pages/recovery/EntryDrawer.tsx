import { Alert, Anchor, Badge, Button, Divider, Drawer, Group, Select, SimpleGrid, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../../api/client';
import { RECOVERY_OUTCOMES, type RecoveryEntry, type RecoveryOutcome, useAddNote, useAssignEntry, useRecoveryEntry, useReopenEntry, useSetOutcome, useSetSeen } from '../../api/recovery';
import { useStaff } from '../../api/tasks';
import { errorMessage, QueryState } from '../../components/QueryState';
import { notify } from '../../components/notify';
import { formatDateTime, formatDay, formatMoney } from '../../format';
import { t, tDynamic } from '../../i18n/i18n';
import { cardName } from './EntryCard';

/** Opened this long, an entry counts as seen (recovery.md "Entries"). */
const SEEN_AFTER_MS = 2000;

const OUTCOME_COLOR: Record<RecoveryOutcome, string> = { regained: 'teal', lost: 'red', not_edited: 'gray' };

/** An entry's drawer: details, assignee, outcome, notes and history; it marks the entry seen after 2 s open. */
export function EntryDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const phone = useMediaQuery('(max-width: 48em)');
  const query = useRecoveryEntry(id);
  const entry = query.data;
  const seen = useSetSeen();
  // an entry marked seen (or marked new again by hand) in this opening is left alone until the drawer opens another
  const handled = useRef<string | null>(null);
  useEffect(() => {
    if (!entry || !entry.unseen || handled.current === entry.id) return;
    const timer = setTimeout(() => {
      handled.current = entry.id;
      seen.mutate({ id: entry.id, seen: true });
    }, SEEN_AFTER_MS);
    return () => clearTimeout(timer);
  }, [entry?.id, entry?.unseen]);
  useEffect(() => {
    if (!id) handled.current = null;
  }, [id]);

  return (
    <Drawer
      opened={!!id}
      onClose={onClose}
      position="right"
      size={phone ? '100%' : 'lg'}
      title={entry ? cardName(entry) : t('common.loading')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      styles={{ title: { fontWeight: 700, fontSize: 'var(--mantine-font-size-lg)' } }}
    >
      {id ? (
        <QueryState query={query}>
          {(e) => (
            <EntryDetails
              entry={e}
              autoSeen={handled.current !== e.id}
              onUnseen={() => {
                handled.current = e.id;
                seen.mutate({ id: e.id, seen: false }, { onSuccess: () => notify(t('recovery.drawer.markedUnseen')) });
              }}
            />
          )}
        </QueryState>
      ) : null}
    </Drawer>
  );
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm">{children}</Text>
    </Stack>
  );
}

function EntryDetails({ entry, autoSeen, onUnseen }: { entry: RecoveryEntry; autoSeen: boolean; onUnseen: () => void }) {
  const staff = useStaff();
  const assign = useAssignEntry();
  const outcome = useSetOutcome();
  const reopen = useReopenEntry();
  const addNote = useAddNote();
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const name = cardName(entry);
  const fail = (e: unknown) => setError(e instanceof ApiError && e.status === 409 ? t('recovery.board.stale', { name }) : errorMessage(e));

  const staffOptions = [
    { value: '', label: t('recovery.drawer.unassigned') },
    ...(staff.data?.items ?? []).filter((s) => s.active || s.id === entry.assigneeStaffId).map((s) => ({ value: s.id, label: s.name ?? s.externalId })),
  ];

  return (
    <Stack gap="md" data-testid="recovery-entry">
      {error ? (
        <Alert color="red" role="alert" withCloseButton onClose={() => setError(null)} closeButtonLabel={t('common.close')}>
          {error}
        </Alert>
      ) : null}
      <Group gap="xs">
        {entry.outcome ? (
          <Badge color={OUTCOME_COLOR[entry.outcome]} data-testid="entry-outcome">
            {tDynamic('recovery.outcome', entry.outcome)}
          </Badge>
        ) : (
          <Badge variant="light">{entry.phaseName}</Badge>
        )}
        {entry.unseen ? (
          <Group gap={6} data-testid="entry-unseen">
            <Badge color="red" variant="light">
              {t('recovery.drawer.newBadge')}
            </Badge>
            {autoSeen ? (
              <Text size="xs" c="dimmed">
                {t('recovery.drawer.newState')}
              </Text>
            ) : null}
          </Group>
        ) : (
          <Text size="xs" c="dimmed" data-testid="entry-seen">
            {t('recovery.drawer.seenState', { at: formatDateTime(entry.seenAt) })}
          </Text>
        )}
        {!entry.unseen ? (
          <Button size="compact-xs" variant="subtle" onClick={onUnseen}>
            {t('recovery.drawer.markUnseen')}
          </Button>
        ) : null}
      </Group>

      <SimpleGrid cols={2} spacing="sm">
        <Field label={t('recovery.drawer.source')}>{tDynamic('recovery.source', entry.sourceKind)}</Field>
        <Field label={t('recovery.drawer.reason')}>{entry.reason ?? t('recovery.card.noReason')}</Field>
        <Field label={t('recovery.drawer.cancelledOn')}>{formatDay(entry.cancelledOn)}</Field>
        <Field label={t('recovery.drawer.endsOn')}>{formatDay(entry.contractEndsOn)}</Field>
        <Field label={t('recovery.drawer.monthlyValue')}>{formatMoney(entry.monthlyValue)}</Field>
        <Field label={t('recovery.drawer.enteredAt')}>{formatDateTime(entry.createdAt)}</Field>
      </SimpleGrid>
      <Anchor component={Link} to={`/members/${entry.clientId}`} size="sm">
        {t('recovery.drawer.profile')}
      </Anchor>

      <Select
        label={t('recovery.drawer.assignee')}
        data={staffOptions}
        value={entry.assigneeStaffId ?? ''}
        allowDeselect={false}
        disabled={!!entry.outcome || assign.isPending}
        onChange={(v) =>
          assign.mutate(
            { id: entry.id, version: entry.version, assigneeStaffId: v || null },
            { onSuccess: (e) => notify(e.assigneeName ? t('recovery.drawer.assigned', { name: e.assigneeName }) : t('recovery.drawer.unassigned')), onError: fail },
          )
        }
      />

      <Stack gap={6}>
        <Title order={3} size="h5">
          {t('recovery.drawer.outcomeTitle')}
        </Title>
        {entry.outcome ? (
          <>
            <Text size="sm">{t('recovery.drawer.outcomeLine', { outcome: tDynamic('recovery.outcome', entry.outcome), date: formatDateTime(entry.outcomeAt) })}</Text>
            {entry.outcomeReason ? <Text size="sm">{t('recovery.drawer.outcomeReason', { reason: entry.outcomeReason })}</Text> : null}
            <Group>
              <Button
                variant="default"
                size="xs"
                loading={reopen.isPending}
                onClick={() => reopen.mutate({ id: entry.id, version: entry.version }, { onSuccess: () => notify(t('recovery.drawer.reopened', { name })), onError: fail })}
              >
                {t('recovery.drawer.reopen')}
              </Button>
            </Group>
          </>
        ) : (
          <>
            <Text size="xs" c="dimmed">
              {t('recovery.drawer.outcomeHelp')}
            </Text>
            <Group gap="xs">
              {RECOVERY_OUTCOMES.map((o) => (
                <Button
                  key={o}
                  size="xs"
                  color={OUTCOME_COLOR[o]}
                  variant={o === 'regained' ? 'filled' : 'light'}
                  loading={outcome.isPending && outcome.variables?.outcome === o}
                  disabled={outcome.isPending}
                  onClick={() =>
                    outcome.mutate(
                      { id: entry.id, version: entry.version, outcome: o },
                      { onSuccess: () => notify(t('recovery.drawer.outcomeSet', { name, outcome: tDynamic('recovery.outcome', o) })), onError: fail },
                    )
                  }
                >
                  {tDynamic('recovery.drawer.setOutcome', o)}
                </Button>
              ))}
            </Group>
          </>
        )}
      </Stack>

      <Divider />
      <Stack gap="xs">
        <Title order={3} size="h5">
          {t('recovery.drawer.notes')}
        </Title>
        {entry.notes.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('recovery.drawer.noNotes')}
          </Text>
        ) : (
          <Stack gap={6} data-testid="entry-notes">
            {entry.notes.map((n) => (
              <div key={n.id}>
                <Text size="xs" c="dimmed">
                  {formatDateTime(n.at)}
                  {n.actorName ? ` · ${n.actorName}` : ''}
                </Text>
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {n.text}
                </Text>
              </div>
            ))}
          </Stack>
        )}
        <Textarea
          label={t('recovery.drawer.noteLabel')}
          placeholder={t('recovery.drawer.notePlaceholder')}
          autosize
          minRows={2}
          maxLength={4000}
          value={note}
          onChange={(ev) => setNote(ev.currentTarget.value)}
        />
        <Group>
          <Button
            size="xs"
            disabled={!note.trim()}
            loading={addNote.isPending}
            onClick={() =>
              addNote.mutate(
                { id: entry.id, text: note.trim() },
                {
                  onSuccess: () => {
                    setNote('');
                    notify(t('recovery.drawer.noteAdded'));
                  },
                  onError: fail,
                },
              )
            }
          >
            {t('recovery.drawer.addNote')}
          </Button>
        </Group>
      </Stack>

      <Divider />
      <Stack gap="xs">
        <Title order={3} size="h5">
          {t('recovery.drawer.history')}
        </Title>
        <Stack gap={4} component="ol" m={0} p={0} style={{ listStyle: 'none' }} data-testid="entry-history">
          <li>
            <Text size="sm">
              {t('recovery.drawer.event.created')} ·{' '}
              <Text span size="xs" c="dimmed">
                {formatDateTime(entry.createdAt)}
              </Text>
            </Text>
          </li>
          {entry.history
            .filter((h) => h.kind !== 'created')
            .map((h) => (
              <li key={h.id}>
                <Text size="sm">
                  {tDynamic('recovery.drawer.event', h.kind, {
                    phase: typeof h.data.toName === 'string' ? h.data.toName : '',
                    outcome: typeof h.data.outcome === 'string' ? tDynamic('recovery.outcome', h.data.outcome) : '',
                  })}
                  {h.actor === 'auto' ? ` (${t('recovery.drawer.auto')})` : h.actorName ? ` ${t('recovery.drawer.by', { name: h.actorName })}` : ''} ·{' '}
                  <Text span size="xs" c="dimmed">
                    {formatDateTime(h.at)}
                  </Text>
                </Text>
              </li>
            ))}
        </Stack>
      </Stack>
    </Stack>
  );
}
