import { Button, Group } from '@mantine/core';
import { t } from '../i18n/i18n';

/** A dialog form's buttons: Cancel, and the submit button with its label. */
export function ModalButtons({ onCancel, label, pending, disabled }: { onCancel: () => void; label: string; pending: boolean; disabled?: boolean }) {
  return (
    <Group justify="flex-end">
      <Button variant="default" onClick={onCancel}>
        {t('common.cancel')}
      </Button>
      <Button type="submit" loading={pending} disabled={disabled}>
        {label}
      </Button>
    </Group>
  );
}
