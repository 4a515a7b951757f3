import { Alert, Badge, Button, Card, Group, PasswordInput, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useSession } from '../../api/session';
import { type GenericBody, useIntegrations, useRotateGenericSecret, useSaveGeneric, useSaveMindbody, useSyncMindbody } from '../../api/settings';
import { ConfirmButton } from '../../components/ConfirmButton';
import { CopyField } from '../../components/CopyField';
import { fieldErrors } from '../../components/field-errors';
import { FormError } from '../../components/FormError';
import { notify } from '../../components/notify';
import { errorMessage, QueryState } from '../../components/QueryState';
import { formatDateTime } from '../../format';
import { t } from '../../i18n/i18n';
import { PushPressCard } from './PushPressCard';
import { secretHelp } from './secret-help';
import { SecretShownOnce } from './SecretShownOnce';
import { TabHeader } from './TabHeader';

type Source = NonNullable<ReturnType<typeof useIntegrations>['data']>['sources'][number];

/** The webhook URL a booking system posts to: this app's own origin (what the browser sees). */
function webhookUrl(provider: string, businessId: string): string {
  return `${window.location.origin}/webhooks/${provider}/${businessId}`;
}

/** Integrations: Mindbody credentials and its webhook URL, PushPress, the generic webhook, freshness per source. */
export function IntegrationsTab() {
  const integrations = useIntegrations();
  const businessId = useSession().data!.business.id;
  return (
    <Stack>
      <TabHeader title={t('settings.integrations.title')} intro={t('settings.integrations.intro')} />
      <QueryState query={integrations}>
        {(data) => {
          const mindbody = data.sources.find((s) => s.provider === 'mindbody');
          const generic = data.sources.find((s) => s.provider === 'generic');
          return (
            <Stack gap="lg">
              <MindbodyCard source={mindbody} businessId={businessId} />
              <PushPressCard />
              <GenericCard source={generic} businessId={businessId} />
            </Stack>
          );
        }}
      </QueryState>
    </Stack>
  );
}

function SourceHeader({ title, source, children }: { title: string; source: Source | undefined; children?: ReactNode }) {
  return (
    <Group justify="space-between" align="flex-start">
      <Group gap="sm">
        <Title order={3} size="h4">
          {title}
        </Title>
        {source ? (
          <Badge color={source.enabled ? 'teal' : 'gray'} variant="light">
            {source.enabled ? t('settings.integrations.connected') : t('settings.integrations.disabled')}
          </Badge>
        ) : (
          <Badge color="gray" variant="light">
            {t('settings.integrations.notConnected')}
          </Badge>
        )}
        {source?.stale === true ? (
          <Badge color="orange" variant="light">
            {source.sync?.lastSuccessAt ? t('settings.integrations.stale') : t('settings.integrations.neverSynced')}
          </Badge>
        ) : source?.stale === false ? (
          <Badge color="teal" variant="outline">
            {t('settings.integrations.fresh')}
          </Badge>
        ) : null}
      </Group>
      {children}
    </Group>
  );
}

function Freshness({ source }: { source: Source | undefined }) {
  if (!source) return null;
  const sync = source.sync;
  const running = sync?.lastStartedAt && (!sync.lastFinishedAt || new Date(sync.lastStartedAt) > new Date(sync.lastFinishedAt));
  const items: Array<[string, ReactNode]> = [[t('settings.integrations.lastWebhook'), source.lastWebhookAt ? formatDateTime(source.lastWebhookAt) : t('settings.integrations.never')]];
  if (sync) {
    items.push([
      t('settings.integrations.lastSync'),
      running ? t('settings.integrations.syncRunning', { when: formatDateTime(sync.lastStartedAt) }) : sync.lastFinishedAt ? formatDateTime(sync.lastFinishedAt) : t('settings.integrations.never'),
    ]);
    items.push([t('settings.integrations.lastSuccess'), sync.lastSuccessAt ? formatDateTime(sync.lastSuccessAt) : t('settings.integrations.never')]);
  }
  return (
    <Stack gap="xs">
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
        {items.map(([label, value]) => (
          <div key={label}>
            <Text size="xs" c="dark.6">
              {label}
            </Text>
            <Text size="sm" fw={500} data-testid={`freshness-${source.provider}-${label}`}>
              {value}
            </Text>
          </div>
        ))}
      </SimpleGrid>
      {sync?.lastError ? (
        <Alert color="orange" title={t('settings.integrations.lastError')} p="xs">
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            {sync.lastError}
            {sync.lastErrorAt ? ` (${formatDateTime(sync.lastErrorAt)})` : ''}
          </Text>
        </Alert>
      ) : null}
    </Stack>
  );
}

function MindbodyCard({ source, businessId }: { source: Source | undefined; businessId: string }) {
  const save = useSaveMindbody();
  const sync = useSyncMindbody();
  const config = (source?.config ?? {}) as { siteId?: string; username?: string };
  const secrets = new Set(source?.secretNames ?? []);
  const [siteId, setSiteId] = useState(config.siteId ?? '');
  const [username, setUsername] = useState(config.username ?? '');
  const [apiKey, setApiKey] = useState('');
  const [password, setPassword] = useState('');
  const [signatureKey, setSignatureKey] = useState('');
  const errors = fieldErrors(save.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(
      { siteId: siteId.trim(), username: username.trim() || undefined, apiKey: apiKey || undefined, password: password || undefined, signatureKey: signatureKey || undefined },
      {
        onSuccess: () => {
          setApiKey('');
          setPassword('');
          setSignatureKey('');
          notify(t('settings.integrations.mindbody.saved'), 'teal');
        },
      },
    );
  };
  const syncNow = () =>
    sync.mutate(undefined, {
      onSuccess: (r) => notify(r?.queued ? t('settings.integrations.syncQueued') : t('settings.integrations.syncNotQueued', { reason: String(r?.reason ?? '') }), r?.queued ? 'teal' : 'blue'),
      onError: (e) => notify(errorMessage(e), 'red'),
    });
  return (
    <Card withBorder padding="lg" component="section" aria-label={t('settings.integrations.mindbody.title')}>
      <Stack>
        <SourceHeader title={t('settings.integrations.mindbody.title')} source={source}>
          {source?.enabled ? (
            <Button variant="outline" leftSection={<IconRefresh size={18} aria-hidden />} onClick={syncNow} loading={sync.isPending}>
              {t('settings.integrations.syncNow')}
            </Button>
          ) : null}
        </SourceHeader>
        <Text size="sm" c="dark.6">
          {t('settings.integrations.mindbody.intro')}
        </Text>
        <Freshness source={source} />
        <form onSubmit={submit} noValidate aria-label={t('settings.integrations.mindbody.title')}>
          <Stack gap="sm">
            <FormError error={save.error} fields={errors} />
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              <TextInput
                label={t('settings.integrations.mindbody.siteId')}
                description={t('settings.integrations.mindbody.siteIdHelp')}
                required
                value={siteId}
                onChange={(e) => setSiteId(e.currentTarget.value)}
                error={errors.siteId}
              />
              <PasswordInput
                label={t('settings.integrations.mindbody.apiKey')}
                description={secretHelp(secrets.has('apiKey'), t('settings.integrations.mindbody.apiKeyHelp'))}
                value={apiKey}
                onChange={(e) => setApiKey(e.currentTarget.value)}
                error={errors.apiKey}
                autoComplete="off"
              />
              <TextInput
                label={t('settings.integrations.mindbody.username')}
                description={t('settings.integrations.mindbody.usernameHelp')}
                value={username}
                onChange={(e) => setUsername(e.currentTarget.value)}
                error={errors.username}
                autoComplete="off"
              />
              <PasswordInput
                label={t('settings.integrations.mindbody.password')}
                description={secretHelp(secrets.has('password'))}
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
                error={errors.password}
                autoComplete="new-password"
              />
              <PasswordInput
                label={t('settings.integrations.mindbody.signatureKey')}
                description={secretHelp(secrets.has('signatureKey'), t('settings.integrations.mindbody.signatureKeyHelp'))}
                value={signatureKey}
                onChange={(e) => setSignatureKey(e.currentTarget.value)}
                error={errors.signatureKey}
                autoComplete="off"
              />
            </SimpleGrid>
            <Group>
              <Button type="submit" loading={save.isPending} disabled={!siteId.trim()}>
                {t('settings.integrations.mindbody.save')}
              </Button>
            </Group>
          </Stack>
        </form>
        <CopyField label={t('settings.integrations.mindbody.webhookUrl')} value={webhookUrl('mindbody', businessId)} copyLabel={t('settings.integrations.copyUrl')} testId="mindbody-webhook-url" />
        <Text size="xs" c="dark.6">
          {t('settings.integrations.mindbody.webhookHelp')}
        </Text>
      </Stack>
    </Card>
  );
}

function GenericCard({ source, businessId }: { source: Source | undefined; businessId: string }) {
  const save = useSaveGeneric();
  const config = (source?.config ?? {}) as { auth?: 'hmac' | 'static_header'; headerName?: string; signatureHeader?: string; recordSource?: string };
  const secrets = new Set(source?.secretNames ?? []);
  const [auth, setAuth] = useState<'hmac' | 'static_header'>(config.auth ?? 'hmac');
  const [headerName, setHeaderName] = useState(config.headerName ?? '');
  const [signatureHeader, setSignatureHeader] = useState(config.signatureHeader ?? '');
  const [recordSource, setRecordSource] = useState(config.recordSource ?? '');
  const [staticValue, setStaticValue] = useState('');
  const [shownSecret, setShownSecret] = useState<{ title: string; value: string } | null>(null);
  const errors = fieldErrors(save.error);

  const put = (body: GenericBody, onDone?: (answer: { signingSecret?: string }) => void) =>
    save.mutate(body, {
      onSuccess: (answer) => {
        setStaticValue('');
        notify(t('settings.integrations.generic.saved'), 'teal');
        onDone?.(answer as { signingSecret?: string });
      },
    });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    put(
      {
        auth,
        headerName: auth === 'static_header' ? headerName.trim() || undefined : undefined,
        signatureHeader: auth === 'hmac' ? signatureHeader.trim() || undefined : undefined,
        recordSource: recordSource.trim() || undefined,
        staticHeaderValue: auth === 'static_header' && staticValue ? staticValue : undefined,
      },
      (a) => a.signingSecret && setShownSecret({ title: t('settings.integrations.generic.secretCreated'), value: a.signingSecret }),
    );
  };
  const rotation = useRotateGenericSecret();
  const rotate = () =>
    rotation.mutate(undefined, {
      onSuccess: (answer) => {
        notify(t('settings.integrations.generic.saved'), 'teal');
        if (answer.signingSecret) setShownSecret({ title: t('settings.integrations.generic.rotated'), value: answer.signingSecret });
      },
    });

  return (
    <Card withBorder padding="lg" component="section" aria-label={t('settings.integrations.generic.title')}>
      <Stack>
        <SourceHeader title={t('settings.integrations.generic.title')} source={source} />
        <Text size="sm" c="dark.6">
          {t('settings.integrations.generic.intro')}
        </Text>
        <Freshness source={source} />
        {shownSecret ? <SecretShownOnce title={shownSecret.title} label={shownSecret.title} value={shownSecret.value} onClose={() => setShownSecret(null)} testId="generic-secret" /> : null}
        <form onSubmit={submit} noValidate aria-label={t('settings.integrations.generic.title')}>
          <Stack gap="sm">
            <FormError error={save.error} fields={errors} />
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              <Select
                label={t('settings.integrations.generic.auth')}
                data={[
                  { value: 'hmac', label: t('settings.integrations.generic.authHmac') },
                  { value: 'static_header', label: t('settings.integrations.generic.authStatic') },
                ]}
                value={auth}
                onChange={(v) => v && setAuth(v as 'hmac' | 'static_header')}
                allowDeselect={false}
                error={errors.auth}
              />
              {auth === 'hmac' ? (
                <TextInput
                  label={t('settings.integrations.generic.signatureHeader')}
                  description={t('settings.integrations.generic.signatureHeaderHelp')}
                  placeholder="X-Comeback-Signature"
                  value={signatureHeader}
                  onChange={(e) => setSignatureHeader(e.currentTarget.value)}
                  error={errors.signatureHeader}
                  autoComplete="off"
                />
              ) : (
                <TextInput
                  label={t('settings.integrations.generic.headerName')}
                  description={t('settings.integrations.generic.headerNameHelp')}
                  placeholder="X-Comeback-Token"
                  value={headerName}
                  onChange={(e) => setHeaderName(e.currentTarget.value)}
                  error={errors.headerName}
                  autoComplete="off"
                />
              )}
              <TextInput
                label={t('settings.integrations.generic.recordSource')}
                description={t('settings.integrations.generic.recordSourceHelp')}
                value={recordSource}
                onChange={(e) => setRecordSource(e.currentTarget.value)}
                error={errors.recordSource}
              />
              {auth === 'static_header' ? (
                <PasswordInput
                  label={t('settings.integrations.generic.staticHeaderValue')}
                  description={secretHelp(secrets.has('staticHeaderValue'), t('settings.integrations.generic.staticHeaderValueHelp'))}
                  value={staticValue}
                  onChange={(e) => setStaticValue(e.currentTarget.value)}
                  error={errors.staticHeaderValue}
                  autoComplete="off"
                />
              ) : (
                <div>
                  <Text size="sm" fw={500}>
                    {t('settings.integrations.generic.secretState')}
                  </Text>
                  <Text size="sm" c="dark.6">
                    {secrets.has('signingSecret') ? t('settings.secret.isSet') : t('settings.secret.notSet')}
                  </Text>
                </div>
              )}
            </SimpleGrid>
            <Group>
              <Button type="submit" loading={save.isPending}>
                {t('settings.integrations.generic.save')}
              </Button>
              {source && auth === 'hmac' ? (
                <ConfirmButton
                  buttonProps={{ variant: 'default' }}
                  title={t('settings.integrations.generic.rotate')}
                  body={t('settings.integrations.generic.rotateConfirm')}
                  confirmLabel={t('settings.integrations.generic.rotate')}
                  onConfirm={rotate}
                  loading={rotation.isPending}
                >
                  {t('settings.integrations.generic.rotate')}
                </ConfirmButton>
              ) : null}
            </Group>
          </Stack>
        </form>
        <CopyField label={t('settings.integrations.generic.webhookUrl')} value={webhookUrl('generic', businessId)} copyLabel={t('settings.integrations.copyUrl')} testId="generic-webhook-url" />
      </Stack>
    </Card>
  );
}
