import { Box, Group, Paper, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import { useId, type ReactNode } from 'react';

export interface FigureTable {
  caption: string;
  columns: string[];
  rows: Array<Array<string | number>>;
}

/**
 * A chart with its text alternative: a heading, the drawing exposed as one image with a short
 * label, and the figures it draws as a table only screen readers see (the chart itself is hidden
 * from them). Every chart of the app goes through this, so axe and a screen reader get the numbers.
 */
export function ChartFigure({
  title,
  subtitle,
  label,
  table,
  children,
  actions,
  testId,
}: {
  title: string;
  subtitle?: ReactNode;
  /** What the drawing shows, in one sentence (its accessible name). */
  label: string;
  /** The figures drawn, for screen readers. */
  table?: FigureTable;
  children: ReactNode;
  actions?: ReactNode;
  testId?: string;
}) {
  const id = useId();
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={id} data-testid={testId} h="100%">
      <Stack gap="sm" h="100%">
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
          <div>
            <Title order={2} size="h4" id={id}>
              {title}
            </Title>
            {subtitle ? (
              <Text size="sm" c="dimmed">
                {subtitle}
              </Text>
            ) : null}
          </div>
          {actions}
        </Group>
        <Box role="img" aria-label={label}>
          <div aria-hidden="true">{children}</div>
        </Box>
        {table ? <FigureDataTable table={table} /> : null}
      </Stack>
    </Paper>
  );
}

/** The figures behind a chart as a real table, visible to screen readers only. */
export function FigureDataTable({ table }: { table: FigureTable }) {
  return (
    <VisuallyHidden>
      <table>
        <caption>{table.caption}</caption>
        <thead>
          <tr>
            {table.columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((r, i) => (
            <tr key={i}>
              {r.map((cell, j) =>
                j === 0 ? (
                  <th key={j} scope="row">
                    {cell}
                  </th>
                ) : (
                  <td key={j}>{cell}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </VisuallyHidden>
  );
}
