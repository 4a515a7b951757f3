import { Alert, Badge, Button, Group, Modal, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useSession } from '../../api/session';
import { type Role, type User, useInviteUser, useResendInvitation, useUpdateUser, useUsers } from '../../api/settings';
import { useStaff } from '../../api/tasks';
import { ConfirmButton } from '../../components/ConfirmButton';
import { fieldErrors } from '../../components/field-errors';
import { FormError } from '../../components/FormError';
import { ListTable } from '../../components/ListTable';
import { ModalButtons } from '../../components/ModalButtons';
import { notify } from '../../components/notify';
import { errorMessage, QueryState } from '../../components/QueryState';
import { formatDateTime } from '../../format';
import { t, tDynamic } from '../../i18n/i18n';
import { TabHeader } from './TabHeader';

export const ROLES: Role[] = ['admin', 'manager', 'marketer', 'staff'];
const STATUS_COLOR: Record<User['status'], string> = { active: 'teal', invited: 'blue', disabled: 'gray' };

export function roleOptions() {
  return ROLES.map((r) => ({ value: r, label: tDynamic('labels.role', r) }));
}

/** Active staff as options for "which staff record". */
export function useStaffOptions() {
  const staff = useStaff();
  const options = (staff.data?.items ?? []).filter((s) => s.active).map((s) => ({ value: s.id, label: s.name || s.email || s.externalId || s.id }));
  return { staff, options };
}

/** Users and invitations (contract "Auth API"): list, invite, re-send, change role, disable or enable. */
export function UsersTab() {
  const users = useUsers();
  const me = useSession().data?.user?.id;
  const [inviting, setInviting] = useState(false);
  const update = useUpdateUser();
  const resend = useResendInvitation();
  const [problem, setProblem] = useState<string | null>(null);

  const act = (p: Promise<unknown>, ok: string) => {
    setProblem(null);
    p.then(() => notify(ok, 'teal')).catch((e) => setProblem(errorMessage(e)));
  };

  return (
    <Stack>
      <TabHeader
        title={t('settings.users.title')}
        intro={t('settings.users.intro')}
        actions={
          <Button leftSection={<IconPlus size={18} aria-hidden />} onClick={() => setInviting(true)}>
            {t('settings.users.invite')}
          </Button>
        }
      />
      {problem ? (
        <Alert color="red" role="alert" withCloseButton closeButtonLabel={t('common.close')} onClose={() => setProblem(null)} data-testid="users-problem">
          {problem}
        </Alert>
      ) : null}
      <QueryState query={users}>
        {(data) => (
          <ListTable
            items={data.items}
            empty={<Text>{t('settings.users.empty')}</Text>}
            minWidth={760}
            verticalSpacing="sm"
            striped
            highlightOnHover
            columns={[
              t('settings.users.columns.user'),
              t('settings.users.columns.role'),
              t('settings.users.columns.staff'),
              t('settings.users.columns.status'),
              t('settings.users.columns.lastSignIn'),
              t('settings.users.columns.actions'),
            ]}
            row={(u) => (
              <Table.Tr key={u.id} data-testid={`user-${u.email}`}>
                <Table.Td>
                  <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
                    {u.name || u.email}
                    {u.id === me ? ` (${t('settings.users.you')})` : ''}
                  </Text>
                  {u.name ? (
                    <Text size="xs" c="dark.6" style={{ overflowWrap: 'anywhere' }}>
                      {u.email}
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td miw={150}>
                  <Select
                    aria-label={t('settings.users.changeRoleLabel', { email: u.email })}
                    data={roleOptions()}
                    value={u.role}
                    allowDeselect={false}
                    size="xs"
                    disabled={update.isPending}
                    onChange={(role) =>
                      role && role !== u.role && act(update.mutateAsync({ id: u.id, role: role as Role }), t('settings.users.roleChanged', { email: u.email, role: tDynamic('labels.role', role) }))
                    }
                  />
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{u.staffName ?? '–'}</Text>
                </Table.Td>
                <Table.Td>
                  <Badge color={STATUS_COLOR[u.status]} variant="light">
                    {t(`settings.users.status.${u.status}`)}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{u.lastSignInAt ? formatDateTime(u.lastSignInAt) : t('common.never')}</Text>
                </Table.Td>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    {u.status === 'invited' ? (
                      <Button size="xs" variant="outline" onClick={() => act(resend.mutateAsync(u.id), t('settings.users.resent', { email: u.email }))}>
                        {t('settings.users.resend')}
                      </Button>
                    ) : null}
                    {u.status === 'disabled' ? (
                      <Button size="xs" variant="outline" onClick={() => act(update.mutateAsync({ id: u.id, disabled: false }), t('settings.users.enabled', { email: u.email }))}>
                        {t('settings.users.enable')}
                      </Button>
                    ) : (
                      <ConfirmButton
                        buttonProps={{ size: 'xs', variant: 'default' }}
                        aria-label={`${t('settings.users.disable')} ${u.email}`}
                        title={`${t('settings.users.disable')} ${u.email}`}
                        body={t('settings.users.confirmDisable', { email: u.email })}
                        confirmLabel={t('settings.users.disable')}
                        onConfirm={() => act(update.mutateAsync({ id: u.id, disabled: true }), t('settings.users.disabled', { email: u.email }))}
                      >
                        {t('settings.users.disable')}
                      </ConfirmButton>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            )}
          />
        )}
      </QueryState>
      {inviting ? <InviteModal onClose={() => setInviting(false)} /> : null}
    </Stack>
  );
}

function InviteModal({ onClose }: { onClose: () => void }) {
  const invite = useInviteUser();
  const { options } = useStaffOptions();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('staff');
  const [staffId, setStaffId] = useState<string | null>(null);
  const errors = fieldErrors(invite.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    invite.mutate(
      { email: email.trim(), name: name.trim() || undefined, role, staffId: staffId ?? undefined },
      {
        onSuccess: (u) => {
          notify(t('settings.users.invited', { email: u.email }), 'teal');
          onClose();
        },
      },
    );
  };
  return (
    <Modal opened onClose={onClose} title={t('settings.users.inviteTitle')} centered closeButtonProps={{ 'aria-label': t('common.close') }} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <FormError error={invite.error} fields={errors} />
          <TextInput label={t('settings.users.email')} type="email" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={errors.email} autoComplete="off" data-autofocus />
          <TextInput label={t('settings.users.name')} placeholder={t('settings.users.namePlaceholder')} value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} />
          <Select
            label={t('settings.users.role')}
            data={roleOptions()}
            value={role}
            onChange={(v) => v && setRole(v as Role)}
            allowDeselect={false}
            description={t(`settings.users.roleHelp.${role}`)}
            error={errors.role}
            comboboxProps={{ withinPortal: true }}
          />
          <Select
            label={t('settings.users.staff')}
            description={t('settings.users.staffHelp')}
            placeholder={t('settings.users.staffPlaceholder')}
            data={options}
            value={staffId}
            onChange={setStaffId}
            clearable
            searchable
            required={role === 'staff'}
            error={errors.staffId}
            comboboxProps={{ withinPortal: true }}
          />
          <ModalButtons onCancel={onClose} pending={invite.isPending} label={t('settings.users.sendInvite')} disabled={!email.trim() || (role === 'staff' && !staffId)} />
        </Stack>
      </form>
    </Modal>
  );
}
