import { ActionIcon, Badge, Box, Button, Group, Paper, SegmentedControl, Select, Stack, Switch, Text } from '@mantine/core';
import { IconFolderPlus, IconTrash } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { t } from '../../i18n/i18n';
import { ConditionForm } from './ConditionForm';
import { defaultParams, missingParams, newId, type CatalogueCondition, type Group as GroupNode, type Leaf, type Node } from './tree';

interface EditorProps {
  byType: ReadonlyMap<string, CatalogueCondition>;
  catalogue: CatalogueCondition[];
  /** Replace the node with this id (undefined removes it). */
  update: (id: string, fn: (n: Node) => Node | undefined) => void;
  /** Shown for reading: no picker, no add or remove buttons (wrap it in a disabled fieldset for the fields). */
  readOnly?: boolean;
}

/**
 * The root group and everything under it: AND / OR / NOT groups of conditions picked from the
 * catalogue given (the segment builder's, or an automation branch's), each condition's form built
 * from the catalogue's description of its parameters.
 */
export function TreeEditor({ root, label, ...props }: { root: GroupNode; /** The tree's accessible name (default "Conditions"). */ label?: string } & EditorProps) {
  return (
    <Stack gap="sm" aria-label={label ?? t('segments.builder.treeLabel')} role="group">
      <GroupEditor node={root} depth={0} {...props} />
    </Stack>
  );
}

function GroupEditor({ node, depth, byType, catalogue, update, readOnly }: { node: GroupNode; depth: number } & EditorProps) {
  const add = (child: Node) => update(node.id, (n) => ({ ...(n as GroupNode), children: [...(n as GroupNode).children, child] }));
  return (
    <Paper withBorder p="sm" radius="md" bg={depth % 2 ? 'gray.0' : undefined} data-testid="segment-group" data-depth={depth}>
      <Group justify="space-between" mb="xs" wrap="wrap" gap="xs">
        <Group gap="sm" wrap="wrap">
          <SegmentedControl
            size="xs"
            aria-label={t('segments.builder.groupKind')}
            data={[
              { value: 'and', label: t('segments.builder.all') },
              { value: 'or', label: t('segments.builder.any') },
            ]}
            value={node.kind}
            onChange={(v) => update(node.id, (n) => ({ ...(n as GroupNode), kind: v as 'and' | 'or' }))}
          />
          {depth > 0 ? <NotSwitch node={node} update={update} /> : null}
        </Group>
        {depth > 0 && !readOnly ? (
          <ActionIcon variant="subtle" color="red" aria-label={t('segments.builder.removeGroup')} onClick={() => update(node.id, () => undefined)}>
            <IconTrash size={16} />
          </ActionIcon>
        ) : null}
      </Group>
      <Stack gap="xs">
        {node.children.length === 0 ? (
          <Text size="sm" c="dimmed">
            {depth === 0 ? t('segments.builder.empty') : t('segments.builder.emptyGroup')}
          </Text>
        ) : null}
        {node.children.map((c, i) => (
          <Box key={c.id}>
            {i > 0 ? (
              <Badge size="xs" variant="light" color="gray" mb={4}>
                {node.kind === 'and' ? 'AND' : 'OR'}
              </Badge>
            ) : null}
            {c.kind === 'leaf' ? (
              <LeafEditor node={c} byType={byType} update={update} readOnly={readOnly} />
            ) : (
              <GroupEditor node={c} depth={depth + 1} byType={byType} catalogue={catalogue} update={update} readOnly={readOnly} />
            )}
          </Box>
        ))}
        {readOnly ? null : (
          <Group gap="xs" align="flex-end" wrap="wrap">
            <ConditionPicker catalogue={catalogue} onPick={(c) => add({ id: newId(), kind: 'leaf', negate: false, type: c.type, params: defaultParams(c) })} />
            {depth < 4 ? (
              <Button
                size="xs"
                variant="default"
                leftSection={<IconFolderPlus size={16} />}
                onClick={() => add({ id: newId(), kind: node.kind === 'and' ? 'or' : 'and', negate: false, children: [] })}
              >
                {t('segments.builder.addGroup')}
              </Button>
            ) : null}
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

function NotSwitch({ node, update }: { node: Node; update: EditorProps['update'] }) {
  return (
    <Switch
      size="xs"
      label={t('segments.builder.not')}
      title={t('segments.builder.notHint')}
      checked={node.negate}
      onChange={(e) => {
        const negate = e.currentTarget.checked;
        update(node.id, (n) => ({ ...n, negate }));
      }}
    />
  );
}

function LeafEditor({ node, byType, update, readOnly }: { node: Leaf; byType: ReadonlyMap<string, CatalogueCondition>; update: EditorProps['update']; readOnly?: boolean }) {
  const c = byType.get(node.type);
  const missing = missingParams(node, c);
  return (
    <Paper withBorder p="xs" radius="sm" data-testid="segment-condition" data-condition={node.type} style={node.negate ? { borderColor: 'var(--mantine-color-orange-6)' } : undefined}>
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
        <Stack gap={2} style={{ flex: 1 }}>
          <Group gap="xs" wrap="wrap">
            {node.negate ? (
              <Badge size="sm" color="orange" variant="light">
                NOT
              </Badge>
            ) : null}
            <Text fw={600} size="sm">
              {c?.label ?? node.type}
            </Text>
            <NotSwitch node={node} update={update} />
          </Group>
          {c ? (
            <Text size="xs" c="gray.7">
              {c.description}
            </Text>
          ) : null}
          {c ? <ConditionForm condition={c} params={node.params} missing={missing} onChange={(params) => update(node.id, (n) => ({ ...(n as Leaf), params }))} /> : null}
        </Stack>
        {readOnly ? null : (
          <ActionIcon variant="subtle" color="red" aria-label={t('segments.builder.removeCondition', { label: c?.label ?? node.type })} onClick={() => update(node.id, () => undefined)}>
            <IconTrash size={16} />
          </ActionIcon>
        )}
      </Group>
    </Paper>
  );
}

const GROUP_ORDER = ['subscriptions', 'activity', 'person', 'risk', 'messaging', 'passes'];

/** The catalogue, searchable by label and description, grouped as the catalogue groups it. */
function ConditionPicker({ catalogue, onPick }: { catalogue: CatalogueCondition[]; onPick: (c: CatalogueCondition) => void }) {
  const data = useMemo(() => {
    const groups = [...new Set(catalogue.map((c) => c.group))].sort((a, b) => GROUP_ORDER.indexOf(a) - GROUP_ORDER.indexOf(b));
    return groups.map((g) => ({
      group: g.charAt(0).toUpperCase() + g.slice(1),
      items: catalogue.filter((c) => c.group === g).map((c) => ({ value: c.type, label: c.label })),
    }));
  }, [catalogue]);
  const byType = useMemo(() => new Map(catalogue.map((c) => [c.type, c])), [catalogue]);
  const [search, setSearch] = useState('');
  return (
    <Select
      size="xs"
      w={300}
      aria-label={t('segments.builder.addCondition')}
      placeholder={t('segments.builder.addConditionHint')}
      searchable
      data={data}
      value={null}
      searchValue={search}
      onSearchChange={setSearch}
      maxDropdownHeight={320}
      nothingFoundMessage="–"
      filter={({ options, search }) => {
        const q = search.trim().toLowerCase();
        if (!q) return options;
        const keep = (o: { value: string; label: string }) => o.label.toLowerCase().includes(q) || (byType.get(o.value)?.description.toLowerCase().includes(q) ?? false);
        return (options as Array<{ group: string; items: Array<{ value: string; label: string }> }>).map((g) => ({ ...g, items: g.items.filter(keep) })).filter((g) => g.items.length > 0);
      }}
      onChange={(v) => {
        const c = v ? byType.get(v) : undefined;
        if (c) onPick(c);
        setSearch('');
      }}
      data-testid="condition-picker"
    />
  );
}
