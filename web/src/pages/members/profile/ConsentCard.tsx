import { Badge, Box, Button, Table, Text } from '@mantine/core';
import { IconShieldCheck } from '@tabler/icons-react';
import { useConsent } from '../../../api/members';
import { ListTable } from '../../../components/ListTable';
import { QueryState } from '../../../components/QueryState';
import { formatDateTime } from '../../../format';
import { t, tDynamic } from '../../../i18n/i18n';
import { Section } from './Section';
import { SleepingSwitch } from './SleepingSwitch';

const CHANNELS = ['email', 'sms', 'push'] as const;

/** Consent per channel (granted or not, since when and from where), and whether the member is left alone. */
export function ConsentCard({ clientId, mayChange, onRecord }: { clientId: string; mayChange: boolean; onRecord: () => void }) {
  const consent = useConsent(clientId);
  return (
    <Section
      title={t('members.profile.consent')}
      testId="consent"
      actions={
        mayChange ? (
          <Button size="xs" variant="light" leftSection={<IconShieldCheck size={14} />} onClick={onRecord}>
            {t('members.profile.actions.recordConsent')}
          </Button>
        ) : null
      }
    >
      <QueryState query={consent}>
        {(cn) => (
          <ListTable
            items={CHANNELS}
            columns={[t('members.profile.consentChannel'), t('members.profile.consentState'), t('members.profile.consentFrom')]}
            verticalSpacing={4}
            fz="sm"
            aria-label={t('members.profile.consentCaption')}
            row={(ch) => {
              const cur = cn.current[ch];
              return (
                <Table.Tr key={ch} data-testid={`consent-${ch}`}>
                  <Table.Td>{tDynamic('labels.channel', ch)}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={cur.granted ? 'green' : 'gray'} radius="sm">
                      {cur.granted ? t('members.profile.granted') : t('members.profile.refused')}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs" c="dimmed">
                      {tDynamic('members.profile.consentSources', cur.from, { date: formatDateTime(cur.since) })}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              );
            }}
          />
        )}
      </QueryState>
      <Box mt="md">
        <SleepingSwitch clientId={clientId} mayChange={mayChange} />
      </Box>
    </Section>
  );
}
