import { Anchor, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { type ReconnectBatch, useContactCategory, useReconnectCategories, useReconnectTemplate } from '../../api/reconnect';
import { ConfirmButton } from '../../components/ConfirmButton';
import { FormError } from '../../components/FormError';
import { t, tDynamic } from '../../i18n/i18n';
import { BatchResult } from './ContactResult';
import { OverdueClientsTable } from './OverdueClientsTable';
import { TemplateEditor } from './TemplateEditor';

/** One category: its overdue clients, its message with a preview, and "Contact overdue clients". */
export function CategoryView({ category, canSend, onBack }: { category: string; canSend: boolean; onBack: () => void }) {
  const categories = useReconnectCategories();
  const template = useReconnectTemplate(category);
  const contact = useContactCategory();
  const [result, setResult] = useState<ReconnectBatch | null>(null);
  const overdue = categories.data?.items.find((c) => c.serviceCategory === category)?.overdue ?? 0;
  const channel = template.data ? tDynamic('reconnect.template.channels', template.data.channel) : '';

  return (
    <Stack gap="lg" data-testid="reconnect-category">
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
        <Stack gap={2}>
          <Anchor component="button" type="button" size="sm" onClick={onBack}>
            ← {t('reconnect.category.back')}
          </Anchor>
          <Title order={2} size="h3">
            {t('reconnect.category.title', { category })}
          </Title>
        </Stack>
        {canSend ? (
          <ConfirmButton
            title={t('reconnect.category.contactTitle', { category })}
            body={t('reconnect.category.contactBody', { count: overdue, category, channel })}
            confirmLabel={t('reconnect.category.contactConfirm', { count: overdue })}
            loading={contact.isPending}
            buttonProps={{ disabled: overdue === 0 }}
            onConfirm={() => contact.mutate(category, { onSuccess: setResult })}
          >
            {t('reconnect.category.contact')}
          </ConfirmButton>
        ) : null}
      </Group>
      {!canSend ? (
        <Text size="sm" c="dimmed">
          {t('reconnect.category.readOnly')}
        </Text>
      ) : null}
      <FormError error={contact.error} />
      {result ? <BatchResult batch={result} onClose={() => setResult(null)} /> : null}
      <OverdueClientsTable category={category} />
      <TemplateEditor category={category} canEdit={canSend} />
    </Stack>
  );
}
