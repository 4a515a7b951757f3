import { Alert, Anchor, Badge, Box, Button, Grid, Group, List, Modal, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconCheck, IconDeviceFloppy, IconPencil, IconUsers, IconX } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../api/client';
import { useSession } from '../../api/session';
import {
  useCatalogue,
  useCreateSegment,
  useDeleteSegment,
  useExplain,
  useMemberSearch,
  usePreview,
  useSegment,
  useUpdateSegment,
  type ApiTree,
  type CatalogueCondition,
  type Segment,
} from '../../api/segments';
import { ConfirmButton } from '../../components/ConfirmButton';
import { notify } from '../../components/notify';
import { PageHeader } from '../../components/PageHeader';
import { errorMessage, QueryState } from '../../components/QueryState';
import { StatusBadge } from '../../components/StatusBadge';
import { formatNumber } from '../../format';
import { t } from '../../i18n/i18n';
import { describeActual, summarize } from './describe';
import { TreeEditor } from '../../components/condition-tree/TreeEditor';
import { complete, emptyTree, rootFromApi, toApi, updateNode, type Group as GroupNode, type Node } from '../../components/condition-tree/tree';

/** How long the builder waits after an edit before it asks for the count. */
const DEBOUNCE_MS = 300;

export const personName = (c: { id: string; firstName: string | null; lastName: string | null; email?: string | null }) => [c.firstName, c.lastName].filter(Boolean).join(' ') || c.email || `#${c.id}`;

/** /segments/new and /segments/:id: the builder, the live count, "why?" and save / rename / delete. */
export default function SegmentBuilderPage() {
  const { id } = useParams();
  const catalogue = useCatalogue();
  const saved = useSegment(id);
  if (id) return <QueryState query={saved}>{(s) => <QueryState query={catalogue}>{(c) => <Builder key={s.id} segment={s} catalogue={c.conditions} />}</QueryState>}</QueryState>;
  return <QueryState query={catalogue}>{(c) => <Builder catalogue={c.conditions} />}</QueryState>;
}

function Builder({ segment, catalogue }: { segment?: Segment; catalogue: CatalogueCondition[] }) {
  const navigate = useNavigate();
  // managers may try trees and ask why (preview and explain), not save: the API says the same
  const role = useSession().data?.role;
  const mayEdit = role === 'admin' || role === 'marketer';
  const byType = useMemo(() => new Map(catalogue.map((c) => [c.type, c])), [catalogue]);
  const [root, setRoot] = useState<GroupNode>(() => (segment ? rootFromApi(segment.conditions) : emptyTree()));
  const [name, setName] = useState(segment?.name ?? '');
  const [nameError, setNameError] = useState<string | null>(null);
  const update = (nodeId: string, fn: (n: Node) => Node | undefined) => setRoot((r) => (updateNode(r, nodeId, fn) as GroupNode | undefined) ?? emptyTree());

  const ready = complete(root, byType);
  const apiTree = ready ? JSON.stringify(toApi(root, byType)) : null;
  const [debounced] = useDebouncedValue(apiTree, DEBOUNCE_MS);
  const savedTree = segment ? JSON.stringify(segment.conditions) : null;
  const changed = apiTree !== savedTree;

  const create = useCreateSegment();
  const patch = useUpdateSegment(segment?.id ?? '');
  const remove = useDeleteSegment(segment?.id ?? '');

  const save = () => {
    if (!apiTree) return;
    const conditions = JSON.parse(apiTree) as ApiTree;
    if (segment) {
      patch.mutate({ conditions }, { onSuccess: () => notify(t('segments.builder.saved')) });
      return;
    }
    if (!name.trim()) return setNameError(t('segments.builder.nameRequired'));
    create.mutate(
      { name: name.trim(), conditions },
      {
        onSuccess: (s) => {
          notify(t('segments.builder.saved'));
          navigate(`/segments/${s.id}`, { replace: true });
        },
      },
    );
  };
  const saveError = create.error ?? patch.error;

  return (
    <>
      <PageHeader
        title={segment ? t('segments.builder.editTitle', { name: segment.name }) : t('segments.builder.newTitle')}
        subtitle={t('segments.builder.subtitle')}
        actions={
          segment ? (
            <>
              <Button component={Link} to={`/segments/${segment.id}/members`} variant="default" size="sm" leftSection={<IconUsers size={16} />}>
                {t('segments.builder.membersLink', { count: formatNumber(segment.memberCount) })}
              </Button>
              {mayEdit ? <RenameButton segment={segment} /> : null}
              {mayEdit ? (
                <ConfirmButton
                  title={t('segments.builder.deleteTitle', { name: segment.name })}
                  body={t('segments.builder.deleteBody')}
                  confirmLabel={t('segments.builder.delete')}
                  loading={remove.isPending}
                  buttonProps={{ color: 'red', variant: 'light', size: 'sm' }}
                  onConfirm={() =>
                    remove.mutate(undefined, {
                      onSuccess: () => {
                        notify(t('segments.builder.deleted'));
                        navigate('/segments');
                      },
                      onError: (e) => notify(errorMessage(e), 'red'),
                    })
                  }
                >
                  {t('segments.builder.delete')}
                </ConfirmButton>
              ) : null}
            </>
          ) : null
        }
      />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Stack gap="md">
            {segment ? null : (
              <TextInput
                label={t('segments.builder.name')}
                placeholder={t('segments.builder.namePlaceholder')}
                value={name}
                error={nameError}
                maw={420}
                onChange={(e) => {
                  setName(e.currentTarget.value);
                  setNameError(null);
                }}
              />
            )}
            <TreeEditor root={root} byType={byType} catalogue={catalogue} update={update} />
            <Group gap="sm" display={mayEdit ? undefined : 'none'}>
              <Button leftSection={<IconDeviceFloppy size={16} />} disabled={!ready || (!!segment && !changed)} loading={create.isPending || patch.isPending} onClick={save}>
                {segment ? t('segments.builder.saveChanges') : t('segments.builder.save')}
              </Button>
              {saveError ? (
                <Text c="red.8" size="sm" role="alert">
                  {errorMessage(saveError)}
                </Text>
              ) : null}
            </Group>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Stack gap="md">
            <PreviewPanel tree={debounced} ready={ready} empty={root.children.length === 0} pending={apiTree !== debounced} />
            <ExplainPanel tree={debounced} byType={byType} />
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}

function problemsOf(e: unknown): string[] {
  if (!(e instanceof ApiError)) return [];
  const body = e.body as { problems?: unknown; details?: { problems?: unknown } } | undefined;
  const list = (body?.problems ?? body?.details?.problems) as Array<{ path: string; reason: string }> | undefined;
  return Array.isArray(list) ? list.map((p) => `${p.path}: ${p.reason}`) : [e.message];
}

/** The live count and the first matches, following every edit (the query is keyed by the tree). */
function PreviewPanel({ tree, ready, empty, pending }: { tree: string | null; ready: boolean; empty: boolean; pending: boolean }) {
  const preview = usePreview(tree);
  const stale = pending || preview.isPlaceholderData || preview.isFetching;
  return (
    <Paper withBorder p="md" radius="md" aria-labelledby="preview-title">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4" id="preview-title">
          {t('segments.preview.title')}
        </Title>
        {stale && ready ? (
          <Text size="xs" c="gray.7" data-testid="preview-updating">
            {t('segments.preview.updating')}
          </Text>
        ) : null}
      </Group>
      {!ready ? (
        <Text size="sm" c="gray.7">
          {empty ? t('segments.builder.empty') : t('segments.builder.incomplete')}
        </Text>
      ) : preview.isError ? (
        <Alert color="red" role="alert" title={t('segments.preview.problems')}>
          <List size="sm">
            {problemsOf(preview.error).map((p) => (
              <List.Item key={p}>{p}</List.Item>
            ))}
          </List>
        </Alert>
      ) : preview.data ? (
        <Box style={{ opacity: stale ? 0.6 : 1 }}>
          <Text fw={700} size="xl" data-testid="live-count" data-count={preview.data.count} data-tree={preview.isPlaceholderData ? '' : (tree ?? '')} aria-live="polite">
            {t('segments.preview.count', { count: preview.data.count })}
          </Text>
          <Text size="xs" c="gray.7" mb="sm">
            {t('segments.preview.took', { ms: preview.data.durationMs })}
          </Text>
          <Text size="sm" fw={600} mb={4}>
            {t('segments.preview.sample')}
          </Text>
          {preview.data.sample.length === 0 ? (
            <Text size="sm" c="gray.7">
              {t('segments.preview.sampleEmpty')}
            </Text>
          ) : (
            <Stack gap={4} data-testid="preview-sample">
              {preview.data.sample.slice(0, 10).map((c) => (
                <Group key={c.id} justify="space-between" wrap="nowrap" gap="xs">
                  <Anchor component={Link} to={`/members/${c.id}`} size="sm" c="teal.9" truncate>
                    {personName(c)}
                  </Anchor>
                  <StatusBadge status={c.status} />
                </Group>
              ))}
            </Stack>
          )}
        </Box>
      ) : (
        <Text size="sm" c="gray.7">
          {t('common.loading')}
        </Text>
      )}
    </Paper>
  );
}

/** "Why is this member in (or not)?": each node's result and the member's own value. */
function ExplainPanel({ tree, byType }: { tree: string | null; byType: ReadonlyMap<string, CatalogueCondition> }) {
  const [search, setSearch] = useState('');
  const [debouncedSearch] = useDebouncedValue(search, 250);
  const [member, setMember] = useState<{ id: string; name: string } | null>(null);
  const found = useMemberSearch(debouncedSearch);
  const explain = useExplain(tree, member?.id ?? null);
  const options = (found.data?.items ?? []).map((c) => ({ value: c.id, label: `${personName(c)}${c.email ? ` (${c.email})` : ''}` }));
  if (member && !options.some((o) => o.value === member.id)) options.unshift({ value: member.id, label: member.name });
  return (
    <Paper withBorder p="md" radius="md" aria-labelledby="explain-title">
      <Title order={2} size="h4" id="explain-title" mb="xs">
        {t('segments.explain.title')}
      </Title>
      <Select
        label={t('segments.explain.pick')}
        placeholder={t('segments.explain.pickPlaceholder')}
        searchable
        clearable
        data={options}
        filter={({ options: o }) => o}
        searchValue={search}
        onSearchChange={setSearch}
        value={member?.id ?? null}
        onChange={(v, o) => setMember(v ? { id: v, name: o.label.replace(/ \(.*\)$/, '') } : null)}
        nothingFoundMessage={debouncedSearch ? '–' : undefined}
        data-testid="explain-member"
      />
      {member && tree ? (
        <Box mt="sm" data-testid="explain-result">
          <QueryState query={explain}>
            {(e) => (
              <Stack gap="xs">
                <Text fw={600} c={e.matches ? 'teal.9' : 'red.8'} data-testid="explain-verdict">
                  {e.matches ? t('segments.explain.in', { name: member.name }) : t('segments.explain.out', { name: member.name })}
                </Text>
                <ExplainNode node={e.conditions} byType={byType} />
              </Stack>
            )}
          </QueryState>
        </Box>
      ) : null}
    </Paper>
  );
}

function ResultBadge({ result }: { result: boolean }) {
  return (
    <Badge size="sm" variant="light" color={result ? 'teal' : 'red'} style={{ flexShrink: 0 }} leftSection={result ? <IconCheck size={12} /> : <IconX size={12} />}>
      {result ? t('segments.explain.yes') : t('segments.explain.no')}
    </Badge>
  );
}

function ExplainNode({ node, byType }: { node: Record<string, unknown>; byType: ReadonlyMap<string, CatalogueCondition> }) {
  const result = node.result === true;
  for (const kind of ['and', 'or'] as const) {
    if (Array.isArray(node[kind])) {
      return (
        <Box pl="xs" style={{ borderLeft: '2px solid var(--mantine-color-gray-3)' }}>
          <Group gap="xs" mb={4}>
            <Text size="sm" fw={600}>
              {t(`segments.explain.group.${kind}`)}
            </Text>
            <ResultBadge result={result} />
          </Group>
          <Stack gap={6}>
            {(node[kind] as Array<Record<string, unknown>>).map((c, i) => (
              <ExplainNode key={i} node={c} byType={byType} />
            ))}
          </Stack>
        </Box>
      );
    }
  }
  if (node.not && typeof node.not === 'object') {
    return (
      <Box pl="xs" style={{ borderLeft: '2px solid var(--mantine-color-orange-3)' }}>
        <Group gap="xs" mb={4}>
          <Text size="sm" fw={600}>
            {t('segments.explain.group.not')}
          </Text>
          <ResultBadge result={result} />
        </Group>
        <ExplainNode node={node.not as Record<string, unknown>} byType={byType} />
      </Box>
    );
  }
  const { condition, result: _r, actual, ...params } = node;
  const c = byType.get(String(condition));
  return (
    <Box data-testid="explain-leaf" data-condition={String(condition)} data-result={String(result)}>
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <ResultBadge result={result} />
        <Stack gap={0}>
          <Text size="sm" fw={600}>
            {c?.label ?? String(condition)}
          </Text>
          <Text size="xs" c="gray.7">
            {summarize(c, params)}
          </Text>
          {actual !== undefined ? (
            <Text size="xs" data-testid="explain-actual">
              {t('segments.explain.theirValue', { value: describeActual(c, actual as Record<string, unknown> | null) })}
            </Text>
          ) : null}
        </Stack>
      </Group>
    </Box>
  );
}

function RenameButton({ segment }: { segment: Segment }) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState(segment.name);
  const patch = useUpdateSegment(segment.id);
  useEffect(() => setName(segment.name), [segment.name, open]);
  return (
    <>
      <Button variant="default" size="sm" leftSection={<IconPencil size={16} />} onClick={() => setOpen(true)}>
        {t('segments.builder.rename')}
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={t('segments.builder.renameTitle')} centered closeButtonProps={{ 'aria-label': t('common.close') }}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            patch.mutate(
              { name: name.trim() },
              {
                onSuccess: () => {
                  notify(t('segments.builder.renamed'));
                  setOpen(false);
                },
              },
            );
          }}
        >
          <Stack>
            <TextInput label={t('segments.builder.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} error={patch.error ? errorMessage(patch.error) : undefined} data-autofocus />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setOpen(false)}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={patch.isPending} disabled={!name.trim()}>
                {t('common.save')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
