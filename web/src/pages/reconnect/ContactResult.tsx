import { Alert, List, Stack, Text } from '@mantine/core';
import type { ReconnectBatch, ReconnectContactAll } from '../../api/reconnect';
import { t, tDynamic } from '../../i18n/i18n';

/** The light yellow alert's own title colour is too faint to read (axe: contrast): titles in dark text. */
const READABLE = { title: { color: 'var(--mantine-color-dark-7)' } };

/** What one press did, in words: sent, already contacted, control group, and each skip with its reason. */
function BatchLines({ b }: { b: Pick<ReconnectBatch, 'sent' | 'alreadyOpen' | 'holdout' | 'skippedByReason'> }) {
  const skips = Object.entries(b.skippedByReason).filter(([, n]) => n > 0);
  return (
    <List size="sm" spacing={2}>
      <List.Item>{t('reconnect.result.sent', { count: b.sent })}</List.Item>
      {skips.map(([reason, n]) => (
        <List.Item key={reason}>{t('reconnect.result.skipped', { count: n, reason: tDynamic('reconnect.result.reasons', reason) })}</List.Item>
      ))}
      {b.alreadyOpen > 0 ? <List.Item>{t('reconnect.result.alreadyOpen', { count: b.alreadyOpen })}</List.Item> : null}
      {b.holdout > 0 ? <List.Item>{t('reconnect.result.holdout', { count: b.holdout })}</List.Item> : null}
    </List>
  );
}

export function BatchResult({ batch, onClose }: { batch: ReconnectBatch; onClose: () => void }) {
  return (
    <Alert
      color={batch.skipped > 0 ? 'yellow' : 'teal'}
      role="status"
      title={`${t('reconnect.result.heading', { category: batch.serviceCategory })} (${t('reconnect.result.overdue', { count: batch.overdue })})`}
      withCloseButton
      closeButtonLabel={t('common.close')}
      onClose={onClose}
      data-testid="reconnect-result"
      styles={READABLE}
    >
      <BatchLines b={batch} />
    </Alert>
  );
}

export function ContactAllResult({ result, onClose }: { result: ReconnectContactAll; onClose: () => void }) {
  const skippedByReason: Record<string, number> = {};
  for (const b of result.items) for (const [r, n] of Object.entries(b.skippedByReason)) skippedByReason[r] = (skippedByReason[r] ?? 0) + n;
  return (
    <Alert
      color={result.skipped > 0 || result.notSetUp.length > 0 ? 'yellow' : 'teal'}
      role="status"
      title={t('reconnect.result.headingAll')}
      withCloseButton
      closeButtonLabel={t('common.close')}
      onClose={onClose}
      mb="md"
      data-testid="reconnect-result"
      styles={READABLE}
    >
      <Stack gap="xs">
        <BatchLines b={{ sent: result.sent, alreadyOpen: result.alreadyOpen, holdout: result.holdout, skippedByReason }} />
        {result.items.map((b) => (
          <Text key={b.id} size="xs" c="dark.6">
            {b.serviceCategory}: {t('reconnect.result.sent', { count: b.sent })}
            {b.skipped > 0
              ? `, ${t('reconnect.result.skipped', {
                  count: b.skipped,
                  reason: Object.keys(b.skippedByReason)
                    .map((r) => tDynamic('reconnect.result.reasons', r))
                    .join(', '),
                })}`
              : ''}
          </Text>
        ))}
        {result.notSetUp.map((n) => (
          <Text key={n.serviceCategory} size="sm" fw={600}>
            {t('reconnect.result.notSetUp', { category: n.serviceCategory, channels: n.channels.map((c) => tDynamic('reconnect.template.channels', c)).join(', '), reason: n.reason })}
          </Text>
        ))}
      </Stack>
    </Alert>
  );
}
