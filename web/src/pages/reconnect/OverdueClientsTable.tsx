import { Anchor, Group, Pagination, Stack, Table, Text, Title, UnstyledButton } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { OVERDUE_PAGE_SIZE, type OverdueSort, useOverdueClients } from '../../api/reconnect';
import { ListTable } from '../../components/ListTable';
import { QueryState } from '../../components/QueryState';
import { formatDay, formatNumber } from '../../format';
import { t } from '../../i18n/i18n';

/** Interval days as weeks, one decimal at most (the API's days are exact; weeks are for reading). */
export function weeks(days: number): string {
  return formatNumber(days / 7, 1);
}

/** The category's overdue clients, sorted and paged by the server (most overdue first). */
export function OverdueClientsTable({ category }: { category: string }) {
  const [sort, setSort] = useState<OverdueSort>('days_overdue');
  const [order, setOrder] = useState<'asc' | 'desc'>('desc');
  const [page, setPage] = useState(1);
  const list = useOverdueClients(category, sort, order, (page - 1) * OVERDUE_PAGE_SIZE);

  const header = (key: OverdueSort, label: string, right = false) => {
    const active = sort === key;
    return {
      label: (
        <UnstyledButton
          fz="sm"
          fw={700}
          onClick={() => {
            if (active) setOrder(order === 'desc' ? 'asc' : 'desc');
            else {
              setSort(key);
              setOrder(key === 'name' ? 'asc' : 'desc');
            }
            setPage(1);
          }}
          aria-label={t('reconnect.clients.sortBy', { column: label })}
        >
          {label} {active ? (order === 'desc' ? '↓' : '↑') : ''}
        </UnstyledButton>
      ),
      'aria-sort': active ? (order === 'desc' ? 'descending' : 'ascending') : 'none',
      ta: right ? 'right' : undefined,
    } as const;
  };

  return (
    <Stack gap="xs">
      <Title order={3} size="h4">
        {t('reconnect.clients.heading')}
      </Title>
      <QueryState query={list}>
        {(l) => (
          <>
            <Text size="sm" c="dimmed">
              {t('reconnect.clients.total', { count: l.total })}
            </Text>
            <ListTable
              items={l.items}
              striped
              minWidth={560}
              data-testid="reconnect-clients"
              columns={[
                header('name', t('reconnect.clients.name')),
                header('last_appointment', t('reconnect.clients.lastAppointment')),
                header('usual_interval', t('reconnect.clients.usualInterval'), true),
                header('days_overdue', t('reconnect.clients.daysOverdue'), true),
              ]}
              empty={
                <Text size="sm" c="dimmed">
                  {t('reconnect.clients.empty', { category })}
                </Text>
              }
              row={(c) => (
                <Table.Tr key={c.clientId}>
                  <Table.Td>
                    <Anchor component={Link} to={`/members/${c.clientId}`} size="sm">
                      {c.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{formatDay(c.lastAppointmentOn)}</Table.Td>
                  <Table.Td ta="right">{t('reconnect.clients.interval', { weeks: weeks(c.usualIntervalDays), days: formatNumber(c.usualIntervalDays, 1) })}</Table.Td>
                  <Table.Td ta="right" fw={700}>
                    {formatNumber(c.daysOverdue)}
                  </Table.Td>
                </Table.Tr>
              )}
            />
            {l.total > OVERDUE_PAGE_SIZE ? (
              <Group justify="center">
                <Pagination
                  total={Math.ceil(l.total / OVERDUE_PAGE_SIZE)}
                  value={page}
                  onChange={setPage}
                  size="sm"
                  getControlProps={(c) => (c === 'previous' ? { 'aria-label': t('common.previous') } : c === 'next' ? { 'aria-label': t('common.next') } : {})}
                />
              </Group>
            ) : null}
          </>
        )}
      </QueryState>
    </Stack>
  );
}
