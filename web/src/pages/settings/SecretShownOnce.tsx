import { Alert, Stack, Text } from '@mantine/core';
import { CopyField } from '../../components/CopyField';
import { t } from '../../i18n/i18n';

/** A secret the API shows only once (a new API key, a generated signing secret): copy it now, then close. */
export function SecretShownOnce({
  title,
  label,
  value,
  copyLabel,
  onClose,
  testId,
  note,
}: {
  title: string;
  label: string;
  value: string;
  copyLabel?: string;
  onClose: () => void;
  testId?: string;
  /** a line under the secret (e.g. until when the old one still works) */
  note?: string;
}) {
  return (
    <Alert color="teal" title={title} withCloseButton closeButtonLabel={t('common.close')} onClose={onClose} data-testid={testId}>
      <Stack gap="xs">
        <Text size="sm">{t('settings.secret.showOnce')}</Text>
        <CopyField label={label} value={value} copyLabel={copyLabel} testId={testId ? `${testId}-value` : undefined} />
        {note ? (
          <Text size="sm" data-testid={testId ? `${testId}-note` : undefined}>
            {note}
          </Text>
        ) : null}
      </Stack>
    </Alert>
  );
}
