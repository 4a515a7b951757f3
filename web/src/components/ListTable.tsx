import { Table, type TableProps, type TableThProps } from '@mantine/core';
import type { ReactNode } from 'react';

/** A column's heading: its text, or the text with the header cell's props (`ta`, `w`). */
export type Column = string | ({ label: ReactNode } & Omit<TableThProps, 'children'>);

/**
 * A list as a table: a header row, then one row per item (`row` returns the `Table.Tr`, keyed).
 * `empty`, when given, stands in the table's place when there are no items; `minWidth` lets a
 * wide table scroll sideways.
 */
export function ListTable<T>({
  items,
  columns,
  row,
  empty,
  minWidth,
  ...tableProps
}: { items: readonly T[]; columns: Column[]; row: (item: T, index: number) => ReactNode; empty?: ReactNode; minWidth?: number } & Omit<TableProps, 'children'>) {
  if (items.length === 0 && empty !== undefined) return <>{empty}</>;
  const table = (
    <Table {...tableProps}>
      <Table.Thead>
        <Table.Tr>
          {columns.map((c, i) => {
            if (typeof c === 'string') return <Table.Th key={i}>{c}</Table.Th>;
            const { label, ...th } = c;
            return (
              <Table.Th key={i} {...th}>
                {label}
              </Table.Th>
            );
          })}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>{items.map(row)}</Table.Tbody>
    </Table>
  );
  return minWidth === undefined ? table : <Table.ScrollContainer minWidth={minWidth}>{table}</Table.ScrollContainer>;
}
