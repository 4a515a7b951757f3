import { Badge } from '@mantine/core';
import { StatusBadge } from '../../components/StatusBadge';
import { t } from '../../i18n/i18n';

/**
 * A member's status; without one, what the API says instead: not a member (reason
 * not_a_member) rather than "not assessed yet".
 */
export function MemberStatus({ status, reasons }: { status: string | null | undefined; reasons?: ReadonlyArray<{ code: string }> | null }) {
  if (status) return <StatusBadge status={status} />;
  if (reasons?.some((r) => r.code === 'not_a_member'))
    return (
      <Badge color="gray" variant="outline" radius="sm">
        {t('members.notMember')}
      </Badge>
    );
  return <StatusBadge status={null} />;
}
