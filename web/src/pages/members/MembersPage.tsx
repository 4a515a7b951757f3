import { Anchor, Badge, Box, Button, Checkbox, Collapse, Group, MultiSelect, NumberInput, Paper, Select, SimpleGrid, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconAdjustmentsHorizontal, IconChecklist, IconMail, IconSearch, IconX } from '@tabler/icons-react';
import { useEffect, useMemo, useState } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { BANDS, STATUSES, TAGS, useLocations, useMemberCount, useMembers, useStaffList, type ClientListItem, type MemberFilters } from '../../api/members';
import { useSession } from '../../api/session';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { BandBadge } from '../../components/StatusBadge';
import { formatDay, formatPercent } from '../../format';
import { t, tDynamic } from '../../i18n/i18n';
import { CreateTasksModal } from './CreateTasksModal';
import { activeFilterCount, filtersFromParams, MORE_FILTERS, withFilter } from './filters';
import { MemberStatus } from './MemberStatus';
import { memberName, mayCreateTasks, maySendMessages } from './member-roles';
import { reasonsText } from './reasons';
import { SendMessageModal } from './SendMessageModal';

/** The client list with the risk filters (all in the URL), the reason in words, and actions on selected rows. */
export default function MembersPage() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => filtersFromParams(params), [params]);
  const after = params.get('after') ?? undefined;
  const location = useLocation();
  const navigate = useNavigate();
  // the cursors of the pages before this one, so "Previous page" goes back exactly
  const trail: string[] = (location.state as { trail?: string[] } | null)?.trail ?? [];
  const role = useSession().data?.role;
  const list = useMembers(filters, after);
  const count = useMemberCount(filters);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [modal, setModal] = useState<'tasks' | 'message' | null>(null);
  const key = params.toString();
  useEffect(() => setSelected(new Set()), [key]);

  const set = (k: keyof MemberFilters, v: string | string[] | number | null | undefined) => setParams(withFilter(params, k, v), { replace: true });
  const go = (cursor: string | undefined, nextTrail: string[]) => {
    const next = new URLSearchParams(params);
    if (cursor) next.set('after', cursor);
    else next.delete('after');
    navigate({ search: next.toString() }, { state: { trail: nextTrail } });
  };

  const items = list.data?.items ?? [];
  const allOnPage = items.length > 0 && items.every((c) => selected.has(c.id));
  const toggle = (id: string) =>
    setSelected((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });

  return (
    <>
      <PageHeader title={t('members.title')} subtitle={t('members.subtitle')} />
      <Filters filters={filters} set={set} clear={() => setParams(new URLSearchParams(params.get('q') ? { q: params.get('q')! } : {}), { replace: true })} />

      <Group justify="space-between" mt="md" mb="xs" wrap="wrap" gap="xs" mih={36}>
        <Text fw={600} data-testid="member-count" aria-live="polite">
          {count.data ? t('members.count', { count: count.data.count }) : t('members.countLoading')}
        </Text>
        {selected.size > 0 ? (
          <Group gap="xs" data-testid="selection-bar">
            <Text size="sm">{t('members.selection.selected', { count: selected.size })}</Text>
            {mayCreateTasks(role) ? (
              <Button size="xs" leftSection={<IconChecklist size={16} />} onClick={() => setModal('tasks')}>
                {t('members.selection.createTasks')}
              </Button>
            ) : null}
            {maySendMessages(role) ? (
              <Button size="xs" variant="light" leftSection={<IconMail size={16} />} onClick={() => setModal('message')}>
                {t('members.selection.sendMessage')}
              </Button>
            ) : null}
            <Button size="xs" variant="subtle" color="gray" onClick={() => setSelected(new Set())}>
              {t('members.selection.clear')}
            </Button>
          </Group>
        ) : null}
      </Group>

      <QueryState query={list}>
        {(page) =>
          page.items.length === 0 ? (
            <Paper withBorder p="xl" ta="center">
              <Text fw={600}>{t('members.table.empty')}</Text>
              <Text c="dimmed" size="sm">
                {t('members.table.emptyHint')}
              </Text>
            </Paper>
          ) : (
            <Paper withBorder>
              <Table.ScrollContainer minWidth={900}>
                <Table verticalSpacing="sm" highlightOnHover data-testid="members-table" aria-label={t('members.table.caption')} style={{ opacity: list.isPlaceholderData ? 0.6 : 1 }}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th w={40}>
                        {mayCreateTasks(role) || maySendMessages(role) ? (
                          <Checkbox
                            aria-label={t('members.table.selectAll')}
                            checked={allOnPage}
                            indeterminate={!allOnPage && items.some((c) => selected.has(c.id))}
                            onChange={() => setSelected(allOnPage ? new Set() : new Set(items.map((c) => c.id)))}
                          />
                        ) : null}
                      </Table.Th>
                      <Table.Th>{t('members.table.name')}</Table.Th>
                      <Table.Th w={150}>{t('members.table.status')}</Table.Th>
                      <Table.Th w={110}>{t('members.table.health')}</Table.Th>
                      <Table.Th w={90} ta="right" style={{ whiteSpace: 'nowrap' }}>
                        {t('members.table.churn')}
                      </Table.Th>
                      <Table.Th w={120} style={{ whiteSpace: 'nowrap' }}>
                        {t('members.table.lastVisit')}
                      </Table.Th>
                      <Table.Th>{t('members.table.why')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {page.items.map((c) => (
                      <MemberRow key={c.id} c={c} selectable={mayCreateTasks(role) || maySendMessages(role)} selected={selected.has(c.id)} onToggle={() => toggle(c.id)} />
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </Paper>
          )
        }
      </QueryState>

      <Group justify="flex-end" mt="md" gap="xs" component="nav" aria-label={t('members.paging.label')}>
        {after ? (
          <>
            <Button variant="subtle" size="xs" onClick={() => go(undefined, [])}>
              {t('members.paging.first')}
            </Button>
            <Button variant="default" size="xs" onClick={() => go(trail[trail.length - 1] || undefined, trail.slice(0, -1))}>
              {t('members.paging.previous')}
            </Button>
          </>
        ) : null}
        {list.data?.nextCursor ? (
          <Button variant="default" size="xs" onClick={() => go(list.data!.nextCursor!, [...trail, after ?? ''])}>
            {t('members.paging.next')}
          </Button>
        ) : null}
      </Group>

      <CreateTasksModal opened={modal === 'tasks'} onClose={() => setModal(null)} clientIds={[...selected]} onDone={() => setSelected(new Set())} />
      {maySendMessages(role) ? <SendMessageModal opened={modal === 'message'} onClose={() => setModal(null)} clientIds={[...selected]} /> : null}
    </>
  );
}

function MemberRow({ c, selectable, selected, onToggle }: { c: ClientListItem; selectable: boolean; selected: boolean; onToggle: () => void }) {
  const name = memberName(c);
  return (
    <Table.Tr data-testid="member-row" bg={selected ? 'var(--mantine-color-teal-0)' : undefined}>
      <Table.Td>{selectable ? <Checkbox aria-label={t('members.table.selectRow', { name })} checked={selected} onChange={onToggle} /> : null}</Table.Td>
      <Table.Td maw={220}>
        <Anchor component={Link} to={`/members/${c.id}`} fw={600} c="teal.9" style={{ overflowWrap: 'anywhere' }}>
          {name}
        </Anchor>
        {c.email ? (
          <Text size="xs" c="gray.7" truncate maw={210}>
            {c.email}
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td data-testid="member-status" style={{ whiteSpace: 'nowrap' }}>
        <MemberStatus status={c.status} reasons={c.reasons} />
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>{c.healthBand ? <BandBadge band={c.healthBand} /> : <Text c="dimmed">–</Text>}</Table.Td>
      <Table.Td ta="right">{c.churnProbability === null ? '–' : formatPercent(c.churnProbability / 100)}</Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>{c.lastVisitOn ? formatDay(c.lastVisitOn) : t('members.table.never')}</Table.Td>
      <Table.Td>
        <Text size="sm" data-testid="member-why">
          {reasonsText(c.reasons)}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}

function Filters({ filters, set, clear }: { filters: MemberFilters; set: (k: keyof MemberFilters, v: string | string[] | number | null | undefined) => void; clear: () => void }) {
  const staff = useStaffList();
  const locations = useLocations();
  const more = MORE_FILTERS.some((k) => filters[k] !== undefined);
  const [open, setOpen] = useState(more);
  const [q, setQ] = useState(filters.q ?? '');
  const [debounced] = useDebouncedValue(q, 300);
  useEffect(() => {
    if ((debounced.trim() || undefined) !== filters.q) set('q', debounced.trim());
    // on a new debounced value only; the next effect follows the URL
  }, [debounced]);
  useEffect(() => setQ(filters.q ?? ''), [filters.q]);
  const on = activeFilterCount(filters);
  const options = (codes: readonly string[], prefix: string) => codes.map((value) => ({ value, label: tDynamic(prefix, value) }));
  const num = (v: string | number) => (v === '' ? null : Number(v));

  return (
    <Paper withBorder p="md" component="section" aria-label={t('members.filters.title')}>
      <Group align="flex-end" gap="sm" wrap="wrap">
        <TextInput
          label={t('members.searchLabel')}
          placeholder={t('members.searchPlaceholder')}
          leftSection={<IconSearch size={16} />}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          w={260}
          type="search"
        />
        <MultiSelect
          label={t('members.filters.status')}
          placeholder={filters.status?.length ? undefined : t('members.filters.any')}
          data={options(STATUSES, 'labels.status')}
          value={filters.status ?? []}
          onChange={(v) => set('status', v)}
          w={260}
          clearable
        />
        <MultiSelect
          label={t('members.filters.band')}
          placeholder={filters.band?.length ? undefined : t('members.filters.any')}
          data={options(BANDS, 'labels.band')}
          value={filters.band ?? []}
          onChange={(v) => set('band', v)}
          w={200}
          clearable
        />
        <Button variant="subtle" leftSection={<IconAdjustmentsHorizontal size={16} />} onClick={() => setOpen((o) => !o)} aria-expanded={open} aria-controls="more-filters">
          {open ? t('members.filters.fewer') : t('members.filters.more')}
        </Button>
        {on > 0 ? (
          <Group gap={6}>
            <Badge variant="light" color="teal" size="lg" radius="sm">
              {t('members.filters.active', { count: on })}
            </Badge>
            <Button variant="subtle" color="gray" size="xs" leftSection={<IconX size={14} />} onClick={clear}>
              {t('members.filters.clear')}
            </Button>
          </Group>
        ) : null}
      </Group>
      <Collapse expanded={open}>
        <Box id="more-filters" pt="md">
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm">
            <MultiSelect
              label={t('members.filters.tags')}
              placeholder={filters.tags?.length ? undefined : t('members.filters.any')}
              data={options(TAGS, 'labels.tag')}
              value={filters.tags ?? []}
              onChange={(v) => set('tags', v)}
              clearable
            />
            <Select
              label={t('members.filters.location')}
              placeholder={t('members.filters.any')}
              data={(locations.data?.items ?? []).map((l) => ({ value: l.id, label: l.name }))}
              value={filters.location ?? null}
              onChange={(v) => set('location', v)}
              clearable
              searchable
            />
            <Select
              label={t('members.filters.owner')}
              placeholder={t('members.filters.any')}
              data={(staff.data?.items ?? []).map((s) => ({ value: s.id, label: s.name ?? s.email ?? s.externalId }))}
              value={filters.owner ?? null}
              onChange={(v) => set('owner', v)}
              clearable
              searchable
            />
            <Box />
            <NumberInput label={t('members.filters.churnMin')} min={0} max={100} value={filters.churnMin ?? ''} onChange={(v) => set('churnMin', num(v))} />
            <NumberInput label={t('members.filters.churnMax')} min={0} max={100} value={filters.churnMax ?? ''} onChange={(v) => set('churnMax', num(v))} />
            <NumberInput label={t('members.filters.expectedMin')} min={0} decimalScale={1} value={filters.expectedMin ?? ''} onChange={(v) => set('expectedMin', num(v))} />
            <NumberInput label={t('members.filters.expectedMax')} min={0} decimalScale={1} value={filters.expectedMax ?? ''} onChange={(v) => set('expectedMax', num(v))} />
            <TextInput type="date" label={t('members.filters.joinedFrom')} value={filters.joinedFrom ?? ''} onChange={(e) => set('joinedFrom', e.currentTarget.value)} />
            <TextInput type="date" label={t('members.filters.joinedTo')} value={filters.joinedTo ?? ''} onChange={(e) => set('joinedTo', e.currentTarget.value)} />
            <TextInput type="date" label={t('members.filters.statusChangedFrom')} value={filters.statusChangedFrom ?? ''} onChange={(e) => set('statusChangedFrom', e.currentTarget.value)} />
            <TextInput type="date" label={t('members.filters.statusChangedTo')} value={filters.statusChangedTo ?? ''} onChange={(e) => set('statusChangedTo', e.currentTarget.value)} />
          </SimpleGrid>
        </Box>
      </Collapse>
    </Paper>
  );
}
