import { Table } from '@mantine/core';
import type { ClientDetail } from '../../../api/members';
import { formatDay } from '../../../format';
import { t } from '../../../i18n/i18n';
import { ListSection } from './ListSection';

/** The member's clip cards and other quotas: how much is used and when they expire. */
export function Quotas({ c }: { c: ClientDetail }) {
  return (
    <ListSection
      name="quotas"
      items={c.quotas}
      columns={[t('members.profile.quota.name'), t('members.profile.quota.used'), t('members.profile.quota.expires')]}
      row={(q) => (
        <Table.Tr key={q.id}>
          <Table.Td>{q.name ?? q.externalId}</Table.Td>
          <Table.Td>{t('members.profile.quota.usedOf', { used: q.usedUnits, total: q.totalUnits })}</Table.Td>
          <Table.Td>{formatDay(q.expiresOn)}</Table.Td>
        </Table.Tr>
      )}
    />
  );
}
