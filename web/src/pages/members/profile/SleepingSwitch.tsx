import { Stack, Switch, Text } from '@mantine/core';
import { useState } from 'react';
import { useContactPreferences, useSetSleeping } from '../../../api/members';
import { errorMessage, QueryState } from '../../../components/QueryState';
import { formatDateTime } from '../../../format';
import { t } from '../../../i18n/i18n';

/** "Sleeping": no message goes to the member while it is on; saved as soon as it is switched. */
export function SleepingSwitch({ clientId, mayChange }: { clientId: string; mayChange: boolean }) {
  const prefs = useContactPreferences(clientId);
  const sleeping = useSetSleeping(clientId);
  // The choice is shown from the click on, in the same render: the mutation's pending state
  // arrives a tick later, and a controlled switch would flick back to the stored flag until then.
  const [choice, setChoice] = useState<boolean | null>(null);
  return (
    <QueryState query={prefs}>
      {(p) => (
        <Stack gap={4}>
          <Switch
            label={t('members.profile.sleeping')}
            description={p.sleeping && p.sleepingSince ? t('members.profile.sleepingSince', { date: formatDateTime(p.sleepingSince) }) : t('members.profile.sleepingHelp')}
            // the choice until the API answers, then the stored flag (the old one if it refused)
            checked={choice ?? p.sleeping}
            disabled={!mayChange}
            onChange={(e) => {
              const next = e.currentTarget.checked;
              setChoice(next);
              sleeping.mutate({ sleeping: next }, { onSettled: () => setChoice(null) });
            }}
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
