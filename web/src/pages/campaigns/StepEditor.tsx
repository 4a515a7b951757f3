import { ActionIcon, Badge, Button, Card, Group, Menu, NumberInput, SegmentedControl, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useRef } from 'react';
import { MoveButtons } from '../../components/MoveButtons';
import { t, tDynamic } from '../../i18n/i18n';
import { MERGE_FIELDS, newVariant, SHORT_MERGE_FIELDS, variantKeys, type StepDraft, type VariantDraft } from './composer-model';
import { smsParts } from '../../../../src/common/sms-parts';

type Field = HTMLInputElement | HTMLTextAreaElement;

/** Inserts `{{field}}` where the cursor was in the last text field used (or at the end of the body). */
function MergeFieldPicker({ fields, onPick }: { fields: readonly string[]; onPick: (token: string) => void }) {
  return (
    <Menu shadow="md" position="bottom-start">
      <Menu.Target>
        <Button variant="light" size="xs" data-testid="merge-field-picker">
          {t('campaigns.step.insertField')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {fields.map((f) => (
          <Menu.Item key={f} onClick={() => onPick(`{{${f}}}`)}>
            {tDynamic('campaigns.mergeField', f.replace('.', '_'))} <Text span size="xs" c="dimmed">{`{{${f}}}`}</Text>
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}

function VariantFields({ step, variant, onChange, label }: { step: StepDraft; variant: VariantDraft; onChange: (v: VariantDraft) => void; label: string }) {
  const last = useRef<{ el: Field; name: keyof VariantDraft } | null>(null);
  const track = (name: keyof VariantDraft) => (e: React.FocusEvent<Field>) => {
    last.current = { el: e.currentTarget, name };
  };
  const insert = (fallback: keyof VariantDraft) => (token: string) => {
    const target = last.current ?? null;
    const name = target?.name ?? fallback;
    const value = String(variant[name] ?? '');
    const at = target?.el.selectionStart ?? value.length;
    const end = target?.el.selectionEnd ?? at;
    onChange({ ...variant, [name]: value.slice(0, at) + token + value.slice(end) });
  };
  const v = variant;
  switch (step.channel) {
    case 'email':
      return (
        <Stack gap="xs">
          <TextInput
            label={t('campaigns.step.subject', { variant: label })}
            value={v.subject}
            onFocus={track('subject')}
            onChange={(e) => onChange({ ...v, subject: e.currentTarget.value })}
            required
          />
          <Textarea
            label={t('campaigns.step.body', { variant: label })}
            description={t('campaigns.step.bodyHint')}
            value={v.html}
            autosize
            minRows={4}
            onFocus={track('html')}
            onChange={(e) => onChange({ ...v, html: e.currentTarget.value })}
            required
          />
          <Group>
            <MergeFieldPicker fields={MERGE_FIELDS} onPick={insert('html')} />
          </Group>
        </Stack>
      );
    case 'sms': {
      const parts = smsParts(v.body);
      return (
        <Stack gap="xs">
          <Textarea
            label={t('campaigns.step.sms', { variant: label })}
            value={v.body}
            autosize
            minRows={2}
            onFocus={track('body')}
            onChange={(e) => onChange({ ...v, body: e.currentTarget.value })}
            required
          />
          <Group justify="space-between">
            <MergeFieldPicker fields={SHORT_MERGE_FIELDS} onPick={insert('body')} />
            <Text size="sm" c="dark.6" data-testid="sms-parts" aria-live="polite">
              {t('campaigns.step.smsParts', { length: parts.length, count: parts.parts, encoding: parts.encoding })}
            </Text>
          </Group>
        </Stack>
      );
    }
    case 'push':
      return (
        <Stack gap="xs">
          <TextInput label={t('campaigns.step.pushTitle', { variant: label })} value={v.title} onFocus={track('title')} onChange={(e) => onChange({ ...v, title: e.currentTarget.value })} required />
          <Textarea
            label={t('campaigns.step.pushBody', { variant: label })}
            value={v.body}
            autosize
            minRows={2}
            onFocus={track('body')}
            onChange={(e) => onChange({ ...v, body: e.currentTarget.value })}
            required
          />
          <Group>
            <MergeFieldPicker fields={SHORT_MERGE_FIELDS} onPick={insert('body')} />
          </Group>
        </Stack>
      );
    case 'mailchimp':
      return (
        <TextInput
          label={t('campaigns.step.tag', { variant: label })}
          description={t('campaigns.step.tagHint')}
          value={v.tag}
          onChange={(e) => onChange({ ...v, tag: e.currentTarget.value })}
          required
        />
      );
    default:
      return null;
  }
}

/** One step of the campaign: its channel's message (with A/B variants), or the staff task it raises. */
export function StepEditor({
  step,
  index,
  count,
  onChange,
  onRemove,
  onMove,
}: {
  step: StepDraft;
  index: number;
  count: number;
  onChange: (s: StepDraft) => void;
  onRemove?: () => void;
  onMove: (delta: -1 | 1) => void;
}) {
  const ab = step.variants.length > 1;
  const setVariant = (i: number, v: VariantDraft) => onChange({ ...step, variants: step.variants.map((x, j) => (j === i ? v : x)) });
  return (
    <Card withBorder padding="md" data-testid={`step-${index}`}>
      <Stack gap="sm">
        <Group justify="space-between">
          <Group gap="xs">
            <Title order={3} size="h5">
              {t('campaigns.step.title', { n: index + 1 })}
            </Title>
            <Badge variant="light">{tDynamic('campaigns.channel', step.channel)}</Badge>
          </Group>
          <Group gap="xs">
            {count > 1 ? (
              <MoveButtons index={index} count={count} upLabel={t('campaigns.step.moveUp', { n: index + 1 })} downLabel={t('campaigns.step.moveDown', { n: index + 1 })} onMove={onMove} />
            ) : null}
            {onRemove ? (
              <Button variant="subtle" color="red" size="xs" onClick={onRemove}>
                {t('campaigns.step.remove')}
              </Button>
            ) : null}
          </Group>
        </Group>
        {index > 0 ? (
          <NumberInput
            label={t('campaigns.step.delay')}
            description={t('campaigns.step.delayHint')}
            min={0}
            max={720}
            value={step.delayHours}
            onChange={(n) => onChange({ ...step, delayHours: Number(n) || 0 })}
            w={220}
          />
        ) : null}
        {step.channel === 'staff_task' ? (
          <Group align="flex-end" wrap="wrap">
            <TextInput
              label={t('campaigns.step.taskReason')}
              value={step.task.reason}
              onChange={(e) => onChange({ ...step, task: { ...step.task, reason: e.currentTarget.value } })}
              required
              w={360}
            />
            <NumberInput
              label={t('campaigns.step.taskDue')}
              min={0}
              max={90}
              value={step.task.dueInDays}
              onChange={(n) => onChange({ ...step, task: { ...step.task, dueInDays: Number(n) || 0 } })}
              w={160}
            />
          </Group>
        ) : (
          <>
            {step.variants.map((v, i) => (
              <Card key={v.key} withBorder padding="sm">
                <Stack gap="xs">
                  {ab ? (
                    <Group justify="space-between">
                      <Text fw={600}>{t('campaigns.step.variant', { key: v.key })}</Text>
                      <Group gap="xs">
                        <Text size="sm" c="dark.6" aria-hidden>
                          {t('campaigns.step.share')}
                        </Text>
                        <NumberInput
                          aria-label={t('campaigns.step.weight', { key: v.key })}
                          size="xs"
                          min={1}
                          max={100}
                          value={v.weight}
                          onChange={(n) => setVariant(i, { ...v, weight: Number(n) || 1 })}
                          w={80}
                        />
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={t('campaigns.step.removeVariant', { key: v.key })}
                          onClick={() => onChange({ ...step, variants: step.variants.filter((_, j) => j !== i) })}
                        >
                          ×
                        </ActionIcon>
                      </Group>
                    </Group>
                  ) : null}
                  <VariantFields step={step} variant={v} label={ab ? v.key : ''} onChange={(nv) => setVariant(i, nv)} />
                </Stack>
              </Card>
            ))}
            {step.variants.length < variantKeys.length ? (
              <Group>
                <Button
                  variant="light"
                  size="xs"
                  onClick={() => {
                    const key = variantKeys.find((k) => !step.variants.some((v) => v.key === k))!;
                    // the new variant starts as a copy of the first, to be changed where it should differ
                    onChange({ ...step, variants: [...step.variants, { ...newVariant(key), ...step.variants[0], key, weight: 1 }] });
                  }}
                >
                  {ab ? t('campaigns.step.addVariant') : t('campaigns.step.makeAb')}
                </Button>
                {ab ? (
                  <Text size="sm" c="dark.6">
                    {t('campaigns.step.abHint')}
                  </Text>
                ) : null}
              </Group>
            ) : null}
          </>
        )}
      </Stack>
    </Card>
  );
}

export function WhenChoice({ value, onChange }: { value: 'now' | 'later'; onChange: (v: 'now' | 'later') => void }) {
  return (
    <SegmentedControl
      value={value}
      onChange={(v) => onChange(v as 'now' | 'later')}
      data={[
        { value: 'now', label: t('campaigns.when.now') },
        { value: 'later', label: t('campaigns.when.later') },
      ]}
    />
  );
}
