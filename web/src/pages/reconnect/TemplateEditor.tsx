import { Button, Card, Group, Menu, SegmentedControl, Select, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useRef, useState } from 'react';
import { MERGE_FIELDS, type ReconnectChannel, type ReconnectTemplate, useOverdueClients, useReconnectPreview, useReconnectTemplate, useSaveReconnectTemplate } from '../../api/reconnect';
import { fieldErrors, unplacedErrors } from '../../components/field-errors';
import { FormError } from '../../components/FormError';
import { notify } from '../../components/notify';
import { QueryState } from '../../components/QueryState';
import { t, tDynamic } from '../../i18n/i18n';

type Draft = { channel: ReconnectChannel; smsBody: string; subject: string; emailBody: string };
type FieldName = 'smsBody' | 'subject' | 'emailBody';
type Field = HTMLInputElement | HTMLTextAreaElement;
const CHANNELS: ReconnectChannel[] = ['sms', 'email', 'both'];
/** The error paths shown beside a field; any other reason shows above the button. */
const PLACED = ['sms.body', 'sms', 'email.subject', 'email', 'email.body'];

function toBody(d: Draft): ReconnectTemplate {
  return {
    channel: d.channel,
    ...(d.channel !== 'email' ? { sms: { body: d.smsBody } } : {}),
    ...(d.channel !== 'sms' ? { email: { subject: d.subject, body: d.emailBody } } : {}),
  };
}

/** The category's message: channel, texts with a merge-field picker, save, and the server's preview for a real client. */
export function TemplateEditor({ category, canEdit }: { category: string; canEdit: boolean }) {
  const template = useReconnectTemplate(category);
  return (
    <Card withBorder padding="md" data-testid="reconnect-template">
      <Title order={3} size="h4" mb="sm">
        {t('reconnect.template.heading')}
      </Title>
      <QueryState query={template}>
        {(tpl) => (
          <TemplateForm
            key={`${tpl.serviceCategory}:${tpl.isDefault}`}
            category={category}
            canEdit={canEdit}
            isDefault={tpl.isDefault}
            initial={{ channel: tpl.channel, smsBody: tpl.sms?.body ?? '', subject: tpl.email?.subject ?? '', emailBody: tpl.email?.body ?? '' }}
          />
        )}
      </QueryState>
    </Card>
  );
}

function TemplateForm({ category, canEdit, isDefault, initial }: { category: string; canEdit: boolean; isDefault: boolean; initial: Draft }) {
  const [draft, setDraft] = useState<Draft>(initial);
  const last = useRef<{ el: Field; name: FieldName } | null>(null);
  const save = useSaveReconnectTemplate(category);
  const errors = fieldErrors(save.error);
  const track = (name: FieldName) => (e: React.SyntheticEvent<Field>) => {
    last.current = { el: e.currentTarget, name };
  };
  const insert = (token: string) => {
    const fallback: FieldName = draft.channel === 'email' ? 'emailBody' : 'smsBody';
    const target = last.current && (draft.channel === 'both' || (draft.channel === 'sms') === (last.current.name === 'smsBody')) ? last.current : null;
    const name = target?.name ?? fallback;
    const value = draft[name];
    const at = target?.el.selectionStart ?? value.length;
    const end = target?.el.selectionEnd ?? at;
    setDraft({ ...draft, [name]: value.slice(0, at) + token + value.slice(end) });
  };

  return (
    <Stack gap="sm">
      {isDefault ? (
        <Text size="sm" c="dark.6" bg="gray.1" px="sm" py={6} style={{ borderRadius: 4 }}>
          {t('reconnect.template.isDefault')}
        </Text>
      ) : null}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(toBody(draft), { onSuccess: () => notify(t('reconnect.template.saved', { category })) });
        }}
      >
        <Stack gap="sm">
          <Stack gap={4}>
            <Text size="sm" fw={500} id="reconnect-channel-label">
              {t('reconnect.template.channel')}
            </Text>
            <SegmentedControl
              aria-labelledby="reconnect-channel-label"
              value={draft.channel}
              onChange={(v) => setDraft({ ...draft, channel: v as ReconnectChannel })}
              data={CHANNELS.map((c) => ({ value: c, label: tDynamic('reconnect.template.channels', c) }))}
              disabled={!canEdit}
              style={{ alignSelf: 'flex-start' }}
            />
          </Stack>
          <Group gap="xs">
            <Menu shadow="md" position="bottom-start">
              <Menu.Target>
                <Button variant="light" size="xs" disabled={!canEdit} data-testid="merge-field-picker">
                  {t('reconnect.template.insertField')}
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                {MERGE_FIELDS.map((f) => (
                  <Menu.Item key={f} onClick={() => insert(`{{${f}}}`)}>
                    {tDynamic('reconnect.mergeField', f)} <Text span size="xs" c="dark.6">{`{{${f}}}`}</Text>
                  </Menu.Item>
                ))}
              </Menu.Dropdown>
            </Menu>
            <Text size="xs" c="dark.6">
              {t('reconnect.template.fallbackHint')}
            </Text>
          </Group>
          {draft.channel !== 'email' ? (
            <Textarea
              label={t('reconnect.template.smsBody')}
              value={draft.smsBody}
              onChange={(e) => setDraft({ ...draft, smsBody: e.currentTarget.value })}
              onFocus={track('smsBody')}
              onSelect={track('smsBody')}
              autosize
              minRows={2}
              readOnly={!canEdit}
              error={errors['sms.body'] ?? errors.sms}
            />
          ) : null}
          {draft.channel !== 'sms' ? (
            <>
              <TextInput
                label={t('reconnect.template.emailSubject')}
                value={draft.subject}
                onChange={(e) => setDraft({ ...draft, subject: e.currentTarget.value })}
                onFocus={track('subject')}
                onSelect={track('subject')}
                readOnly={!canEdit}
                error={errors['email.subject'] ?? errors.email}
              />
              <Textarea
                label={t('reconnect.template.emailBody')}
                description={t('reconnect.template.emailBodyHint')}
                value={draft.emailBody}
                onChange={(e) => setDraft({ ...draft, emailBody: e.currentTarget.value })}
                onFocus={track('emailBody')}
                onSelect={track('emailBody')}
                autosize
                minRows={4}
                readOnly={!canEdit}
                error={errors['email.body']}
              />
            </>
          ) : null}
          <FormError error={save.error} fields={unplacedErrors(errors, PLACED).length ? {} : errors} />
          {canEdit ? (
            <Group>
              <Button type="submit" loading={save.isPending}>
                {t('reconnect.template.save')}
              </Button>
            </Group>
          ) : null}
        </Stack>
      </form>
      <PreviewPanel category={category} draft={draft} />
    </Stack>
  );
}

type SmsParts = { length?: number; parts?: number; encoding?: string };
function smsPartsLine(sms: SmsParts, body: string): string {
  return t('reconnect.template.smsParts', { length: sms.length ?? body.length, count: sms.parts ?? 1, encoding: sms.encoding ?? '' });
}

/** Renders the draft for one of the category's overdue clients, through the same path as a send. */
function PreviewPanel({ category, draft }: { category: string; draft: Draft }) {
  const clients = useOverdueClients(category, 'days_overdue', 'desc', 0);
  const [clientId, setClientId] = useState<string | null>(null);
  const preview = useReconnectPreview(category);
  const options = (clients.data?.items ?? []).map((c) => ({ value: c.clientId, label: c.name }));
  const chosen = clientId ?? options[0]?.value ?? null;
  const p = preview.data;
  const name = options.find((o) => o.value === p?.clientId)?.label ?? '';

  return (
    <Stack gap="sm" data-testid="reconnect-preview">
      <Group align="flex-end" gap="sm" wrap="wrap">
        <Select
          label={t('reconnect.template.previewFor')}
          data={options}
          value={chosen}
          onChange={setClientId}
          placeholder={options.length ? undefined : t('reconnect.template.previewNoClient')}
          disabled={!options.length}
          allowDeselect={false}
          style={{ minWidth: 220 }}
        />
        <Button variant="default" disabled={!chosen} loading={preview.isPending} onClick={() => chosen && preview.mutate({ clientId: chosen, template: toBody(draft) })}>
          {t('reconnect.template.preview')}
        </Button>
      </Group>
      <FormError error={preview.error} />
      {p ? (
        <Card withBorder padding="sm" bg="gray.0">
          <Stack gap="xs">
            <Text fw={600} size="sm">
              {t('reconnect.template.previewHeading', { name })}
            </Text>
            {p.usualIntervalWeeks === null ? (
              <Text size="xs" c="dark.6">
                {t('reconnect.template.intervalUnknown')}
              </Text>
            ) : null}
            {p.sms ? (
              <Stack gap={4} data-testid="preview-sms">
                <Text size="sm">
                  <b>{t('reconnect.template.to')}</b> {p.sms.to ?? t('reconnect.template.noAddress')}
                </Text>
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {p.sms.body}
                </Text>
                <Text size="xs" c="dark.6">
                  {smsPartsLine(p.sms.sms as SmsParts, p.sms.body)}
                </Text>
              </Stack>
            ) : null}
            {p.email ? (
              <Stack gap={4} data-testid="preview-email">
                <Text size="sm">
                  <b>{t('reconnect.template.to')}</b> {p.email.to ?? t('reconnect.template.noAddress')}
                </Text>
                <Text size="sm" data-testid="preview-subject">
                  <b>{t('reconnect.template.subject')}</b> {p.email.subject}
                </Text>
                {/* the server's rendering, in a frame that runs no script (as a mail client shows it) */}
                <iframe
                  title={t('reconnect.template.frameTitle')}
                  sandbox=""
                  srcDoc={p.email.html ?? p.email.text ?? ''}
                  style={{ width: '100%', minHeight: 220, border: '1px solid #dee2e6', borderRadius: 4, background: 'white' }}
                  data-testid="preview-html"
                />
              </Stack>
            ) : null}
          </Stack>
        </Card>
      ) : null}
    </Stack>
  );
}
