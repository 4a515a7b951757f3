import { Navigate, type RouteObject } from 'react-router';
import { useSession } from '../api/session';
import { RequireRole } from './RequireSession';
import { RouteError } from './RouteError';
import { homeFor, type Role } from './nav';

// Every page loads on demand, so the first page's JavaScript stays small (web.md "Speed").
const page = (load: () => Promise<{ default: React.ComponentType }>) => async () => ({ Component: (await load()).default });

function guarded(roles: Role[], load: () => Promise<{ default: React.ComponentType }>) {
  return async () => {
    const { default: Page } = await load();
    return {
      Component: () => (
        <RequireRole roles={roles}>
          <Page />
        </RequireRole>
      ),
    };
  };
}

function Home() {
  const role = useSession().data?.role as Role | undefined;
  if (role === 'staff') return <Navigate to={homeFor(role)} replace />;
  return null;
}

const NOT_STAFF: Role[] = ['admin', 'manager', 'marketer'];

export const routes: RouteObject[] = [
  { path: '/sign-in', lazy: page(() => import('../pages/auth/SignInPage')), errorElement: <RouteError /> },
  { path: '/forgot-password', lazy: page(() => import('../pages/auth/ForgotPasswordPage')), errorElement: <RouteError /> },
  { path: '/set-password', lazy: page(() => import('../pages/auth/SetPasswordPage')), errorElement: <RouteError /> },
  {
    path: '/',
    // the signed-in frame (header, navigation, menus, notifications) loads after sign-in too
    lazy: page(() => import('./SignedInFrame')),
    errorElement: <RouteError />,
    children: [
      {
        index: true,
        lazy: async () => {
          const { default: Overview } = await import('../pages/overview/OverviewPage');
          return {
            Component: () => (
              <>
                <Home />
                <RequireRole roles={NOT_STAFF}>
                  <Overview />
                </RequireRole>
              </>
            ),
          };
        },
      },
      { path: 'members', lazy: page(() => import('../pages/members/MembersPage')) },
      { path: 'members/:id', lazy: page(() => import('../pages/members/MemberProfilePage')) },
      { path: 'segments', lazy: guarded(NOT_STAFF, () => import('../pages/segments/SegmentsPage')) },
      { path: 'segments/new', lazy: guarded(NOT_STAFF, () => import('../pages/segments/SegmentBuilderPage')) },
      { path: 'segments/:id', lazy: guarded(NOT_STAFF, () => import('../pages/segments/SegmentBuilderPage')) },
      { path: 'segments/:id/members', lazy: guarded(NOT_STAFF, () => import('../pages/segments/SegmentMembersPage')) },
      { path: 'campaigns', lazy: guarded(NOT_STAFF, () => import('../pages/campaigns/CampaignsPage')) },
      { path: 'campaigns/new', lazy: guarded(['admin', 'marketer'], () => import('../pages/campaigns/CampaignComposerPage')) },
      { path: 'campaigns/:id', lazy: guarded(NOT_STAFF, () => import('../pages/campaigns/CampaignPage')) },
      { path: 'tasks', lazy: page(() => import('../pages/tasks/TaskInboxPage')) },
      { path: 'tasks/:id', lazy: page(() => import('../pages/tasks/TaskInboxPage')) },
      { path: 'recovery/:tab?', lazy: page(() => import('../pages/recovery/RecoveryPage')) },
      { path: 'reconnect/:tab?', lazy: guarded(NOT_STAFF, () => import('../pages/reconnect/ReconnectPage')) },
      { path: 'automations', lazy: guarded(NOT_STAFF, () => import('../pages/automations/AutomationsPage')) },
      { path: 'automations/:id', lazy: guarded(NOT_STAFF, () => import('../pages/automations/AutomationEditorPage')) },
      { path: 'reports', lazy: guarded(NOT_STAFF, () => import('../pages/reports/ActionsReportPage')) },
      { path: 'reports/campaigns/:id', lazy: guarded(NOT_STAFF, async () => ({ default: (await import('../pages/reports/SourceReportPage')).CampaignReportPage })) },
      { path: 'reports/automations/:id', lazy: guarded(NOT_STAFF, async () => ({ default: (await import('../pages/reports/SourceReportPage')).AutomationReportPage })) },
      { path: 'deliveries/failed', lazy: guarded(NOT_STAFF, () => import('../pages/deliveries/FailedDeliveriesPage')) },
      { path: 'mailbox', lazy: page(() => import('../pages/mailbox/MailboxPage')) },
      { path: 'mailbox/:id', lazy: page(() => import('../pages/mailbox/MailboxPage')) },
      { path: 'settings/*', lazy: guarded(['admin'], () => import('../pages/settings/SettingsPage')) },
      { path: '*', lazy: page(() => import('../pages/NotFoundPage')) },
    ],
  },
];
