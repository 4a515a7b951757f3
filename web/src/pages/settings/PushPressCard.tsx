import { Alert, Badge, Button, Card, Group, List, PasswordInput, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent, type ReactNode } from 'react';
import { type PushPressStatus, useDisconnectPushPress, usePushPress, useSavePushPress } from '../../api/settings';
import { ConfirmButton } from '../../components/ConfirmButton';
import { CopyField } from '../../components/CopyField';
import { fieldErrors } from '../../components/field-errors';
import { FormError } from '../../components/FormError';
import { notify } from '../../components/notify';
import { errorMessage, QueryState } from '../../components/QueryState';
import { formatDateTime, formatNumber } from '../../format';
import { t } from '../../i18n/i18n';
import { secretHelp } from './secret-help';

/**
 * PushPress (docs/pushpress.md): the URL to paste into PushPress's webhook, the signing secret
 * PushPress shows pasted back (write-only), disconnect, and what PushPress sent in the last day.
 */
export function PushPressCard() {
  const status = usePushPress();
  return (
    <Card withBorder padding="lg" component="section" aria-label={t('settings.integrations.pushpress.title')}>
      <QueryState query={status}>{(data) => <PushPressBody status={data} />}</QueryState>
    </Card>
  );
}

function PushPressBody({ status }: { status: PushPressStatus }) {
  const save = useSavePushPress();
  const disconnect = useDisconnectPushPress();
  const [secret, setSecret] = useState('');
  const [companyId, setCompanyId] = useState(status.companyId ?? '');
  const errors = fieldErrors(save.error);
  const url = `${window.location.origin}${status.webhookUrl}`;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(
      { signingSecret: secret.trim() || undefined, companyId: companyId.trim() || undefined },
      {
        onSuccess: () => {
          setSecret('');
          notify(status.connected ? t('settings.integrations.pushpress.saved') : t('settings.integrations.pushpress.connectedNow'), 'teal');
        },
      },
    );
  };
  const drop = () =>
    disconnect.mutate(undefined, {
      onSuccess: () => notify(t('settings.integrations.pushpress.disconnectedNow'), 'teal'),
      onError: (e) => notify(errorMessage(e), 'red'),
    });

  return (
    <Stack>
      <Group gap="sm">
        <Title order={3} size="h4">
          {t('settings.integrations.pushpress.title')}
        </Title>
        <Badge color={status.connected ? 'teal' : 'gray'} variant="light" data-testid="pushpress-state">
          {status.connected ? t('settings.integrations.connected') : t('settings.integrations.notConnected')}
        </Badge>
        {status.connected && status.rejecting ? (
          <Badge color="red" variant="light">
            {t('settings.integrations.pushpress.refusingBadge')}
          </Badge>
        ) : null}
      </Group>
      <Text size="sm" c="dark.6">
        {t('settings.integrations.pushpress.intro')}
      </Text>
      <List type="ordered" size="sm" spacing={4}>
        <List.Item>{t('settings.integrations.pushpress.step1')}</List.Item>
        <List.Item>{t('settings.integrations.pushpress.step2')}</List.Item>
      </List>
      <CopyField label={t('settings.integrations.pushpress.webhookUrl')} value={url} copyLabel={t('settings.integrations.copyUrl')} testId="pushpress-webhook-url" />
      <Deliveries status={status} />
      <form onSubmit={submit} noValidate aria-label={t('settings.integrations.pushpress.title')}>
        <Stack gap="sm">
          <FormError error={save.error} fields={errors} />
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <PasswordInput
              label={t('settings.integrations.pushpress.secret')}
              description={secretHelp(status.secretSet, t('settings.integrations.pushpress.secretHelp'))}
              required={!status.secretSet}
              value={secret}
              onChange={(e) => setSecret(e.currentTarget.value)}
              error={errors.signingSecret}
              autoComplete="off"
            />
            <TextInput
              label={t('settings.integrations.pushpress.companyId')}
              description={t('settings.integrations.pushpress.companyIdHelp')}
              value={companyId}
              onChange={(e) => setCompanyId(e.currentTarget.value)}
              error={errors.companyId}
              autoComplete="off"
            />
          </SimpleGrid>
          <Group>
            <Button type="submit" loading={save.isPending} disabled={!status.secretSet && !secret.trim()}>
              {status.connected ? t('settings.integrations.pushpress.save') : t('settings.integrations.pushpress.connect')}
            </Button>
            {status.connected ? (
              <ConfirmButton
                buttonProps={{ variant: 'default', color: 'red' }}
                title={t('settings.integrations.pushpress.disconnect')}
                body={t('settings.integrations.pushpress.disconnectConfirm')}
                confirmLabel={t('settings.integrations.pushpress.disconnect')}
                onConfirm={drop}
                loading={disconnect.isPending}
              >
                {t('settings.integrations.pushpress.disconnect')}
              </ConfirmButton>
            ) : null}
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}

function Deliveries({ status }: { status: PushPressStatus }) {
  const items: Array<[string, string, ReactNode]> = [
    ['last', t('settings.integrations.pushpress.lastDelivery'), status.lastDeliveryAt ? formatDateTime(status.lastDeliveryAt) : t('settings.integrations.never')],
    ['accepted', t('settings.integrations.pushpress.accepted', { hours: status.windowHours }), formatNumber(status.accepted)],
    ['rejected', t('settings.integrations.pushpress.rejected', { hours: status.windowHours }), formatNumber(status.rejected)],
  ];
  return (
    <Stack gap="xs">
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
        {items.map(([key, label, value]) => (
          <div key={key}>
            <Text size="xs" c="dark.6">
              {label}
            </Text>
            <Text size="sm" fw={500} data-testid={`pushpress-${key}`}>
              {value}
            </Text>
          </div>
        ))}
      </SimpleGrid>
      {status.rejecting && status.lastRejectedAt ? (
        <Alert color="red" title={t('settings.integrations.pushpress.refusingTitle')} p="xs" data-testid="pushpress-refusing">
          <Stack gap={4}>
            <Text size="sm">{t('settings.integrations.pushpress.refusingBody', { when: formatDateTime(status.lastRejectedAt) })}</Text>
            {status.lastRejectionReason ? (
              <Text size="xs" c="dark.6" style={{ overflowWrap: 'anywhere' }}>
                {t('settings.integrations.pushpress.reason', { reason: status.lastRejectionReason })}
              </Text>
            ) : null}
          </Stack>
        </Alert>
      ) : null}
    </Stack>
  );
}
