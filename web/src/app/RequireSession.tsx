import { Center, Loader } from '@mantine/core';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useSession } from '../api/session';
import { ErrorNotice, QueryState } from '../components/QueryState';
import { t } from '../i18n/i18n';
import type { Role } from './nav';

/** Signed-out visitors of any page go to sign-in and come back to where they were going. */
export function RequireSession({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  return (
    <QueryState
      query={session}
      loader={
        <Center h="100vh">
          <Loader aria-label={t('common.loading')} />
        </Center>
      }
    >
      {(s) => (s ? <>{children}</> : <Navigate to={`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`} replace />)}
    </QueryState>
  );
}

/** A page only some roles may open: others see why, not a broken page. */
export function RequireRole({ roles, children }: { roles: Role[]; children: ReactNode }) {
  const session = useSession();
  const role = session.data?.role as Role | undefined;
  if (!role) return null;
  if (!roles.includes(role)) return <ErrorNotice error={{ status: 403, message: '' } as unknown as Error} />;
  return <>{children}</>;
}
