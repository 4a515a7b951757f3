import { Paper, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** A card of the overview that is not a chart: a section named by its heading, with an optional line under it. */
export function SectionCard({ testId, title, subtitle, children }: { testId: string; title: string; subtitle?: string; children: ReactNode }) {
  const id = `${testId}-title`;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={id} h="100%" data-testid={testId}>
      <Title order={2} size="h4" id={id} mb={subtitle ? undefined : 'sm'}>
        {title}
      </Title>
      {subtitle ? (
        <Text size="sm" c="dimmed" mb="sm">
          {subtitle}
        </Text>
      ) : null}
      {children}
    </Paper>
  );
}
