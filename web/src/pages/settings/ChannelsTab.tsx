import { Alert, Badge, Button, Card, Divider, Group, PasswordInput, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconSend } from '@tabler/icons-react';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useSession } from '../../api/session';
import { type ChannelName, useChannels, useSaveEmailChannel, useSaveMailchimpChannel, useSavePushChannel, useSaveSmsChannel, useTestChannel } from '../../api/settings';
import { CopyField } from '../../components/CopyField';
import { fieldErrors } from '../../components/field-errors';
import { FormError } from '../../components/FormError';
import { notify } from '../../components/notify';
import { errorMessage, QueryState } from '../../components/QueryState';
import { formatDateTime } from '../../format';
import { t } from '../../i18n/i18n';
import { secretHelp } from './secret-help';
import { SecretShownOnce } from './SecretShownOnce';
import { TabHeader } from './TabHeader';

type Account = NonNullable<ReturnType<typeof useChannels>['data']>['channels'][number];

/** Channels: the accounts messages go out through, each with "send a test". Secrets are write-only. */
export function ChannelsTab() {
  const channels = useChannels();
  return (
    <Stack>
      <TabHeader title={t('settings.channels.title')} intro={t('settings.channels.intro')} />
      <QueryState query={channels}>
        {(data) => {
          const find = (c: ChannelName) => data.channels.find((a) => a.channel === c);
          return (
            <Stack gap="lg">
              <EmailCard account={find('email')} />
              <SmsCard account={find('sms')} />
              <MailchimpCard account={find('mailchimp')} />
              <PushCard account={find('push')} />
            </Stack>
          );
        }}
      </QueryState>
    </Stack>
  );
}

function ChannelCard({ channel, title, intro, account, children }: { channel: ChannelName; title: string; intro: string; account: Account | undefined; children: ReactNode }) {
  return (
    <Card withBorder padding="lg" component="section" aria-label={title} data-testid={`channel-${channel}`}>
      <Stack>
        <Group justify="space-between" align="flex-start">
          <Group gap="sm">
            <Title order={3} size="h4">
              {title}
            </Title>
            <Badge color={account ? 'teal' : 'gray'} variant="light">
              {account ? t('settings.channels.configured') : channel === 'email' ? t('settings.channels.email.defaults') : t('settings.channels.notConfigured')}
            </Badge>
          </Group>
          {account ? (
            <Text size="xs" c="dark.6">
              {t('settings.channels.updated', { when: formatDateTime(account.updatedAt) })}
            </Text>
          ) : null}
        </Group>
        <Text size="sm" c="dark.6">
          {intro}
        </Text>
        {children}
      </Stack>
    </Card>
  );
}

/** "Send a test": the API sends a real message through the channel and says what the provider said. */
function TestSend({ channel, needsTo, toLabel, toHelp, placeholder }: { channel: ChannelName; needsTo?: boolean; toLabel?: string; toHelp?: string; placeholder?: string }) {
  const test = useTestChannel();
  const [to, setTo] = useState('');
  const errors = fieldErrors(test.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    test.mutate({ channel, to: to.trim() || undefined });
  };
  const result = test.data;
  return (
    <>
      <Divider label={t('settings.channels.test.title')} labelPosition="left" />
      <form onSubmit={submit} noValidate aria-label={`${t('settings.channels.test.title')}: ${channel}`}>
        <Stack gap="xs">
          <Group align="flex-end" gap="sm">
            {toLabel ? (
              <TextInput
                label={toLabel}
                description={toHelp}
                placeholder={placeholder}
                value={to}
                onChange={(e) => setTo(e.currentTarget.value)}
                error={errors.to}
                required={needsTo}
                style={{ flex: 1, minWidth: 220 }}
              />
            ) : null}
            <Button type="submit" variant="outline" leftSection={<IconSend size={18} aria-hidden />} loading={test.isPending} disabled={needsTo && !to.trim()}>
              {t('settings.channels.test.send')}
            </Button>
          </Group>
          {result ? (
            <Alert color={result.ok ? 'teal' : 'red'} role="status" data-testid={`test-result-${channel}`} data-ok={String(result.ok)}>
              {result.ok ? t('settings.channels.test.ok', { message: result.message }) : t('settings.channels.test.failed', { message: result.message })}
            </Alert>
          ) : null}
          {test.error && Object.keys(errors).length === 0 ? (
            <Alert color="red" role="alert" data-testid={`test-result-${channel}`} data-ok="false">
              {t('settings.channels.test.failed', { message: errorMessage(test.error) })}
            </Alert>
          ) : null}
        </Stack>
      </form>
    </>
  );
}

function EmailCard({ account }: { account: Account | undefined }) {
  const save = useSaveEmailChannel();
  const me = useSession().data?.user?.email ?? '';
  const config = (account?.config ?? {}) as { fromName?: string; replyTo?: string };
  const [fromName, setFromName] = useState(config.fromName ?? '');
  const [replyTo, setReplyTo] = useState(config.replyTo ?? '');
  const errors = fieldErrors(save.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(
      { fromName: fromName.trim() || undefined, replyTo: replyTo.trim() || undefined },
      { onSuccess: () => notify(t('settings.channels.saved', { channel: t('settings.channels.email.title') }), 'teal') },
    );
  };
  return (
    <ChannelCard channel="email" title={t('settings.channels.email.title')} intro={t('settings.channels.email.intro')} account={account}>
      <form onSubmit={submit} noValidate aria-label={t('settings.channels.email.title')}>
        <Stack gap="sm">
          <FormError error={save.error} fields={errors} />
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <TextInput
              label={t('settings.channels.email.fromName')}
              description={t('settings.channels.email.fromNameHelp')}
              value={fromName}
              onChange={(e) => setFromName(e.currentTarget.value)}
              error={errors.fromName}
            />
            <TextInput
              label={t('settings.channels.email.replyTo')}
              description={t('settings.channels.email.replyToHelp')}
              type="email"
              value={replyTo}
              onChange={(e) => setReplyTo(e.currentTarget.value)}
              error={errors.replyTo}
            />
          </SimpleGrid>
          <Group>
            <Button type="submit" loading={save.isPending}>
              {t('settings.channels.save')}
            </Button>
          </Group>
        </Stack>
      </form>
      <TestSend channel="email" toLabel={t('settings.channels.test.to')} toHelp={t('settings.channels.test.toEmailHelp')} placeholder={me} />
    </ChannelCard>
  );
}

function SmsCard({ account }: { account: Account | undefined }) {
  const save = useSaveSmsChannel();
  const businessId = useSession().data!.business.id;
  const config = (account?.config ?? {}) as { accountSid?: string; from?: string; messagingServiceSid?: string };
  const secrets = new Set(account?.secretsSet ?? []);
  const [accountSid, setAccountSid] = useState(config.accountSid ?? '');
  const [authToken, setAuthToken] = useState('');
  const [from, setFrom] = useState(config.from ?? '');
  const [service, setService] = useState(config.messagingServiceSid ?? '');
  const errors = fieldErrors(save.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(
      { accountSid: accountSid.trim(), authToken: authToken || undefined, from: from.trim() || undefined, messagingServiceSid: service.trim() || undefined },
      {
        onSuccess: () => {
          setAuthToken('');
          notify(t('settings.channels.saved', { channel: t('settings.channels.sms.title') }), 'teal');
        },
      },
    );
  };
  const origin = window.location.origin;
  return (
    <ChannelCard channel="sms" title={t('settings.channels.sms.title')} intro={t('settings.channels.sms.intro')} account={account}>
      <form onSubmit={submit} noValidate aria-label={t('settings.channels.sms.title')}>
        <Stack gap="sm">
          <FormError error={save.error} fields={errors} />
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <TextInput label={t('settings.channels.sms.accountSid')} required value={accountSid} onChange={(e) => setAccountSid(e.currentTarget.value)} error={errors.accountSid} autoComplete="off" />
            <PasswordInput
              label={t('settings.channels.sms.authToken')}
              description={secretHelp(secrets.has('authToken'))}
              value={authToken}
              onChange={(e) => setAuthToken(e.currentTarget.value)}
              error={errors.authToken}
              autoComplete="off"
            />
            <TextInput label={t('settings.channels.sms.from')} description={t('settings.channels.sms.fromHelp')} value={from} onChange={(e) => setFrom(e.currentTarget.value)} error={errors.from} />
            <TextInput label={t('settings.channels.sms.messagingServiceSid')} value={service} onChange={(e) => setService(e.currentTarget.value)} error={errors.messagingServiceSid} />
          </SimpleGrid>
          <Group>
            <Button type="submit" loading={save.isPending} disabled={!accountSid.trim()}>
              {t('settings.channels.save')}
            </Button>
          </Group>
        </Stack>
      </form>
      {account ? (
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <CopyField label={t('settings.channels.sms.inboundWebhookUrl')} value={`${origin}/webhooks/twilio/inbound?businessId=${businessId}`} />
          <CopyField label={t('settings.channels.sms.statusCallbackUrl')} value={`${origin}/webhooks/twilio/status?businessId=${businessId}`} />
        </SimpleGrid>
      ) : null}
      <TestSend channel="sms" needsTo toLabel={t('settings.channels.test.to')} toHelp={t('settings.channels.test.toSmsHelp')} placeholder="+46701234567" />
    </ChannelCard>
  );
}

function MailchimpCard({ account }: { account: Account | undefined }) {
  const save = useSaveMailchimpChannel();
  const config = (account?.config ?? {}) as { listId?: string };
  const secrets = new Set(account?.secretsSet ?? []);
  const [apiKey, setApiKey] = useState('');
  const [listId, setListId] = useState(config.listId ?? '');
  const errors = fieldErrors(save.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(
      { apiKey: apiKey.trim() || undefined, listId: listId.trim() },
      {
        onSuccess: () => {
          setApiKey('');
          notify(t('settings.channels.saved', { channel: t('settings.channels.mailchimp.title') }), 'teal');
        },
      },
    );
  };
  return (
    <ChannelCard channel="mailchimp" title={t('settings.channels.mailchimp.title')} intro={t('settings.channels.mailchimp.intro')} account={account}>
      <form onSubmit={submit} noValidate aria-label={t('settings.channels.mailchimp.title')}>
        <Stack gap="sm">
          <FormError error={save.error} fields={errors} />
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <PasswordInput
              label={t('settings.channels.mailchimp.apiKey')}
              description={secretHelp(secrets.has('apiKey'), t('settings.channels.mailchimp.apiKeyHelp'))}
              value={apiKey}
              onChange={(e) => setApiKey(e.currentTarget.value)}
              error={errors.apiKey}
              autoComplete="off"
            />
            <TextInput label={t('settings.channels.mailchimp.listId')} required value={listId} onChange={(e) => setListId(e.currentTarget.value)} error={errors.listId} />
          </SimpleGrid>
          <Group>
            <Button type="submit" loading={save.isPending} disabled={!listId.trim()}>
              {t('settings.channels.save')}
            </Button>
          </Group>
        </Stack>
      </form>
      <TestSend channel="mailchimp" />
    </ChannelCard>
  );
}

function PushCard({ account }: { account: Account | undefined }) {
  const save = useSavePushChannel();
  const config = (account?.config ?? {}) as { url?: string };
  const secrets = new Set(account?.secretsSet ?? []);
  const [url, setUrl] = useState(config.url ?? '');
  const [secret, setSecret] = useState('');
  const [created, setCreated] = useState<string | null>(null);
  const errors = fieldErrors(save.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(
      { url: url.trim(), signingSecret: secret || undefined },
      {
        onSuccess: (answer) => {
          setSecret('');
          const generated = (answer as { signingSecret?: string }).signingSecret;
          if (generated) setCreated(generated);
          notify(t('settings.channels.saved', { channel: t('settings.channels.push.title') }), 'teal');
        },
      },
    );
  };
  return (
    <ChannelCard channel="push" title={t('settings.channels.push.title')} intro={t('settings.channels.push.intro')} account={account}>
      {created ? <SecretShownOnce title={t('settings.channels.push.secretCreated')} label={t('settings.channels.push.secretCreated')} value={created} onClose={() => setCreated(null)} /> : null}
      <form onSubmit={submit} noValidate aria-label={t('settings.channels.push.title')}>
        <Stack gap="sm">
          <FormError error={save.error} fields={errors} />
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <TextInput label={t('settings.channels.push.url')} required type="url" value={url} onChange={(e) => setUrl(e.currentTarget.value)} error={errors.url} placeholder="https://" />
            <PasswordInput
              label={t('settings.channels.push.signingSecret')}
              description={secretHelp(secrets.has('signingSecret'), t('settings.channels.push.signingSecretHelp'))}
              value={secret}
              onChange={(e) => setSecret(e.currentTarget.value)}
              error={errors.signingSecret}
              autoComplete="off"
            />
          </SimpleGrid>
          <Group>
            <Button type="submit" loading={save.isPending} disabled={!url.trim()}>
              {t('settings.channels.save')}
            </Button>
          </Group>
        </Stack>
      </form>
      <TestSend channel="push" />
    </ChannelCard>
  );
}
