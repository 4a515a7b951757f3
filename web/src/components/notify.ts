import { notifications } from '@mantine/notifications';
import { t } from '../i18n/i18n';

/** A short message in the corner after an action (its close button named, for screen readers and axe). */
export function notify(message: string, color: 'teal' | 'red' | 'blue' = 'teal'): void {
  notifications.show({ color, message, closeButtonProps: { 'aria-label': t('common.close') } });
}
