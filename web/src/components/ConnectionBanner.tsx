import { Alert } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { ApiError } from '../api/client';
import { t } from '../i18n/i18n';

/** A banner on every page while any request is failing because the API is down or erroring. */
export function ConnectionBanner() {
  const qc = useQueryClient();
  const [down, setDown] = useState(false);
  useEffect(() => {
    const cache = qc.getQueryCache();
    const check = () => {
      // only queries a page still shows: one that failed and was left behind must not hold the banner up
      const failing = cache.getAll().some((q) => q.getObserversCount() > 0 && q.state.fetchFailureCount > 0 && q.state.fetchFailureReason instanceof ApiError && q.state.fetchFailureReason.transient);
      setDown(failing);
    };
    check();
    return cache.subscribe(check);
  }, [qc]);
  if (!down) return null;
  return (
    <Alert color="yellow" role="status" data-testid="connection-banner" mb="md">
      {t('common.errors.offlineBanner')}
    </Alert>
  );
}
