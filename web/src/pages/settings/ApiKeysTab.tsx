import { Badge, Button, Code, Grid, Group, Modal, Paper, SegmentedControl, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconKey } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { type ApiKey, type CreatedApiKey, type Role, type RotatedApiKey, useApiKeys, useCreateApiKey, useRevokeApiKey, useRotateApiKey } from '../../api/settings';
import { ConfirmButton } from '../../components/ConfirmButton';
import { fieldErrors } from '../../components/field-errors';
import { FormError } from '../../components/FormError';
import { ListTable } from '../../components/ListTable';
import { notify } from '../../components/notify';
import { QueryState } from '../../components/QueryState';
import { formatDateTime } from '../../format';
import { t, tDynamic } from '../../i18n/i18n';
import { SecretShownOnce } from './SecretShownOnce';
import { TabHeader } from './TabHeader';
import { roleOptions, useStaffOptions } from './UsersTab';

/** API keys (create with name, role and staff; the key shown once; list with last use; rotate with a grace period; revoke). */
export function ApiKeysTab() {
  const keys = useApiKeys();
  const revoke = useRevokeApiKey();
  const { options: staffOptions } = useStaffOptions();
  const staffName = (id: string | null) => (id ? (staffOptions.find((o) => o.value === id)?.label ?? id) : '–');
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [rotated, setRotated] = useState<RotatedApiKey | null>(null);

  return (
    <Stack>
      <TabHeader title={t('settings.apiKeys.title')} intro={t('settings.apiKeys.intro')} />

      <CreateKeyForm onCreated={setCreated} />
      {created ? (
        <SecretShownOnce
          title={t('settings.apiKeys.created', { name: created.name })}
          label={t('settings.apiKeys.columns.key')}
          value={created.apiKey}
          copyLabel={t('settings.apiKeys.copyKey')}
          onClose={() => setCreated(null)}
          testId="created-key"
        />
      ) : null}
      {rotated ? (
        <SecretShownOnce
          title={t('settings.apiKeys.rotated', { name: rotated.name })}
          label={t('settings.apiKeys.columns.key')}
          value={rotated.apiKey}
          copyLabel={t('settings.apiKeys.copyKey')}
          onClose={() => setRotated(null)}
          testId="rotated-key"
          note={rotated.previousExpiresAt ? t('settings.apiKeys.rotatedGrace', { when: formatDateTime(rotated.previousExpiresAt) }) : t('settings.apiKeys.rotatedNow')}
        />
      ) : null}
      <FormError error={revoke.error} />

      <QueryState query={keys}>
        {(data) => (
          <ListTable
            items={data.items}
            empty={<Text>{t('settings.apiKeys.empty')}</Text>}
            minWidth={820}
            verticalSpacing="sm"
            striped
            columns={[
              t('settings.apiKeys.columns.name'),
              t('settings.apiKeys.columns.key'),
              t('settings.apiKeys.columns.role'),
              t('settings.apiKeys.columns.staff'),
              t('settings.apiKeys.columns.created'),
              t('settings.apiKeys.columns.lastUsed'),
              t('settings.apiKeys.columns.status'),
              t('settings.apiKeys.columns.actions'),
            ]}
            row={(k) => (
              <Table.Tr key={k.id} data-testid={`key-${k.name}`}>
                <Table.Td>
                  <Text size="sm" fw={500} style={{ overflowWrap: 'break-word' }}>
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
                    <Stack gap={4} align="flex-start">
                      <Badge color="teal" variant="light">
                        {t('settings.apiKeys.active')}
                      </Badge>
                      {k.previousExpiresAt ? (
                        <Text size="xs" c="dark.6">
                          {t('settings.apiKeys.oldWorksUntil', { when: formatDateTime(k.previousExpiresAt) })}
                        </Text>
                      ) : null}
                    </Stack>
                  )}
                </Table.Td>
                <Table.Td>
                  {k.revokedAt ? null : (
                    <Stack gap={6} align="stretch">
                      <RotateButton
                        apiKey={k}
                        onRotated={(r) => {
                          setCreated(null);
                          setRotated(r);
                        }}
                      />
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
                              if (rotated?.id === k.id) setRotated(null);
                              notify(t('settings.apiKeys.revoked', { name: k.name }), 'teal');
                            },
                          })
                        }
                      >
                        {t('settings.apiKeys.revoke')}
                      </ConfirmButton>
                    </Stack>
                  )}
                </Table.Td>
              </Table.Tr>
            )}
          />
        )}
      </QueryState>
    </Stack>
  );
}

const GRACE = { now: 0, hour: 60, day: 1440 } as const;

/** Rotate: a new secret shown once; the old one stops now or after a grace period the admin picks. */
function RotateButton({ apiKey, onRotated }: { apiKey: ApiKey; onRotated: (r: RotatedApiKey) => void }) {
  const rotate = useRotateApiKey();
  const [open, setOpen] = useState(false);
  const [grace, setGrace] = useState<keyof typeof GRACE>('hour');
  const close = () => {
    setOpen(false);
    rotate.reset();
  };
  return (
    <>
      <Button size="xs" variant="light" aria-label={`${t('settings.apiKeys.rotate')} ${apiKey.name}`} onClick={() => setOpen(true)}>
        {t('settings.apiKeys.rotate')}
      </Button>
      <Modal opened={open} onClose={close} title={t('settings.apiKeys.rotateTitle', { name: apiKey.name })} centered closeButtonProps={{ 'aria-label': t('common.close') }}>
        <Stack>
          <Text size="sm">{t('settings.apiKeys.rotateBody')}</Text>
          <Stack gap={4}>
            <Text size="sm" fw={500} id={`grace-${apiKey.id}`}>
              {t('settings.apiKeys.grace')}
            </Text>
            <SegmentedControl
              aria-labelledby={`grace-${apiKey.id}`}
              value={grace}
              onChange={(v) => setGrace(v as keyof typeof GRACE)}
              data={(Object.keys(GRACE) as Array<keyof typeof GRACE>).map((g) => ({ value: g, label: t(`settings.apiKeys.graceOptions.${g}`) }))}
            />
          </Stack>
          <FormError error={rotate.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button
              loading={rotate.isPending}
              onClick={() =>
                rotate.mutate(
                  { id: apiKey.id, graceMinutes: GRACE[grace] },
                  {
                    onSuccess: (r) => {
                      close();
                      onRotated(r);
                    },
                  },
                )
              }
            >
              {t('settings.apiKeys.rotateConfirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
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
          <FormError error={create.error} fields={errors} />
          <Grid align="flex-end">
            <Grid.Col span={{ base: 12, md: 3 }}>
              <TextInput
                label={t('settings.apiKeys.name')}
                placeholder={t('settings.apiKeys.namePlaceholder')}
                required
                value={name}
                onChange={(e) => setName(e.currentTarget.value)}
                error={errors.name}
                maxLength={100}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 3 }}>
              <Select label={t('settings.apiKeys.role')} data={roleOptions()} value={role} onChange={(v) => v && setRole(v as Role)} allowDeselect={false} error={errors.role} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 3 }}>
              <Select
                label={t('settings.apiKeys.staff')}
                placeholder={t('settings.users.noStaff')}
                data={options}
                value={staffId}
                onChange={setStaffId}
                clearable
                searchable
                required={role === 'staff'}
                error={errors.staffId}
              />
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
