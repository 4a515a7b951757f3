import { Table, Text } from '@mantine/core';
import type { ClientDetail } from '../../../api/members';
import { formatDay, formatMoney } from '../../../format';
import { t } from '../../../i18n/i18n';
import { businessToday, formatInstantDay } from '../dates';
import { ListSection } from './ListSection';

type Subscription = ClientDetail['subscriptions'][number];

function subscriptionState(s: Subscription, today: string): string {
  if (s.startsOn > today) return t('members.profile.sub.notStarted', { date: formatDay(s.startsOn) });
  if (s.endsOn && s.endsOn < today) return t('members.profile.sub.ended');
  if (s.cancelledAt) return t('members.profile.sub.cancelled', { date: formatInstantDay(s.cancelledAt) });
  return t('members.profile.sub.active');
}

/** The member's subscriptions: name and freezes, period, price and renewal, and where each stands today. */
export function Subscriptions({ c }: { c: ClientDetail }) {
  const today = businessToday();
  return (
    <ListSection
      name="subscriptions"
      items={c.subscriptions}
      minWidth={520}
      columns={[t('members.profile.sub.name'), t('members.profile.sub.period'), { label: t('members.profile.sub.price'), ta: 'right' }, t('members.profile.sub.state')]}
      row={(s) => (
        <Table.Tr key={s.id}>
          <Table.Td>
            <Text size="sm" fw={600}>
              {s.name ?? s.productName ?? s.externalId}
            </Text>
            {s.freezes.length ? (
              <Text size="xs" c="dimmed">
                {t('members.profile.sub.freezes')}:{' '}
                {s.freezes.map((f) => t('members.profile.sub.freeze', { from: formatDay(f.startsOn), to: f.endsOn ? formatDay(f.endsOn) : t('members.profile.sub.open') })).join('; ')}
              </Text>
            ) : null}
          </Table.Td>
          <Table.Td style={{ whiteSpace: 'nowrap' }}>
            {formatDay(s.startsOn)} – {s.endsOn ? formatDay(s.endsOn) : t('members.profile.sub.open')}
          </Table.Td>
          <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
            {formatMoney(Number(s.price))}
            <Text size="xs" c="dimmed">
              {s.billingInterval} {s.billingUnit}
              {s.autoRenew ? ` · ${t('members.profile.sub.autoRenew')}` : ''}
            </Text>
          </Table.Td>
          <Table.Td>{subscriptionState(s, today)}</Table.Td>
        </Table.Tr>
      )}
    />
  );
}
