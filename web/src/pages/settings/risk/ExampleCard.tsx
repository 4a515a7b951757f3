import { Badge, Box, Group, Stack, Text } from '@mantine/core';
import type { WorkedExample } from '../../../api/settings';
import { StatusBadge } from '../../../components/StatusBadge';
import { formatDay } from '../../../format';
import { t, tDynamic } from '../../../i18n/i18n';

/** One worked example: the member it describes, the status and score it gets, its tags; marked when the edit changes its status. */
export function ExampleCard({ ex, saved }: { ex: WorkedExample; saved: WorkedExample | undefined }) {
  const changed = !!saved && saved.status !== ex.status;
  const i = ex.input;
  return (
    <Box
      p="sm"
      data-testid={`example-${ex.key}`}
      data-status={ex.status}
      style={{
        border: `1px solid ${changed ? 'var(--mantine-color-orange-7)' : 'var(--mantine-color-gray-3)'}`,
        borderRadius: 'var(--mantine-radius-md)',
        background: changed ? 'var(--mantine-color-orange-0)' : undefined,
      }}
    >
      <Stack gap={4}>
        <Text fw={600} size="sm">
          {tDynamic('settings.risk.examples.keys', ex.key)}
        </Text>
        <Group gap="xs" wrap="wrap" align="center">
          <Box style={{ flexShrink: 0 }}>
            <StatusBadge status={ex.status} />
          </Box>
          <Text size="sm" fw={600}>
            {t('settings.risk.examples.score', { score: ex.score })}
          </Text>
        </Group>
        <Text size="xs" c="dark.6">
          {i.registeredOn ? t('settings.risk.examples.registered', { day: formatDay(i.registeredOn), days: i.daysRegistered ?? 0 }) : null}
          {' · '}
          {i.lastVisitOn ? t('settings.risk.examples.lastVisit', { day: formatDay(i.lastVisitOn), days: i.daysSinceLastSession ?? 0 }) : t('settings.risk.examples.noVisit')}
          {' · '}
          {t('settings.risk.examples.sessions', { count: i.sessionsLast7Days })}
        </Text>
        <Text size="xs" c="dark.6">
          {t('settings.risk.examples.scores', { lowUser: ex.scores.lowUser, absent: ex.scores.absent, newMember: ex.scores.newMember })}
        </Text>
        <Group gap={4}>
          {ex.tags.length === 0 ? (
            <Text size="xs" c="dark.6">
              {t('settings.risk.examples.noTags')}
            </Text>
          ) : (
            ex.tags.map((tag) => (
              <Badge key={tag} size="sm" variant="outline" color="dark">
                {tDynamic('labels.tag', tag)}
              </Badge>
            ))
          )}
        </Group>
        {changed ? (
          <Text size="xs" fw={600} c="orange.9" data-testid={`example-${ex.key}-changed`}>
            {t('settings.risk.examples.changed')} · {t('settings.risk.examples.was', { status: tDynamic('labels.status', saved!.status) })}
          </Text>
        ) : null}
      </Stack>
    </Box>
  );
}
