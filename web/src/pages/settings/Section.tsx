import { Fieldset, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** A group of a settings form: a titled fieldset with what it is for. */
export function Section({ title, help, children }: { title: string; help?: string; children: ReactNode }) {
  return (
    <Fieldset legend={<Text fw={700}>{title}</Text>} radius="md">
      <Stack gap="sm">
        {help ? (
          <Text size="sm" c="dark.6">
            {help}
          </Text>
        ) : null}
        {children}
      </Stack>
    </Fieldset>
  );
}
