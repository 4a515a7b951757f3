import { Button, Group } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';

/** Add a row at the end of a table of the settings, or remove the last one. */
export function RowButtons({ add, remove }: { add: { label: string; disabled: boolean; onClick: () => void }; remove: { label: string; disabled: boolean; onClick: () => void } }) {
  return (
    <Group gap="xs">
      <Button size="xs" variant="outline" leftSection={<IconPlus size={16} aria-hidden />} disabled={add.disabled} onClick={add.onClick}>
        {add.label}
      </Button>
      <Button size="xs" variant="default" leftSection={<IconTrash size={16} aria-hidden />} disabled={remove.disabled} onClick={remove.onClick}>
        {remove.label}
      </Button>
    </Group>
  );
}
