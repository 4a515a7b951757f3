import { Anchor, Group, Paper, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

/** One headline figure: what it counts, the number, an optional link to those members and a line under it. */
export function Headline({ label, value, hint, link, testId }: { label: string; value: string; hint?: ReactNode; link?: { to: string; label: string }; testId: string }) {
  return (
    <Paper withBorder p="md" data-testid={testId}>
      <Text size="sm" c="dimmed" fw={500}>
        {label}
      </Text>
      <Group justify="space-between" align="baseline" wrap="nowrap">
        <Text fz={32} fw={700} lh={1.2} data-testid={`${testId}-value`}>
          {value}
        </Text>
        {link ? (
          <Anchor component={Link} to={link.to} size="sm" c="teal.9">
            {link.label}
          </Anchor>
        ) : null}
      </Group>
      {hint ? (
        <Text size="sm" c="dimmed" component="div">
          {hint}
        </Text>
      ) : null}
    </Paper>
  );
}
