import { Badge, Box, Button, Group, Paper, ScrollArea, Stack, Text, Title } from '@mantine/core';
import {
  type Announcements,
  type CollisionDetection,
  DndContext,
  type DragEndEvent,
  DragOverlay,
  type KeyboardCoordinateGetter,
  KeyboardSensor,
  PointerSensor,
  pointerWithin,
  rectIntersection,
  useDroppable,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import { useState } from 'react';
import { ApiError } from '../../api/client';
import { type RecoveryBoard, type RecoveryCard, type RecoveryColumn, useColumnMore, useMoveEntry } from '../../api/recovery';
import { errorMessage } from '../../components/QueryState';
import { notify } from '../../components/notify';
import { t } from '../../i18n/i18n';
import { CardBody, cardName, EntryCard } from './EntryCard';

// the pointer decides where a mouse drop lands; a keyboard drag has no pointer, so the dragged rect does
const collision: CollisionDetection = (args) => {
  const hits = pointerWithin(args);
  return hits.length ? hits : rectIntersection(args);
};

/** Left / right (and up / down) jump a keyboard drag to the next column instead of 25 px at a time. */
const columnJump: KeyboardCoordinateGetter = (event, { currentCoordinates, context }) => {
  const dir = event.code === 'ArrowRight' || event.code === 'ArrowDown' ? 1 : event.code === 'ArrowLeft' || event.code === 'ArrowUp' ? -1 : 0;
  const rect = context.collisionRect;
  if (!dir || !rect) return undefined;
  event.preventDefault();
  const cx = rect.left + rect.width / 2;
  const rects = context.droppableContainers
    .getEnabled()
    .map((c) => context.droppableRects.get(c.id))
    .filter((r): r is NonNullable<typeof r> => !!r)
    .sort((a, b) => a.left - b.left);
  const target = dir > 0 ? rects.find((r) => r.left > cx) : [...rects].reverse().find((r) => r.left + r.width < cx);
  if (!target) return currentCoordinates;
  return { x: currentCoordinates.x + (target.left + target.width / 2 - cx), y: currentCoordinates.y + (target.top + 48 - rect.top) };
};

/** The board: one column per phase of the active group; a card moves by drag and drop, keyboard or its menu. */
export function BoardView({ board, onOpen }: { board: RecoveryBoard; onOpen: (id: string) => void }) {
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 6 } }), useSensor(KeyboardSensor, { coordinateGetter: columnJump }));
  const [dragging, setDragging] = useState<RecoveryCard | null>(null);
  const move = useMoveEntry();
  const phaseName = (id: string | number | undefined) => board.columns.find((c) => c.id === id)?.name ?? '';
  // cards a column loaded past its first page register here, so a drag of one of them finds it
  const [extra] = useState(() => new Map<string, RecoveryCard>());
  const cardOf = (id: string | number) => board.columns.flatMap((c) => c.entries).find((e) => e.id === id) ?? extra.get(String(id));

  const moveTo = (entry: RecoveryCard, phaseId: string) => {
    if (entry.phaseId === phaseId) return;
    const name = cardName(entry);
    move.mutate(
      { id: entry.id, version: entry.version, phaseId },
      {
        onSuccess: () => notify(t('recovery.board.moved', { name, phase: phaseName(phaseId) })),
        onError: (e) => {
          if (e instanceof ApiError && e.status === 409) notify(t('recovery.board.stale', { name }), 'red');
          else notify(t('recovery.board.moveFailed', { name, message: errorMessage(e) }), 'red');
        },
      },
    );
  };

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    setDragging(null);
    const entry = cardOf(active.id);
    if (entry && over) moveTo(entry, String(over.id));
  };

  const nameOf = (id: string | number) => {
    const e = cardOf(id);
    return e ? cardName(e) : '';
  };
  const announcements: Announcements = {
    onDragStart: ({ active }) => t('recovery.board.announce.start', { name: nameOf(active.id) }),
    onDragOver: ({ active, over }) =>
      over ? t('recovery.board.announce.over', { name: nameOf(active.id), phase: phaseName(over.id) }) : t('recovery.board.announce.nowhere', { name: nameOf(active.id) }),
    onDragEnd: ({ active, over }) =>
      over ? t('recovery.board.announce.end', { name: nameOf(active.id), phase: phaseName(over.id) }) : t('recovery.board.announce.nowhere', { name: nameOf(active.id) }),
    onDragCancel: ({ active }) => t('recovery.board.announce.cancel', { name: nameOf(active.id) }),
  };

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={collision}
      onDragStart={({ active }) => setDragging(cardOf(active.id) ?? null)}
      onDragEnd={onDragEnd}
      onDragCancel={() => setDragging(null)}
      accessibility={{ announcements, screenReaderInstructions: { draggable: t('recovery.board.dragHint') } }}
    >
      <Text size="xs" c="dimmed" mb="xs">
        {t('recovery.board.dragHint')}
      </Text>
      <ScrollArea type="auto" offsetScrollbars>
        <Group align="flex-start" wrap="nowrap" gap="sm" pb="sm" data-testid="recovery-board">
          {board.columns.map((c) => (
            <Column key={c.id} column={c} columns={board.columns} onOpen={onOpen} onMove={moveTo} onLoaded={(cards) => cards.forEach((e) => extra.set(e.id, e))} />
          ))}
        </Group>
      </ScrollArea>
      <DragOverlay>
        {dragging ? (
          <Paper withBorder shadow="md" p="sm" radius="sm" w={260}>
            <Stack gap={4}>
              <CardBody entry={dragging} />
            </Stack>
          </Paper>
        ) : null}
      </DragOverlay>
    </DndContext>
  );
}

function Column({
  column,
  columns,
  onOpen,
  onMove,
  onLoaded,
}: {
  column: RecoveryColumn;
  columns: RecoveryColumn[];
  onOpen: (id: string) => void;
  onMove: (e: RecoveryCard, phaseId: string) => void;
  onLoaded: (cards: RecoveryCard[]) => void;
}) {
  const { setNodeRef, isOver } = useDroppable({ id: column.id });
  const [wantMore, setWantMore] = useState(false);
  const more = useColumnMore(column.id, wantMore);
  // the first page, then the pages asked for; an entry that moved between two reads shows once
  const seen = new Set(column.entries.map((e) => e.id));
  const extra: RecoveryCard[] = [];
  for (const e of (more.data?.pages ?? []).flatMap((p) => p.items)) {
    if (e.phaseId !== column.id || seen.has(e.id)) continue;
    seen.add(e.id);
    extra.push(e);
  }
  onLoaded(extra);
  const shown = [...column.entries, ...extra];
  const showMore = () => (wantMore ? void more.fetchNextPage() : setWantMore(true));
  const headingId = `phase-${column.id}-heading`;
  return (
    <Paper
      ref={setNodeRef}
      component="section"
      aria-labelledby={headingId}
      data-testid={`column-${column.id}`}
      w={280}
      miw={260}
      p="sm"
      radius="md"
      bg={isOver ? 'teal.0' : 'gray.0'}
      withBorder
      style={{ flex: 'none', borderColor: isOver ? 'var(--mantine-color-teal-6)' : undefined, minHeight: 240 }}
    >
      <Group justify="space-between" mb="sm" wrap="nowrap" gap="xs">
        <Title order={2} size="h5" id={headingId}>
          {column.name}
        </Title>
        <Group gap={4} wrap="nowrap">
          {column.unseen ? (
            <Badge color="red" size="sm" variant="filled" data-testid="column-unseen">
              {t('recovery.board.columnUnseen', { count: column.unseen })}
            </Badge>
          ) : null}
          <Badge color="gray" size="sm" variant="light" data-testid="column-count">
            {t('recovery.board.columnCount', { count: column.count })}
          </Badge>
        </Group>
      </Group>
      <Stack gap="xs">
        {shown.map((e) => (
          <EntryCard key={e.id} entry={e} columns={columns} onOpen={() => onOpen(e.id)} onMove={(phaseId) => onMove(e, phaseId)} />
        ))}
        {shown.length === 0 ? (
          <Box p="md">
            <Text size="sm" c="gray.7" ta="center">
              {t('recovery.board.emptyColumn')}
            </Text>
          </Box>
        ) : null}
        {column.count > shown.length ? (
          <Button variant="subtle" size="xs" onClick={showMore} loading={more.isFetching} data-testid="column-more">
            {t('recovery.board.showMore', { count: column.count - shown.length })}
          </Button>
        ) : null}
      </Stack>
    </Paper>
  );
}
