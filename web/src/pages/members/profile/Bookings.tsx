import { Badge, Table } from '@mantine/core';
import type { ClientDetail } from '../../../api/members';
import { formatDateTime } from '../../../format';
import { t, tDynamic } from '../../../i18n/i18n';
import { ListSection } from './ListSection';

/** The member's latest ten bookings: when, what, and how each went (a no-show marked). */
export function Bookings({ c }: { c: ClientDetail }) {
  return (
    <ListSection
      name="bookings"
      items={c.bookings.slice(0, 10)}
      columns={[t('members.profile.booking.when'), t('members.profile.booking.what'), t('members.profile.booking.state')]}
      row={(b) => (
        <Table.Tr key={b.id}>
          <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(b.startsAt)}</Table.Td>
          <Table.Td>{b.name ?? b.serviceCategory ?? tDynamic('members.profile.bookingKinds', b.kind)}</Table.Td>
          <Table.Td>
            {tDynamic('members.profile.bookingStates', b.state)}
            {b.noShowActive && b.state !== 'no_show' ? (
              <Badge ml={6} size="xs" color="red" variant="light" radius="sm">
                {t('members.profile.booking.noShow')}
              </Badge>
            ) : null}
          </Table.Td>
        </Table.Tr>
      )}
    />
  );
}
