import { Alert, Anchor, Table, Text } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import { useRhythmSettings } from '../../api/reconnect';
import type { components } from '../../api/schema';
import { ListTable } from '../../components/ListTable';
import { QueryState } from '../../components/QueryState';
import { formatNumber } from '../../format';
import { t } from '../../i18n/i18n';

/** Every service category with a known rhythm and its count of overdue clients, most overdue first. */
export function CategoryList({ query, onOpen }: { query: UseQueryResult<components['schemas']['RhythmCategoryListDto']>; onOpen: (category: string) => void }) {
  const rules = useRhythmSettings();
  return (
    <QueryState query={query}>
      {(list) => {
        const items = [...list.items].sort((a, b) => b.overdue - a.overdue || a.serviceCategory.localeCompare(b.serviceCategory));
        return (
          <ListTable
            items={items}
            striped
            data-testid="reconnect-categories"
            columns={[t('reconnect.categories.category'), { label: t('reconnect.categories.overdue'), ta: 'right' }, { label: t('reconnect.categories.known'), ta: 'right' }]}
            empty={
              <Alert color="blue" data-testid="reconnect-empty">
                <Text size="sm">{t('reconnect.categories.empty', { min: rules.data?.minAppointments ?? 3 })}</Text>
              </Alert>
            }
            row={(c) => (
              <Table.Tr key={c.serviceCategory}>
                <Table.Td>
                  <Anchor component="button" type="button" size="sm" fw={600} onClick={() => onOpen(c.serviceCategory)}>
                    {c.serviceCategory}
                  </Anchor>
                </Table.Td>
                <Table.Td ta="right" fw={c.overdue > 0 ? 700 : undefined}>
                  {formatNumber(c.overdue)}
                </Table.Td>
                <Table.Td ta="right">{formatNumber(c.known)}</Table.Td>
              </Table.Tr>
            )}
          />
        );
      }}
    </QueryState>
  );
}
