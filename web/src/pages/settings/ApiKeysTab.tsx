import { Alert, Badge, Button, Code, Grid, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconKey } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { type CreatedApiKey, type Role, useApiKeys, useCreateApiKey, useRevokeApiKey } from '../../api/settings';
import { ConfirmButton } from '../../components/ConfirmButton';
import { CopyField } from '../../components/CopyField';
import { fieldErrors } from '../../components/field-errors';
import { notify } from '../../components/notify';
import { errorMessage, QueryState } from '../../components/QueryState';
import { formatDateTime } from '../../format';
import { t, tDynamic } from '../../i18n/i18n';
import { roleOptions, useStaffOptions } from './UsersTab';

/** API keys (create with name, role and staff; the key shown once; list with last use; revoke). */
export function ApiKeysTab() {
  const keys = useApiKeys();
  const revoke = useRevokeApiKey();
  const { options: staffOptions } = useStaffOptions();
  const staffName = (id: string | null) => (id ? (staffOptions.find((o) => o.value === id)?.label ?? id) : '–');
  const [created, setCreated] = useState<CreatedApiKey | null>(null);

  return (
    <Stack>
      <Stack gap={4}>
        <Title order={2} size="h3">
          {t('settings.apiKeys.title')}
        </Title>
        <Text size="sm" c="dark.6" maw={640}>
          {t('settings.apiKeys.intro')}
        </Text>
      </Stack>

      <CreateKeyForm onCreated={setCreated} />
      {created ? (
        <Alert color="teal" title={t('settings.apiKeys.created', { name: created.name })} withCloseButton closeButtonLabel={t('common.close')} onClose={() => setCreated(null)} data-testid="created-key">
          <Stack gap="xs">
            <Text size="sm">{t('settings.secret.showOnce')}</Text>
            <CopyField label={t('settings.apiKeys.columns.key')} value={created.apiKey} copyLabel={t('settings.apiKeys.copyKey')} testId="created-key-value" />
          </Stack>
        </Alert>
      ) : null}
      {revoke.error ? (
        <Alert color="red" role="alert">
          {errorMessage(revoke.error)}
        </Alert>
      ) : null}

      <QueryState query={keys}>
        {(data) =>
          data.items.length === 0 ? (
            <Text>{t('settings.apiKeys.empty')}</Text>
          ) : (
            <Table.ScrollContainer minWidth={820}>
              <Table verticalSpacing="sm" striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('settings.apiKeys.columns.name')}</Table.Th>
                    <Table.Th>{t('settings.apiKeys.columns.key')}</Table.Th>
                    <Table.Th>{t('settings.apiKeys.columns.role')}</Table.Th>
                    <Table.Th>{t('settings.apiKeys.columns.staff')}</Table.Th>
                    <Table.Th>{t('settings.apiKeys.columns.created')}</Table.Th>
                    <Table.Th>{t('settings.apiKeys.columns.lastUsed')}</Table.Th>
                    <Table.Th>{t('settings.apiKeys.columns.status')}</Table.Th>
                    <Table.Th>{t('settings.apiKeys.columns.actions')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.items.map((k) => (
                    <Table.Tr key={k.id} data-testid={`key-${k.name}`}>
                      <Table.Td>
                        <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
                          {k.name}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Code>cbk_{k.prefix}…</Code>
                      </Table.Td>
                      <Table.Td>{tDynamic('labels.role', k.role)}</Table.Td>
                      <Table.Td>{staffName(k.staffId)}</Table.Td>
                      <Table.Td>
                        <Text size="sm">{formatDateTime(k.createdAt)}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{k.lastUsedAt ? formatDateTime(k.lastUsedAt) : t('common.never')}</Text>
                      </Table.Td>
                      <Table.Td>
                        {k.revokedAt ? (
                          <Badge color="gray" variant="light">
                            {t('settings.apiKeys.revokedOn', { when: formatDateTime(k.revokedAt) })}
                          </Badge>
                        ) : (
                          <Badge color="teal" variant="light">
                            {t('settings.apiKeys.active')}
                          </Badge>
                        )}
                      </Table.Td>
                      <Table.Td>
                        {k.revokedAt ? null : (
                          <ConfirmButton
                            buttonProps={{ size: 'xs', variant: 'default' }}
                            aria-label={`${t('settings.apiKeys.revoke')} ${k.name}`}
                            title={t('settings.apiKeys.revokeTitle', { name: k.name })}
                            body={t('settings.apiKeys.revokeBody')}
                            confirmLabel={t('settings.apiKeys.revokeConfirm')}
                            loading={revoke.isPending}
                            onConfirm={() =>
                              revoke.mutate(k.id, {
                                onSuccess: () => {
                                  if (created?.id === k.id) setCreated(null);
                                  notify(t('settings.apiKeys.revoked', { name: k.name }), 'teal');
                                },
                              })
                            }
                          >
                            {t('settings.apiKeys.revoke')}
                          </ConfirmButton>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </QueryState>
    </Stack>
  );
}

function CreateKeyForm({ onCreated }: { onCreated: (k: CreatedApiKey) => void }) {
  const create = useCreateApiKey();
  const { options } = useStaffOptions();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('marketer');
  const [staffId, setStaffId] = useState<string | null>(null);
  const errors = fieldErrors(create.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      { name: name.trim(), role, staffId: staffId ?? undefined },
      {
        onSuccess: (k) => {
          onCreated(k);
          setName('');
          setStaffId(null);
        },
      },
    );
  };
  return (
    <Paper withBorder p="md">
      <form onSubmit={submit} noValidate aria-label={t('settings.apiKeys.create')}>
        <Stack gap="sm">
          {create.error && Object.keys(errors).length === 0 ? (
            <Alert color="red" role="alert">
              {errorMessage(create.error)}
            </Alert>
          ) : null}
          <Grid align="flex-end">
            <Grid.Col span={{ base: 12, md: 3 }}>
              <TextInput label={t('settings.apiKeys.name')} placeholder={t('settings.apiKeys.namePlaceholder')} required value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} maxLength={100} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 3 }}>
              <Select label={t('settings.apiKeys.role')} data={roleOptions()} value={role} onChange={(v) => v && setRole(v as Role)} allowDeselect={false} error={errors.role} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 3 }}>
              <Select label={t('settings.apiKeys.staff')} placeholder={t('settings.users.noStaff')} data={options} value={staffId} onChange={setStaffId} clearable searchable required={role === 'staff'} error={errors.staffId} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 3 }}>
              <Button type="submit" fullWidth leftSection={<IconKey size={18} aria-hidden />} loading={create.isPending} disabled={!name.trim() || (role === 'staff' && !staffId)}>
                {t('settings.apiKeys.create')}
              </Button>
            </Grid.Col>
          </Grid>
          {role === 'staff' ? (
            <Text size="xs" c="dark.6">
              {t('settings.apiKeys.staffHelp')}
            </Text>
          ) : null}
        </Stack>
      </form>
    </Paper>
  );
}
