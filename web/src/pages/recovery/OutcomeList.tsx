import { Anchor, Center, Group, Pagination, Stack, Table, Text } from '@mantine/core';
import { RECOVERY_LIST_PAGE_SIZE, type RecoveryOutcome, useRecoveryList } from '../../api/recovery';
import { ListTable } from '../../components/ListTable';
import { QueryState } from '../../components/QueryState';
import { formatDateTime, formatDay, formatMoney } from '../../format';
import { t, tDynamic } from '../../i18n/i18n';
import { cardName } from './EntryCard';

/** The Regained / Lost / Not edited list, paged on the server, newest first. */
export function OutcomeList({ state, page, onPage, onOpen }: { state: RecoveryOutcome; page: number; onPage: (p: number) => void; onOpen: (id: string) => void }) {
  const list = useRecoveryList(state, (page - 1) * RECOVERY_LIST_PAGE_SIZE);
  return (
    <QueryState query={list}>
      {(l) => (
        <Stack gap="sm" data-testid={`recovery-list-${state}`}>
          <Text size="sm" c="dimmed">
            {t('recovery.list.total', { count: l.total })}
          </Text>
          <ListTable
            items={l.items}
            minWidth={760}
            striped
            columns={[
              t('recovery.list.member'),
              t('recovery.list.reason'),
              t('recovery.list.cancelledOn'),
              { label: t('recovery.list.monthlyValue'), ta: 'right' },
              t('recovery.list.closedAt'),
              t('recovery.list.assignee'),
            ]}
            empty={
              <Center py="xl">
                <Text c="dimmed">{tDynamic('recovery.list.empty', state)}</Text>
              </Center>
            }
            row={(e) => (
              <Table.Tr key={e.id} data-testid={`row-${e.id}`}>
                <Table.Td>
                  <Anchor component="button" type="button" size="sm" onClick={() => onOpen(e.id)}>
                    {cardName(e)}
                  </Anchor>
                </Table.Td>
                <Table.Td>{e.reason ?? t('recovery.card.noReason')}</Table.Td>
                <Table.Td>{formatDay(e.cancelledOn)}</Table.Td>
                <Table.Td ta="right">{formatMoney(e.monthlyValue)}</Table.Td>
                <Table.Td>
                  {formatDateTime(e.outcomeAt)}
                  {e.outcomeBy === 'auto' ? ` (${t('recovery.drawer.auto')})` : ''}
                </Table.Td>
                <Table.Td>{e.assigneeName ?? t('recovery.card.unassigned')}</Table.Td>
              </Table.Tr>
            )}
          />
          {l.total > RECOVERY_LIST_PAGE_SIZE ? (
            <Group justify="center">
              <Pagination
                total={Math.ceil(l.total / RECOVERY_LIST_PAGE_SIZE)}
                value={page}
                onChange={onPage}
                size="sm"
                getControlProps={(c) => (c === 'previous' ? { 'aria-label': t('common.previous') } : c === 'next' ? { 'aria-label': t('common.next') } : {})}
              />
            </Group>
          ) : null}
        </Stack>
      )}
    </QueryState>
  );
}
