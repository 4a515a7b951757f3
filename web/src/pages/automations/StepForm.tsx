import { Group, NumberInput, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useMemo, useState } from 'react';
import type { ApiTree } from '../../api/segments';
import { TreeEditor } from '../../components/condition-tree/TreeEditor';
import { rootFromApi, toApi, updateNode, type CatalogueCondition, type Group as GroupNode, type Node } from '../../components/condition-tree/tree';
import { t, tDynamic } from '../../i18n/i18n';

// One step of an automation as a form, by its type (docs/automations.md "Steps"). A step is kept
// as the API's own object: each field edits that key, and an emptied optional field is removed (the
// API refuses fields a type does not have, and an empty one would be a wrong value).

export type Step = Record<string, unknown>;
type Patch = Record<string, unknown>;

const num = (v: unknown): number | '' => (typeof v === 'number' ? v : '');
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const numOrUndefined = (v: number | string) => (v === '' || v === null ? undefined : Number(v));

export function StepForm({
  step,
  index,
  laterKeys,
  conditions,
  onChange,
  readOnly,
}: {
  step: Step;
  index: number;
  laterKeys: string[];
  /** What a branch's condition may use (GET /automations/catalogue). */
  conditions: CatalogueCondition[];
  onChange: (patch: Patch) => void;
  readOnly: boolean;
}) {
  const type = String(step.type);
  const id = `step-${index}`;
  if (type === 'send') return <SendForm step={step} id={id} onChange={onChange} readOnly={readOnly} />;
  if (type === 'wait') return <WaitForm step={step} onChange={onChange} readOnly={readOnly} />;
  if (type === 'branch') return <BranchForm step={step} id={id} laterKeys={laterKeys} conditions={conditions} onChange={onChange} readOnly={readOnly} />;
  if (type === 'task')
    return (
      <Stack gap="xs">
        <TextInput label={t('automations.step.reason')} value={str(step.reason)} onChange={(e) => onChange({ reason: e.currentTarget.value })} readOnly={readOnly} required />
        <Textarea
          label={t('automations.step.instructions')}
          autosize
          minRows={2}
          value={str(step.instructions)}
          onChange={(e) => onChange({ instructions: e.currentTarget.value || undefined })}
          readOnly={readOnly}
        />
        <Group wrap="wrap" gap="sm">
          <NumberInput w={160} min={0} label={t('automations.step.dueInDays')} value={num(step.dueInDays)} onChange={(v) => onChange({ dueInDays: numOrUndefined(v) })} readOnly={readOnly} />
          <Select
            w={200}
            label={t('automations.step.priority')}
            data={['low', 'normal', 'high', 'urgent'].map((p) => ({ value: p, label: tDynamic('labels.taskPriority', p) }))}
            value={str(step.priority) || null}
            onChange={(v) => onChange({ priority: v ?? undefined })}
            readOnly={readOnly}
            clearable
          />
          <Select
            w={220}
            label={t('automations.step.assignTo')}
            data={['owner', 'staff', 'team'].map((p) => ({ value: p, label: tDynamic('automations.step.assign', p) }))}
            value={str(step.assignTo) || null}
            onChange={(v) => onChange({ assignTo: v ?? undefined })}
            readOnly={readOnly}
            clearable
          />
        </Group>
      </Stack>
    );
  if (type === 'door_alert')
    return (
      <Stack gap="xs">
        <Text size="sm" c="dark.6">
          {t('automations.step.doorExplain')}
        </Text>
        <TextInput label={t('automations.step.message')} value={str(step.message)} onChange={(e) => onChange({ message: e.currentTarget.value || undefined })} readOnly={readOnly} />
        <NumberInput w={200} min={1} label={t('automations.step.withinDays')} value={num(step.withinDays)} onChange={(v) => onChange({ withinDays: numOrUndefined(v) })} readOnly={readOnly} />
      </Stack>
    );
  return (
    <Text size="sm" c="dark.6">
      {t('automations.step.exitExplain')}
    </Text>
  );
}

const UNIT = { days: 86_400, hours: 3_600, minutes: 60 } as const;

/** The API keeps a wait as seconds (and atLocalTime): shown as days, hours and minutes, saved as seconds. */
function WaitForm({ step, onChange, readOnly }: { step: Step; onChange: (patch: Patch) => void; readOnly: boolean }) {
  const total =
    (typeof step.seconds === 'number' ? step.seconds : 0) +
    (Object.keys(UNIT) as Array<keyof typeof UNIT>).reduce((sum, u) => sum + (typeof step[u] === 'number' ? (step[u] as number) * UNIT[u] : 0), 0);
  const parts = { days: Math.floor(total / UNIT.days), hours: Math.floor((total % UNIT.days) / UNIT.hours), minutes: Math.floor((total % UNIT.hours) / UNIT.minutes) };
  const rest = total % UNIT.minutes;
  const set = (unit: keyof typeof UNIT, v: number | string) => {
    const next = { ...parts, [unit]: Math.max(0, Math.floor(Number(v) || 0)) };
    onChange({ seconds: next.days * UNIT.days + next.hours * UNIT.hours + next.minutes * UNIT.minutes + rest, days: undefined, hours: undefined, minutes: undefined });
  };
  return (
    <Group align="flex-end" wrap="wrap" gap="sm">
      {(Object.keys(UNIT) as Array<keyof typeof UNIT>).map((u) => (
        <NumberInput key={u} w={110} min={0} allowDecimal={false} label={t(`automations.step.${u}`)} value={parts[u]} onChange={(v) => set(u, v)} readOnly={readOnly} />
      ))}
      <TextInput
        w={170}
        label={t('automations.step.atLocalTime')}
        placeholder="HH:MM"
        value={str(step.atLocalTime)}
        onChange={(e) => onChange({ atLocalTime: e.currentTarget.value || undefined })}
        readOnly={readOnly}
      />
    </Group>
  );
}

const ORDER = ['subject', 'title', 'text', 'body', 'html'];
const rank = (f: string) => (ORDER.includes(f) ? ORDER.indexOf(f) : ORDER.length);

function TemplateFields({ template, onChange, readOnly, channel }: { template: Record<string, unknown>; onChange: (template: Record<string, unknown>) => void; readOnly: boolean; channel: string }) {
  // the template's own fields (subject and text for email, text for SMS...), whatever they are
  const present = Object.keys(template).length ? Object.keys(template) : channel === 'email' ? ['subject', 'text'] : ['text'];
  // as a message reads: subject or title first, then the body
  const fields = [...present].sort((a, b) => rank(a) - rank(b));
  return (
    <Stack gap="xs">
      {fields.map((f) =>
        f === 'subject' ? (
          <TextInput key={f} label={tDynamic('automations.step.template', f)} value={str(template[f])} onChange={(e) => onChange({ ...template, [f]: e.currentTarget.value })} readOnly={readOnly} />
        ) : (
          <Textarea
            key={f}
            label={tDynamic('automations.step.template', f)}
            autosize
            minRows={2}
            maxRows={8}
            value={str(template[f])}
            onChange={(e) => onChange({ ...template, [f]: e.currentTarget.value })}
            readOnly={readOnly}
          />
        ),
      )}
    </Stack>
  );
}

function SendForm({ step, id, onChange, readOnly }: { step: Step; id: string; onChange: (patch: Patch) => void; readOnly: boolean }) {
  const channel = str(step.channel);
  const variants = Array.isArray(step.variants) ? (step.variants as Array<{ key: string; weight?: number; template: Record<string, unknown> }>) : null;
  return (
    <Stack gap="xs">
      <Group wrap="wrap" gap="sm">
        <Select
          w={180}
          label={t('automations.step.channel')}
          data={['email', 'sms', 'mailchimp', 'push'].map((c) => ({ value: c, label: tDynamic('labels.channel', c) }))}
          value={channel || null}
          onChange={(v) => onChange({ channel: v ?? undefined })}
          readOnly={readOnly}
          allowDeselect={false}
        />
        <Select
          w={240}
          label={t('automations.step.quietHours')}
          data={['defer', 'drop'].map((q) => ({ value: q, label: tDynamic('automations.step.quiet', q) }))}
          value={str(step.quietHours) || null}
          onChange={(v) => onChange({ quietHours: v ?? undefined })}
          readOnly={readOnly}
          clearable
        />
      </Group>
      {variants && variants.length === 1 ? (
        <TemplateFields channel={channel} template={variants[0].template ?? {}} readOnly={readOnly} onChange={(template) => onChange({ variants: [{ ...variants[0], template }] })} />
      ) : variants ? (
        variants.map((v, i) => (
          <Stack key={v.key} gap={4} pl="sm" style={{ borderLeft: '3px solid var(--mantine-color-gray-3)' }} aria-labelledby={`${id}-variant-${i}`}>
            <Text size="sm" fw={600} id={`${id}-variant-${i}`}>
              {t('automations.step.variant', { key: v.key })}
            </Text>
            <TemplateFields
              channel={channel}
              template={v.template ?? {}}
              readOnly={readOnly}
              onChange={(template) => onChange({ variants: variants.map((x, j) => (j === i ? { ...x, template } : x)) })}
            />
          </Stack>
        ))
      ) : (
        <TemplateFields channel={channel} template={(step.template as Record<string, unknown>) ?? {}} readOnly={readOnly} onChange={(template) => onChange({ template })} />
      )}
    </Stack>
  );
}

/** The branch's tree as the API takes it; a root group of one plain condition is sent as that condition. */
function branchTree(root: GroupNode, byType: ReadonlyMap<string, CatalogueCondition>): ApiTree {
  return root.kind === 'and' && !root.negate && root.children.length === 1 ? toApi(root.children[0], byType) : toApi(root, byType);
}

/**
 * A branch: its condition built with the segment builder's tree editor over the branch's own
 * catalogue (the automation's conditions such as "visited since the trigger", and every segment
 * condition), then where each outcome goes.
 */
function BranchForm({
  step,
  id,
  laterKeys,
  conditions,
  onChange,
  readOnly,
}: {
  step: Step;
  id: string;
  laterKeys: string[];
  conditions: CatalogueCondition[];
  onChange: (patch: Patch) => void;
  readOnly: boolean;
}) {
  const [root, setRoot] = useState<GroupNode>(() => rootFromApi((step.condition as ApiTree | undefined) ?? { and: [] }));
  const byType = useMemo(() => new Map(conditions.map((c) => [c.type, c])), [conditions]);
  const update = (nodeId: string, fn: (n: Node) => Node | undefined) => {
    const next = (updateNode(root, nodeId, fn) as GroupNode | undefined) ?? { ...root, children: [] };
    setRoot(next);
    onChange({ condition: branchTree(next, byType) });
  };
  const targets = [
    { value: 'next', label: t('automations.step.toNext') },
    { value: 'exit', label: t('automations.step.toExit') },
    ...laterKeys.map((k) => ({ value: k, label: t('automations.step.toStep', { key: k }) })),
  ];
  return (
    <Stack gap="xs">
      <Stack gap={4}>
        <Text size="sm" fw={500} id={`${id}-condition`}>
          {t('automations.step.condition')}
        </Text>
        <Text size="xs" c="dark.6">
          {t('automations.step.conditionHelp')}
        </Text>
        {readOnly ? (
          <fieldset disabled style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
            <TreeEditor root={root} label={t('automations.step.conditionOf', { key: String(step.key) })} byType={byType} catalogue={conditions} update={() => undefined} readOnly />
          </fieldset>
        ) : (
          <TreeEditor root={root} label={t('automations.step.conditionOf', { key: String(step.key) })} byType={byType} catalogue={conditions} update={update} />
        )}
      </Stack>
      <Group wrap="wrap" gap="sm">
        <Select
          w={240}
          label={t('automations.step.then')}
          data={targets}
          value={str(step.then) || 'next'}
          onChange={(v) => onChange({ then: v === 'next' ? undefined : (v ?? undefined) })}
          readOnly={readOnly}
          allowDeselect={false}
        />
        <Select
          w={240}
          label={t('automations.step.else')}
          data={targets}
          value={str(step.else) || 'next'}
          onChange={(v) => onChange({ else: v === 'next' ? undefined : (v ?? undefined) })}
          readOnly={readOnly}
          allowDeselect={false}
        />
      </Group>
    </Stack>
  );
}
