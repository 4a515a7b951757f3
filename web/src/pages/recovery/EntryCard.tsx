import { ActionIcon, Box, Group, Menu, Paper, Stack, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { useDraggable } from '@dnd-kit/core';
import { IconArrowsExchange, IconGripVertical } from '@tabler/icons-react';
import type { RecoveryCard, RecoveryColumn } from '../../api/recovery';
import { formatDay, formatMoney } from '../../format';
import { t } from '../../i18n/i18n';

export const cardName = (e: { clientName: string | null }) => e.clientName ?? t('recovery.card.unnamed');

/** What a card shows: member, reason, cancelled on, ends on, monthly value, assignee, the unseen dot. */
export function CardBody({ entry, actions, onOpen }: { entry: RecoveryCard; actions?: React.ReactNode; onOpen?: () => void }) {
  const name = cardName(entry);
  return (
    <>
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
        <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
          {entry.unseen ? (
            <Box w={8} h={8} bg="red.7" style={{ borderRadius: 8, flex: 'none' }} data-testid="unseen-dot" title={t('recovery.card.newDot')}>
              <VisuallyHidden>{t('recovery.card.newDot')}</VisuallyHidden>
            </Box>
          ) : null}
          <UnstyledButton onClick={onOpen} aria-label={t('recovery.card.open', { name })} style={{ minWidth: 0 }}>
            <Text fw={600} size="sm" truncate>
              {name}
            </Text>
          </UnstyledButton>
        </Group>
        {actions}
      </Group>
      <Text size="sm" c={entry.reason ? undefined : 'dimmed'} lineClamp={2}>
        {entry.reason ?? t('recovery.card.noReason')}
      </Text>
      <Text size="xs" c="dimmed">
        {t('recovery.card.cancelledOn', { date: formatDay(entry.cancelledOn) })} · {t('recovery.card.endsOn', { date: formatDay(entry.contractEndsOn) })}
      </Text>
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text size="sm" fw={500}>
          {t('recovery.card.perMonth', { value: formatMoney(entry.monthlyValue) })}
        </Text>
        <Text size="xs" c="dimmed" truncate>
          {entry.assigneeName ?? t('recovery.card.unassigned')}
        </Text>
      </Group>
    </>
  );
}

/** A board card: open it (the name), move it with the "Move to" menu, or drag it by its handle (mouse, touch or keyboard). */
export function EntryCard({ entry, columns, onOpen, onMove }: { entry: RecoveryCard; columns: RecoveryColumn[]; onOpen: () => void; onMove: (phaseId: string) => void }) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, isDragging } = useDraggable({ id: entry.id, data: { entry } });
  const name = cardName(entry);
  const actions = (
    <Group gap={2} wrap="nowrap" style={{ flex: 'none' }}>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon variant="subtle" color="gray" size="sm" aria-label={t('recovery.card.moveToLabel', { name })} title={t('recovery.card.moveTo')}>
            <IconArrowsExchange size={16} aria-hidden />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>{t('recovery.card.moveTo')}</Menu.Label>
          {columns
            .filter((c) => c.id !== entry.phaseId)
            .map((c) => (
              <Menu.Item key={c.id} onClick={() => onMove(c.id)}>
                {c.name}
              </Menu.Item>
            ))}
        </Menu.Dropdown>
      </Menu>
      <ActionIcon
        ref={setActivatorNodeRef}
        variant="subtle"
        color="gray"
        size="sm"
        aria-label={t('recovery.card.drag', { name })}
        style={{ cursor: 'grab', touchAction: 'none' }}
        {...listeners}
        {...attributes}
      >
        <IconGripVertical size={16} aria-hidden />
      </ActionIcon>
    </Group>
  );
  return (
    <Paper ref={setNodeRef} withBorder p="sm" radius="sm" component="article" data-testid={`entry-${entry.id}`} style={{ opacity: isDragging ? 0.4 : 1 }}>
      <Stack gap={4}>
        <CardBody entry={entry} actions={actions} onOpen={onOpen} />
      </Stack>
    </Paper>
  );
}
