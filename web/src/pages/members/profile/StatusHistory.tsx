import { Button, Group, Text, Timeline } from '@mantine/core';
import { useState } from 'react';
import { useStatusHistory } from '../../../api/members';
import { QueryState } from '../../../components/QueryState';
import { StatusBadge } from '../../../components/StatusBadge';
import { formatDateTime } from '../../../format';
import { t, tDynamic } from '../../../i18n/i18n';
import { formatInstantDay } from '../dates';
import { Empty, Section } from './Section';

/** Every status change, newest first: the last eight, or all on request. */
export function StatusHistory({ clientId }: { clientId: string }) {
  const history = useStatusHistory(clientId);
  const [all, setAll] = useState(false);
  return (
    <Section title={t('members.profile.statusHistory')} testId="status-history">
      <QueryState query={history}>
        {(h) => {
          if (!h.items.length) return <Empty>{t('members.profile.historyEmpty')}</Empty>;
          // newest first by when it happened (a replayed history is not written in time order)
          const items = [...h.items].sort((a, b) => new Date(b.changedAt).getTime() - new Date(a.changedAt).getTime() || Number(b.id) - Number(a.id));
          const shown = all ? items : items.slice(0, 8);
          return (
            <>
              <Timeline bulletSize={14} lineWidth={2} active={0} color="teal">
                {shown.map((ch) => (
                  <Timeline.Item
                    key={ch.id}
                    title={
                      <Group gap={6} wrap="wrap">
                        {ch.from ? (
                          <>
                            <StatusBadge status={ch.from} />
                            <Text span aria-hidden="true">
                              →
                            </Text>
                          </>
                        ) : null}
                        <StatusBadge status={ch.to} />
                      </Group>
                    }
                  >
                    <Text size="xs" c="dimmed">
                      {ch.reason === 'manual' ? formatDateTime(ch.changedAt) : formatInstantDay(ch.changedAt)} · {tDynamic('members.profile.historyReasons', ch.reason)}
                    </Text>
                    {ch.note ? <Text size="sm">“{ch.note}”</Text> : null}
                  </Timeline.Item>
                ))}
              </Timeline>
              {items.length > shown.length || all ? (
                <Button variant="subtle" size="xs" mt="xs" onClick={() => setAll((a) => !a)}>
                  {all ? t('members.profile.historyFewer') : t('members.profile.historyAll', { count: items.length })}
                </Button>
              ) : null}
            </>
          );
        }}
      </QueryState>
    </Section>
  );
}
