import { Alert, Badge, Button, Checkbox, Group, Modal, SegmentedControl, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useMemo, useState } from 'react';
import { newSendOrigin, useRun, useSendMessage, type MessageChannel } from '../../api/members';
import { FormError } from '../../components/FormError';
import { ModalButtons } from '../../components/ModalButtons';
import { useOnOpen } from '../../components/use-on-open';
import { formatDateTime } from '../../format';
import { t, tDynamic } from '../../i18n/i18n';
import { smsParts } from '../../../../src/common/sms-parts';

const RUN_ORDER = ['queued', 'deferred', 'sending', 'sent', 'delivered', 'opened', 'clicked', 'replied', 'blocked', 'failed'];

/** "Send a message" to the selected members: an email or SMS through POST /actions/send, every guard applied, then the run's progress. */
export function SendMessageModal({ opened, onClose, clientIds }: { opened: boolean; onClose: () => void; clientIds: string[] }) {
  const send = useSendMessage();
  const [channel, setChannel] = useState<MessageChannel>('email');
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [includeSleeping, setIncludeSleeping] = useState(false);
  // one origin per composed message: the run's idempotency key, so a double click sends once
  const origin = useMemo(() => (opened ? newSendOrigin() : ''), [opened]);
  useOnOpen(opened, () => send.reset());
  const result = send.data;
  const run = useRun(result?.runId);
  const sms = smsParts(body);

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    send.mutate({ origin, channel, clientIds, subject: channel === 'email' ? subject : undefined, body, includeSleeping });
  };
  const blocked = result ? Object.entries(result.blocked as Record<string, number>) : [];
  const blockedTotal = blocked.reduce((n, [, v]) => n + v, 0);
  const counts = (run.data?.counts ?? {}) as Record<string, number>;

  return (
    <Modal opened={opened} onClose={onClose} title={t('members.message.title', { count: clientIds.length })} size="lg">
      {result ? (
        <Stack data-testid="send-result">
          <Alert color="teal" role="status">
            {t('members.message.result', { queued: result.queued, deferred: result.deferred, blocked: blockedTotal })}
          </Alert>
          {blocked.length ? <Text size="sm">{t('members.message.blockedWhy', { reasons: blocked.map(([r, n]) => `${tDynamic('members.profile.blockedReasons', r)} (${n})`).join(', ') })}</Text> : null}
          {result.deferred && result.dueAt ? (
            <Text size="sm">{t('members.message.deferredUntil', { time: formatDateTime(result.dueAt), reason: tDynamic('members.profile.blockedReasons', result.deferReason ?? '') })}</Text>
          ) : null}
          <div>
            <Text fw={600} size="sm" mb={4}>
              {t('members.message.progress')}
            </Text>
            <Group gap="xs" aria-live="polite">
              {RUN_ORDER.filter((s) => counts[s]).map((s) => (
                <Badge key={s} variant="light" color={s === 'failed' ? 'red' : s === 'blocked' ? 'gray' : 'teal'} radius="sm">
                  {tDynamic('members.message.runStatus', s)}: {counts[s]}
                </Badge>
              ))}
            </Group>
          </div>
          <Group justify="flex-end">
            <Button onClick={onClose}>{t('common.close')}</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit}>
          <Stack>
            <SegmentedControl
              aria-label={t('members.message.channel')}
              value={channel}
              onChange={(v) => setChannel(v as MessageChannel)}
              data={[
                { value: 'email', label: tDynamic('labels.channel', 'email') },
                { value: 'sms', label: tDynamic('labels.channel', 'sms') },
              ]}
            />
            {channel === 'email' ? <TextInput label={t('members.message.subject')} value={subject} onChange={(e) => setSubject(e.currentTarget.value)} required maxLength={300} /> : null}
            <Textarea label={t('members.message.body')} description={t('members.message.bodyHint')} value={body} onChange={(e) => setBody(e.currentTarget.value)} required autosize minRows={4} />
            {channel === 'sms' ? (
              <Text size="xs" c="dimmed" aria-live="polite">
                {t('members.message.smsLength', { chars: sms.length, parts: sms.parts })}
              </Text>
            ) : null}
            <Text size="sm" c="dimmed">
              {t('members.message.guards')}
            </Text>
            <Checkbox label={t('members.message.includeSleeping')} checked={includeSleeping} onChange={(e) => setIncludeSleeping(e.currentTarget.checked)} />
            <FormError error={send.error} />
            <ModalButtons onCancel={onClose} pending={send.isPending} label={t('members.message.submit')} disabled={!body.trim() || (channel === 'email' && !subject.trim())} />
          </Stack>
        </form>
      )}
    </Modal>
  );
}
