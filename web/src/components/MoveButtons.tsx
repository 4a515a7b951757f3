import { ActionIcon, Group } from '@mantine/core';

/** `list` with the item at `i` moved by `delta` places (unchanged when that leaves the list). */
export function moved<T>(list: readonly T[], i: number, delta: -1 | 1): T[] {
  const j = i + delta;
  if (j < 0 || j >= list.length) return [...list];
  const next = [...list];
  [next[i], next[j]] = [next[j], next[i]];
  return next;
}

/**
 * Up / down buttons for one item of an ordered list: real buttons, so Tab reaches them and
 * Enter / Space moves the item; the first item has no "up", the last no "down" (disabled, not
 * hidden, so the buttons do not jump about as items move).
 */
export function MoveButtons({ index, count, upLabel, downLabel, onMove }: { index: number; count: number; upLabel: string; downLabel: string; onMove: (delta: -1 | 1) => void }) {
  return (
    <Group gap={4} wrap="nowrap">
      <ActionIcon variant="default" size="sm" aria-label={upLabel} disabled={index === 0} onClick={() => onMove(-1)}>
        ↑
      </ActionIcon>
      <ActionIcon variant="default" size="sm" aria-label={downLabel} disabled={index === count - 1} onClick={() => onMove(1)}>
        ↓
      </ActionIcon>
    </Group>
  );
}
