import { Badge, Table, Text } from '@mantine/core';
import { useTouches } from '../../../api/members';
import { formatDateTime } from '../../../format';
import { t, tDynamic } from '../../../i18n/i18n';
import { ListSection } from './ListSection';

/** Every message and call to the member: when, through which channel and from what, and how it went (or why it was held back). */
export function Touches({ clientId, allowed }: { clientId: string; allowed: boolean }) {
  const touches = useTouches(clientId, allowed);
  return (
    <ListSection
      name="touches"
      instead={allowed ? undefined : t('members.profile.touchesHidden')}
      query={touches}
      items={(d) => d.items}
      columns={[t('members.profile.touch.when'), t('members.profile.touch.channel'), t('members.profile.touch.outcome')]}
      row={(x) => (
        <Table.Tr key={x.id}>
          <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(x.sentAt ?? x.queuedAt ?? x.blockedAt ?? x.dueAt)}</Table.Td>
          <Table.Td>
            {tDynamic('labels.channel', x.channel)}
            <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
              {x.origin}
            </Text>
          </Table.Td>
          <Table.Td>
            <Badge variant="light" radius="sm" color={x.status === 'failed' ? 'red' : x.status === 'blocked' ? 'gray' : 'teal'}>
              {tDynamic('members.profile.touchStatus', x.status)}
            </Badge>
            {x.blockedReason ? (
              <Text size="xs" c="dimmed">
                {tDynamic('members.profile.blockedReasons', x.blockedReason)}
              </Text>
            ) : null}
          </Table.Td>
        </Table.Tr>
      )}
    />
  );
}
