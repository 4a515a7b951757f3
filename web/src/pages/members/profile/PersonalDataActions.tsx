import { Button, Group, Menu, Modal, Stack, Text, Textarea } from '@mantine/core';
import { IconDownload, IconShieldLock, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useEraseMember, useExportMember } from '../../../api/members';
import { FormError } from '../../../components/FormError';
import { notify } from '../../../components/notify';
import { useOnOpen } from '../../../components/use-on-open';
import { t } from '../../../i18n/i18n';

/**
 * A member's personal data on request (admins; docs/privacy.md): export everything held as a JSON
 * file, or erase it after asking why. Both are in the audit log.
 */
export function PersonalDataActions({ clientId }: { clientId: string }) {
  const exporter = useExportMember(clientId);
  const [erasing, setErasing] = useState(false);
  const download = () =>
    exporter.mutate(undefined, {
      onSuccess: (data) => {
        const file = `member-${clientId}.json`;
        const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
        const a = document.createElement('a');
        a.href = url;
        a.download = file;
        a.click();
        URL.revokeObjectURL(url);
        notify(t('members.profile.privacy.exported', { file }));
      },
      onError: (e) => notify(e.message, 'red'),
    });
  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button variant="default" leftSection={<IconShieldLock size={16} aria-hidden />} loading={exporter.isPending}>
            {t('members.profile.privacy.menu')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item leftSection={<IconDownload size={16} aria-hidden />} onClick={download}>
            {t('members.profile.privacy.export')}
          </Menu.Item>
          <Menu.Item color="red" leftSection={<IconTrash size={16} aria-hidden />} onClick={() => setErasing(true)}>
            {t('members.profile.privacy.erase')}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <EraseModal clientId={clientId} opened={erasing} onClose={() => setErasing(false)} />
    </>
  );
}

function EraseModal({ clientId, opened, onClose }: { clientId: string; opened: boolean; onClose: () => void }) {
  const erase = useEraseMember(clientId);
  const [reason, setReason] = useState('');
  useOnOpen(opened, () => {
    erase.reset();
    setReason('');
  });
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    erase.mutate(
      { reason: reason.trim() },
      {
        onSuccess: () => {
          notify(t('members.profile.privacy.erased'));
          onClose();
        },
      },
    );
  };
  return (
    <Modal opened={opened} onClose={onClose} title={t('members.profile.privacy.eraseTitle')} closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form onSubmit={submit}>
        <Stack>
          <Text size="sm">{t('members.profile.privacy.eraseBody')}</Text>
          <Textarea
            label={t('members.profile.privacy.reason')}
            description={t('members.profile.privacy.reasonHelp')}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            required
            autosize
            minRows={2}
            maxLength={500}
            data-autofocus
          />
          <FormError error={erase.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" color="red" loading={erase.isPending} disabled={reason.trim().length < 3}>
              {t('members.profile.privacy.confirm')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
