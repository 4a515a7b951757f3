import { Badge, VisuallyHidden } from '@mantine/core';
import { useRecoveryUnseen } from '../../api/recovery';
import { t } from '../../i18n/i18n';

/** The Recovery link's badge: unseen open entries on the board (nothing when there are none). */
export function RecoveryNavBadge() {
  const unseen = useRecoveryUnseen().data;
  if (!unseen) return null;
  return (
    <Badge size="sm" color="red" circle={unseen < 10} data-testid="recovery-nav-badge">
      {unseen}
      <VisuallyHidden>{t('recovery.navUnseen')}</VisuallyHidden>
    </Badge>
  );
}
