import { Anchor, Badge, Button, Code, Grid, Paper, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { Link } from 'react-router';
import { useState, type FormEvent } from 'react';
import { type AuditEvent, type AuditFilters, useAuditEvents } from '../../api/settings';
import { FormError } from '../../components/FormError';
import { ListTable } from '../../components/ListTable';
import { formatDateTime } from '../../format';
import { t, tDynamic } from '../../i18n/i18n';
import { TabHeader } from './TabHeader';

const FAMILIES = ['settings', 'channel', 'integration', 'api_key', 'user', 'client', 'actions'] as const;

/** The audit log (admins): who did what and when, newest first, filtered by kind, person and dates. */
export function AuditLogTab() {
  const [filters, setFilters] = useState<AuditFilters>({});
  const events = useAuditEvents(filters);
  const items = events.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Stack>
      <TabHeader title={t('settings.audit.title')} intro={t('settings.audit.intro')} />
      <FiltersForm onApply={setFilters} />
      <FormError error={events.error} />
      {events.isPending ? (
        <Text size="sm" c="dark.6">
          {t('common.loading')}
        </Text>
      ) : (
        <ListTable
          items={items}
          empty={<Text>{t('settings.audit.empty')}</Text>}
          minWidth={760}
          verticalSpacing="sm"
          striped
          columns={[t('settings.audit.columns.when'), t('settings.audit.columns.who'), t('settings.audit.columns.what'), t('settings.audit.columns.details')]}
          row={(e) => (
            <Table.Tr key={e.id} data-testid={`audit-${e.action}`}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Text size="sm">{formatDateTime(e.at)}</Text>
              </Table.Td>
              <Table.Td miw={180}>
                <Text size="sm" style={{ overflowWrap: 'break-word' }}>
                  {actorText(e)}
                </Text>
                <Badge size="xs" variant="light" color="gray">
                  {tDynamic('labels.role', e.role)}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {tDynamic('settings.audit.actions', e.action.replace(/\./g, '_'))}
                </Text>
              </Table.Td>
              <Table.Td>
                <Details e={e} />
              </Table.Td>
            </Table.Tr>
          )}
        />
      )}
      {events.hasNextPage ? (
        <Button variant="default" onClick={() => void events.fetchNextPage()} loading={events.isFetchingNextPage} style={{ alignSelf: 'flex-start' }}>
          {t('settings.audit.more')}
        </Button>
      ) : null}
    </Stack>
  );
}

function FiltersForm({ onApply }: { onApply: (f: AuditFilters) => void }) {
  const [action, setAction] = useState<string | null>(null);
  const [actor, setActor] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    // dates are whole days: "until" includes its day
    const until = to ? new Date(new Date(`${to}T00:00:00`).getTime() + 86_400_000).toISOString() : undefined;
    onApply({ action: action ?? undefined, actor: actor.trim() || undefined, from: from ? new Date(`${from}T00:00:00`).toISOString() : undefined, to: until });
  };
  return (
    <Paper withBorder p="md">
      <form onSubmit={submit} aria-label={t('settings.audit.title')}>
        <Grid align="flex-end">
          <Grid.Col span={{ base: 12, sm: 6, md: 3 }}>
            <Select
              label={t('settings.audit.action')}
              placeholder={t('settings.audit.all')}
              data={FAMILIES.map((f) => ({ value: f, label: t(`settings.audit.families.${f}`) }))}
              value={action}
              onChange={setAction}
              clearable
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6, md: 3 }}>
            <TextInput label={t('settings.audit.actor')} placeholder={t('settings.audit.actorPlaceholder')} value={actor} onChange={(e) => setActor(e.currentTarget.value)} maxLength={254} />
          </Grid.Col>
          <Grid.Col span={{ base: 6, md: 2 }}>
            <TextInput type="date" label={t('settings.audit.from')} value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
          </Grid.Col>
          <Grid.Col span={{ base: 6, md: 2 }}>
            <TextInput type="date" label={t('settings.audit.to')} value={to} onChange={(e) => setTo(e.currentTarget.value)} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 2 }}>
            <Button type="submit" fullWidth variant="light">
              {t('settings.audit.apply')}
            </Button>
          </Grid.Col>
        </Grid>
      </form>
    </Paper>
  );
}

type Change = { path: string; before: unknown; after: unknown };

/** A user by email, a key by name (so the two cannot be confused), the command line by name. */
function actorText(e: AuditEvent): string {
  if (e.actor === 'cli') return t('settings.audit.commandLine');
  if (e.actor.startsWith('api_key:')) return t('settings.audit.byKey', { name: e.actorLabel ?? e.actor.slice(8) });
  return e.actorLabel ?? e.actor;
}

// values are JSON: a string as it is, anything else (numbers, booleans, objects) in JSON
const show = (v: unknown) => (v === null || v === undefined ? '–' : typeof v === 'string' ? v : JSON.stringify(v));

/** What the event was about, in words: the changed fields, the key, the member, the reason. */
function Details({ e }: { e: AuditEvent }) {
  const d = e.details as Record<string, unknown> & { changes?: Change[] };
  const lines: string[] = [];
  if (typeof d.name === 'string' && typeof d.prefix === 'string') lines.push(t('settings.audit.key', { name: d.name, prefix: d.prefix }));
  if (typeof d.graceMinutes === 'number' && d.graceMinutes > 0) lines.push(t('settings.audit.grace', { minutes: d.graceMinutes }));
  if (typeof d.provider === 'string') lines.push(t('settings.audit.provider', { provider: d.provider }));
  if (typeof d.channel === 'string') lines.push(tDynamic('labels.channel', d.channel));
  if (typeof d.email === 'string') lines.push(t('settings.audit.user', { email: d.email }));
  if (typeof d.runId === 'string') lines.push(t('settings.audit.run', { id: d.runId }));
  if (Array.isArray(d.secretsChanged) && d.secretsChanged.length) lines.push(t('settings.audit.secretsChanged', { names: d.secretsChanged.join(', ') }));
  const changes = Array.isArray(d.changes) ? d.changes : null;
  return (
    <Stack gap={2}>
      {typeof d.clientId === 'string' ? (
        <Anchor component={Link} to={`/members/${d.clientId}`} size="sm" c="teal.9">
          {t('settings.audit.member', { id: d.clientId })}
        </Anchor>
      ) : null}
      {lines.map((l) => (
        <Text key={l} size="sm">
          {l}
        </Text>
      ))}
      {changes && changes.length === 0 ? (
        <Text size="sm" c="dark.6">
          {t('settings.audit.noChange')}
        </Text>
      ) : null}
      {changes?.slice(0, 8).map((c) => (
        <Text key={c.path} size="xs" style={{ overflowWrap: 'anywhere' }}>
          <Code>{c.path}</Code> {show(c.before)} → {show(c.after)}
        </Text>
      ))}
      {changes && changes.length > 8 ? (
        <Text size="xs" c="dark.6">
          … +{changes.length - 8}
        </Text>
      ) : null}
      {e.reason ? (
        <Text size="sm" fs="italic">
          {t('settings.audit.reason', { reason: e.reason })}
        </Text>
      ) : null}
    </Stack>
  );
}
