import { Alert, Anchor, Center, Stack, Title } from '@mantine/core';
import { Link, isRouteErrorResponse, useRouteError } from 'react-router';
import { t } from '../i18n/i18n';

/**
 * What a page shows if it breaks while rendering, or a chunk fails to load (the API restarted
 * with a new build): a sentence and a way on, never a blank screen or a stack trace.
 */
export function RouteError() {
  const error = useRouteError();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  if (!notFound) console.error(error);
  return (
    <Center py="xl">
      <Stack maw={520}>
        <Title order={1} size="h3">
          {notFound ? t('common.notFoundTitle') : t('common.errors.generic', { message: '' })}
        </Title>
        <Alert color={notFound ? 'gray' : 'red'} role="alert">
          {notFound ? t('common.errors.notFound') : t('common.errors.offline')}
        </Alert>
        <Anchor component={Link} to="/" reloadDocument={!notFound}>
          {t('common.backHome')}
        </Anchor>
      </Stack>
    </Center>
  );
}
