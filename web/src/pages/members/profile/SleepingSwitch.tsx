import { Stack, Switch, Text } from '@mantine/core';
import { useContactPreferences, useSetSleeping } from '../../../api/members';
import { errorMessage, QueryState } from '../../../components/QueryState';
import { formatDateTime } from '../../../format';
import { t } from '../../../i18n/i18n';

/** "Sleeping": no message goes to the member while it is on; saved as soon as it is switched. */
export function SleepingSwitch({ clientId, mayChange }: { clientId: string; mayChange: boolean }) {
  const prefs = useContactPreferences(clientId);
  const sleeping = useSetSleeping(clientId);
  return (
    <QueryState query={prefs}>
      {(p) => (
        <Stack gap={4}>
          <Switch
            label={t('members.profile.sleeping')}
            description={p.sleeping && p.sleepingSince ? t('members.profile.sleepingSince', { date: formatDateTime(p.sleepingSince) }) : t('members.profile.sleepingHelp')}
            // shows the choice at once, and the stored flag again if the API refuses it
            checked={sleeping.isPending ? sleeping.variables.sleeping : p.sleeping}
            disabled={!mayChange}
            onChange={(e) => sleeping.mutate({ sleeping: e.currentTarget.checked })}
          />
          {sleeping.isError ? (
            <Text size="sm" c="red.9" role="alert">
              {errorMessage(sleeping.error)}
            </Text>
          ) : null}
        </Stack>
      )}
    </QueryState>
  );
}
