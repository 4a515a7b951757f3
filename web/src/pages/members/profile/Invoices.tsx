import { Badge, Table, Text } from '@mantine/core';
import { useInvoices } from '../../../api/members';
import { formatDay, formatMoney } from '../../../format';
import { t } from '../../../i18n/i18n';
import { formatInstantDay } from '../dates';
import { ListSection } from './ListSection';

const SHOWN = 12;

/** The member's latest invoices: due day, amount, paid or open or overdue, direct debit. */
export function Invoices({ clientId }: { clientId: string }) {
  const invoices = useInvoices(clientId);
  return (
    <ListSection
      name="invoices"
      query={invoices}
      items={(d) => d.items.slice(0, SHOWN)}
      footer={(d) =>
        d.total > Math.min(SHOWN, d.items.length) ? (
          <Text size="xs" c="dimmed" mt="xs">
            {t('members.profile.invoicesMore', { shown: Math.min(SHOWN, d.items.length), total: d.total })}
          </Text>
        ) : null
      }
      columns={[t('members.profile.invoice.due'), { label: t('members.profile.invoice.amount'), ta: 'right' }, t('members.profile.invoice.state')]}
      row={(i) => (
        <Table.Tr key={i.id}>
          <Table.Td>{formatDay(i.dueOn)}</Table.Td>
          <Table.Td ta="right">{formatMoney(i.amount)}</Table.Td>
          <Table.Td>
            {i.paidAt ? (
              <Text size="sm">{t('members.profile.invoice.paid', { date: formatInstantDay(i.paidAt) })}</Text>
            ) : (
              <Badge variant="light" color={i.overdue ? 'red' : 'gray'} radius="sm">
                {i.overdue ? t('members.profile.invoice.overdue') : t('members.profile.invoice.open')}
              </Badge>
            )}
            {i.directDebit ? (
              <Text size="xs" c="dimmed">
                {t('members.profile.invoice.directDebit')}
              </Text>
            ) : null}
          </Table.Td>
        </Table.Tr>
      )}
    />
  );
}
