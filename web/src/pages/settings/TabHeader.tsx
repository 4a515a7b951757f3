import { Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** A settings tab's heading and what the tab is for; `actions` on the right (e.g. "Invite a user"). */
export function TabHeader({ title, intro, maw = 640, actions }: { title: string; intro: string; maw?: number; actions?: ReactNode }) {
  const heading = (
    <Stack gap={4}>
      <Title order={2} size="h3">
        {title}
      </Title>
      <Text size="sm" c="dark.6" maw={maw}>
        {intro}
      </Text>
    </Stack>
  );
  if (!actions) return heading;
  return (
    <Group justify="space-between" align="flex-start">
      {heading}
      {actions}
    </Group>
  );
}
