import { Badge, Group, Stack, Text } from '@mantine/core';
import type { ClientDetail } from '../../../api/members';
import { StatusBadge } from '../../../components/StatusBadge';
import { t, tDynamic } from '../../../i18n/i18n';
import { reasonsText } from '../reasons';
import { Empty, Section } from './Section';

/** The member's status, whether someone set it by hand, its tags and why, in words. */
export function StatusCard({ c }: { c: ClientDetail }) {
  return (
    <Section title={t('members.profile.status')} testId="status-card">
      {c.status ? (
        <Stack gap="xs">
          <Group gap="xs">
            <StatusBadge status={c.status.status} />
            {c.status.manual ? (
              <Badge variant="outline" color="gray" radius="sm">
                {t('members.profile.manual')}
              </Badge>
            ) : null}
          </Group>
          {c.status.tags.length ? (
            <Group gap={4}>
              {c.status.tags.map((tag) => (
                <Badge key={tag} variant="default" radius="sm" size="sm">
                  {tDynamic('labels.tag', tag)}
                </Badge>
              ))}
            </Group>
          ) : null}
          <Text size="sm" data-testid="profile-why">
            {reasonsText(c.reasons)}
          </Text>
        </Stack>
      ) : (
        <Stack gap="xs">
          <Empty>{t('members.profile.statusNone')}</Empty>
          <Text size="sm">{reasonsText(c.reasons)}</Text>
        </Stack>
      )}
    </Section>
  );
}
