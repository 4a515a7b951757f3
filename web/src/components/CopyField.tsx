import { ActionIcon, Code, CopyButton, Group, Stack, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { useId } from 'react';
import { t } from '../i18n/i18n';

/**
 * A value to copy somewhere else (a webhook URL, a key shown once): the value in full, selectable,
 * and a copy button. The button carries the value in data-copy-value, so tests can read it.
 */
export function CopyField({ label, value, copyLabel, testId }: { label: string; value: string; copyLabel?: string; testId?: string }) {
  const id = useId();
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500} id={id}>
        {label}
      </Text>
      <Group gap="xs" wrap="nowrap" align="center">
        <Code block aria-labelledby={id} data-testid={testId} style={{ flex: 1, minWidth: 0, overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>
          {value}
        </Code>
        <CopyButton value={value} timeout={2000}>
          {({ copied, copy }) => (
            <Tooltip label={copied ? t('common.copied') : (copyLabel ?? t('common.copy'))} withArrow>
              <ActionIcon variant={copied ? 'filled' : 'light'} size="lg" onClick={copy} aria-label={copyLabel ?? `${t('common.copy')}: ${label}`} data-copy-value={value}>
                {copied ? <IconCheck size={18} aria-hidden /> : <IconCopy size={18} aria-hidden />}
              </ActionIcon>
            </Tooltip>
          )}
        </CopyButton>
      </Group>
    </Stack>
  );
}
