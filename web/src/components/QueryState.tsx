import { Alert, Button, Center, Group, Loader, Text } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ApiError } from '../api/client';
import { t } from '../i18n/i18n';

/**
 * What every page shows around a query: a loader, then the content; while the API is down or
 * failing, a notice that it is retrying (the query client keeps retrying with backoff), never a
 * blank screen or a stack trace; a final error (404, 403) in words.
 */
export function QueryState<T>({ query, children, loader }: { query: UseQueryResult<T>; children: (data: T) => ReactNode; loader?: ReactNode }) {
  if (query.data !== undefined) return <>{children(query.data)}</>;
  if (query.isError && !(query.error instanceof ApiError && query.error.transient)) return <ErrorNotice error={query.error} onRetry={() => query.refetch()} />;
  if (query.failureCount > 0) {
    const e = query.failureReason;
    return (
      <Alert color="yellow" role="status" aria-live="polite">
        <Group justify="space-between">
          <Text size="sm">{e instanceof ApiError && e.status >= 500 ? t('common.errors.server', { status: e.status }) : t('common.errors.offline')}</Text>
          <Button size="xs" variant="light" onClick={() => query.refetch()}>
            {t('common.retry')}
          </Button>
        </Group>
      </Alert>
    );
  }
  return (
    loader ?? (
      <Center py="xl" aria-busy="true">
        <Loader aria-label={t('common.loading')} />
      </Center>
    )
  );
}

export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  // an ApiError, or a refusal decided in the page itself ({status: 403} from RequireRole)
  const status = error instanceof ApiError ? error.status : Number((error as { status?: unknown } | null)?.status) || 0;
  const text = status === 404 ? t('common.errors.notFound') : status === 403 ? t('common.errors.forbidden') : t('common.errors.generic', { message: (error as Error)?.message ?? '' });
  return (
    <Alert color={status === 404 || status === 403 ? 'gray' : 'red'} role="alert">
      <Group justify="space-between">
        <Text size="sm">{text}</Text>
        {onRetry && status !== 404 && status !== 403 ? (
          <Button size="xs" variant="light" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        ) : null}
      </Group>
    </Alert>
  );
}

/** The message of a failed mutation, for a form's error line. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.status === 0 ? t('common.errors.offline') : e.message;
  return (e as Error)?.message ?? String(e);
}
