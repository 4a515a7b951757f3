import { Anchor, Badge, Button, Paper, Table, Text, Tooltip } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useSegments } from '../../api/segments';
import { useSession } from '../../api/session';
import { ListTable } from '../../components/ListTable';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { formatNumber, formatRelative } from '../../format';
import { t } from '../../i18n/i18n';

/** /segments: the saved segments with their member counts and last evaluation (slow ones flagged). */
export default function SegmentsPage() {
  const list = useSegments();
  const role = useSession().data?.role;
  const mayEdit = role === 'admin' || role === 'marketer';
  return (
    <>
      <PageHeader
        title={t('segments.title')}
        subtitle={t('segments.subtitle')}
        actions={
          mayEdit ? (
            <Button component={Link} to="/segments/new" leftSection={<IconPlus size={16} />}>
              {t('segments.newSegment')}
            </Button>
          ) : null
        }
      />
      <QueryState query={list}>
        {(data) => (
          <Paper withBorder>
            <ListTable
              items={data.items}
              minWidth={560}
              aria-label={t('segments.list.label')}
              data-testid="segments-table"
              verticalSpacing="sm"
              highlightOnHover
              columns={[t('segments.list.name'), { label: t('segments.list.members'), ta: 'right', w: 120 }, { label: t('segments.list.evaluated'), w: 220 }]}
              empty={
                <Text p="xl" ta="center" c="gray.7">
                  {t('segments.empty')}
                </Text>
              }
              row={(s) => (
                <Table.Tr key={s.id} data-testid="segment-row">
                  <Table.Td>
                    <Anchor component={Link} to={`/segments/${s.id}`} fw={600} c="teal.9">
                      {s.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td ta="right" data-testid="segment-member-count">
                    <Anchor component={Link} to={`/segments/${s.id}/members`} c="teal.9">
                      {formatNumber(s.memberCount)}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    {s.evaluatedAt ? formatRelative(s.evaluatedAt) : t('segments.list.never')}{' '}
                    {s.slow ? (
                      <Tooltip label={t('segments.list.slowHint', { ms: s.evaluationMs ?? 0 })}>
                        <Badge size="sm" color="orange" variant="light">
                          {t('segments.list.slow')}
                        </Badge>
                      </Tooltip>
                    ) : null}
                    {s.lastError ? (
                      <Tooltip label={s.lastError}>
                        <Badge size="sm" color="red" variant="light">
                          {t('segments.list.failed')}
                        </Badge>
                      </Tooltip>
                    ) : null}
                  </Table.Td>
                </Table.Tr>
              )}
            />
          </Paper>
        )}
      </QueryState>
    </>
  );
}
