import { Anchor, Button, Group, Paper, Table, Text } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router';
import { useSegment, useSegmentMembers } from '../../api/segments';
import { ListTable } from '../../components/ListTable';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { StatusBadge } from '../../components/StatusBadge';
import { formatDateTime, formatRelative } from '../../format';
import { t } from '../../i18n/i18n';
import { personName } from './SegmentBuilderPage';

/** /segments/:id/members: a saved segment's members as of its last evaluation, 50 a page. */
export default function SegmentMembersPage() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const after = params.get('after') ?? undefined;
  const navigate = useNavigate();
  const location = useLocation();
  const trail: string[] = (location.state as { trail?: string[] } | null)?.trail ?? [];
  const segment = useSegment(id);
  const members = useSegmentMembers(id, after);
  const go = (cursor: string | undefined, nextTrail: string[]) => navigate({ search: cursor ? `?after=${cursor}` : '' }, { state: { trail: nextTrail } });
  const s = segment.data;
  return (
    <>
      <PageHeader
        title={s ? t('segments.members.title', { name: s.name }) : t('segments.title')}
        subtitle={s ? t('segments.members.subtitle', { when: s.evaluatedAt ? formatRelative(s.evaluatedAt) : t('segments.list.never') }) : undefined}
        actions={
          <Button component={Link} to={`/segments/${id}`} variant="default" leftSection={<IconArrowLeft size={16} />}>
            {t('segments.members.back')}
          </Button>
        }
      />
      <QueryState query={members}>
        {(page) => (
          <Paper withBorder style={{ opacity: members.isPlaceholderData ? 0.6 : 1 }}>
            <ListTable
              items={page.items}
              minWidth={640}
              aria-label={t('segments.members.label')}
              data-testid="segment-members"
              verticalSpacing="sm"
              columns={[t('segments.members.name'), t('segments.members.email'), { label: t('segments.members.status'), w: 150 }, { label: t('segments.members.entered'), w: 200 }]}
              empty={
                <Text p="xl" ta="center" c="gray.7">
                  {t('segments.members.empty')}
                </Text>
              }
              row={(m) => (
                <Table.Tr key={m.id} data-testid="segment-member">
                  <Table.Td>
                    <Anchor component={Link} to={`/members/${m.id}`} fw={600} c="teal.9">
                      {personName(m)}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{m.email ?? '–'}</Table.Td>
                  <Table.Td>
                    <StatusBadge status={m.status} />
                  </Table.Td>
                  <Table.Td>{formatDateTime(m.enteredAt)}</Table.Td>
                </Table.Tr>
              )}
            />
          </Paper>
        )}
      </QueryState>
      <Group justify="flex-end" mt="md" gap="xs" component="nav" aria-label={t('segments.members.label')}>
        {after ? (
          <Button variant="subtle" size="xs" onClick={() => go(undefined, [])}>
            {t('segments.members.first')}
          </Button>
        ) : null}
        {after && trail.length > 0 ? (
          <Button variant="default" size="xs" onClick={() => go(trail[trail.length - 1] || undefined, trail.slice(0, -1))}>
            {t('members.paging.previous')}
          </Button>
        ) : null}
        {members.data?.next ? (
          <Button variant="default" size="xs" onClick={() => go(members.data!.next!, [...trail, after ?? ''])}>
            {t('segments.members.next')}
          </Button>
        ) : null}
      </Group>
    </>
  );
}
