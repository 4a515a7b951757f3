import { Alert, Anchor, Badge, Button, Card, Group, Modal, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Link } from 'react-router';
import { useResendTouch, useSourceName, type Touch } from '../../api/deliveries';
import { errorMessage } from '../../components/QueryState';
import { notify } from '../../components/notify';
import { formatDateTime } from '../../format';
import { t, tDynamic } from '../../i18n/i18n';
import { memberName } from '../members/member-roles';

/** What sent the message, in words, from the touch's origin (campaign:12:step:1, automation:3:step:send-1:r2, members:...). */
function useOriginText(origin: string): string {
  const m = /^(campaign|automation):(\d+):step:([^:]+)/.exec(origin);
  const kind = m?.[1] as 'campaign' | 'automation' | undefined;
  const source = useSourceName(kind, m?.[2]);
  if (m) {
    const vars = { id: m[2], step: m[3], name: source.data ?? '' };
    if (kind === 'campaign') return t(source.data ? 'deliveries.origin.campaignNamed' : 'deliveries.origin.campaign', vars);
    return t(source.data ? 'deliveries.origin.automationNamed' : 'deliveries.origin.automation', vars);
  }
  if (origin.startsWith('members:')) return t('deliveries.origin.oneOff');
  return t('deliveries.origin.other', { origin });
}

/** Why it failed: the catalogue's words for the code; a code without words shows the provider's own message. */
function reasonText(touch: Touch): { reason: string; detail: string | null } {
  const code = touch.errorCode ?? 'unknown';
  const words = tDynamic('deliveries.errors', code);
  if (words !== code) return { reason: words, detail: touch.error && code !== 'in_doubt' ? t('deliveries.providerSaid', { message: touch.error }) : null };
  return { reason: touch.error ? t('deliveries.providerSaid', { message: touch.error }) : t('deliveries.errors.unknown'), detail: null };
}

/** One failed message: who, which channel, when, why, what sent it; for one in doubt, the resend. */
export function FailedDeliveryCard({ touch, mayResend }: { touch: Touch; mayResend: boolean }) {
  // the list carries the member's name: no request per row
  const name = memberName({ id: touch.clientId, firstName: touch.clientFirstName, lastName: touch.clientLastName });
  const { reason, detail } = reasonText(touch);
  const origin = useOriginText(touch.origin);
  const resent = touch.resentAt !== null && touch.status !== 'failed';
  const inDoubt = touch.status === 'failed' && touch.errorCode === 'in_doubt';
  // held here, not in the in-doubt box, which goes away with the answer (the touch is then resent)
  const resend = useResendTouch();

  return (
    <Card withBorder padding="md" component="article" data-testid={`delivery-${touch.id}`} aria-label={name}>
      <Stack gap={6}>
        <Group justify="space-between" wrap="wrap" gap="xs" align="flex-start">
          <Anchor component={Link} to={`/members/${touch.clientId}`} fw={600} aria-label={t('deliveries.member', { name })} style={{ overflowWrap: 'anywhere' }}>
            {name}
          </Anchor>
          <Group gap="xs" wrap="nowrap">
            <Badge variant="light" radius="sm" color="gray">
              {tDynamic('labels.channel', touch.channel)}
            </Badge>
            {resent ? (
              <Badge variant="light" radius="sm" color="teal">
                {t('deliveries.inDoubt.resent')}
              </Badge>
            ) : null}
          </Group>
        </Group>
        <Text size="sm" fw={500} c={resent ? 'dark.6' : 'red.9'}>
          {reason}
        </Text>
        {detail ? (
          <Text size="xs" c="dark.6" style={{ overflowWrap: 'anywhere' }}>
            {detail}
          </Text>
        ) : null}
        <Text size="xs" c="dark.6">
          {t('deliveries.failedAt', { when: formatDateTime(touch.failedAt ?? touch.queuedAt) })} · {origin} · {t('deliveries.attempts', { count: touch.attempts })}
        </Text>
        {resent ? (
          <Text size="sm" c="teal.9" data-testid="resent">
            {t('deliveries.inDoubt.resentQueued', { when: formatDateTime(touch.resentAt) })}
          </Text>
        ) : inDoubt ? (
          <InDoubt touch={touch} name={name} mayResend={mayResend} resend={resend} />
        ) : null}
      </Stack>
    </Card>
  );
}

function InDoubt({ touch, name, mayResend, resend }: { touch: Touch; name: string; mayResend: boolean; resend: ReturnType<typeof useResendTouch> }) {
  const [open, setOpen] = useState(false);
  // set at the first click, before React renders the pending state: a double click's second click
  // comes before that render and would otherwise send a second request
  const asked = useRef(false);
  const qc = useQueryClient();
  const close = () => {
    setOpen(false);
    // a refusal (someone else resent it, or it changed) means the list is out of date
    if (resend.isError) void qc.invalidateQueries({ queryKey: ['deliveries', 'failed'] });
    resend.reset();
    asked.current = false;
  };
  const confirm = () => {
    if (asked.current) return; // a second click sends nothing
    asked.current = true;
    resend.mutate(touch.id, { onSuccess: () => notify(t('deliveries.inDoubt.done', { name })) });
  };
  return (
    <Alert color="yellow" variant="light" p="sm">
      <Stack gap="xs">
        <Text size="sm">{t('deliveries.inDoubt.explain')}</Text>
        {mayResend ? (
          <Group>
            <Button size="xs" variant="default" onClick={() => setOpen(true)} aria-label={t('deliveries.inDoubt.resendFor', { name })}>
              {t('deliveries.inDoubt.resend')}
            </Button>
          </Group>
        ) : (
          <Text size="sm" c="dark.6">
            {t('deliveries.inDoubt.onlySome')}
          </Text>
        )}
      </Stack>
      <Modal opened={open} onClose={close} title={t('deliveries.inDoubt.confirmTitle', { name })} centered closeButtonProps={{ 'aria-label': t('common.close') }}>
        <Stack>
          <Text size="sm">{t('deliveries.inDoubt.confirmBody', { name })}</Text>
          {resend.isError ? (
            <Alert color="red" role="alert" data-testid="resend-error">
              {t('deliveries.inDoubt.failed', { message: errorMessage(resend.error) })}
            </Alert>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button loading={resend.isPending} disabled={resend.isError} onClick={confirm}>
              {t('deliveries.inDoubt.confirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Alert>
  );
}
