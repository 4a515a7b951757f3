import '@mantine/notifications/styles.css';
import { AppShell, Burger, Group, Menu, NavLink, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Notifications } from '@mantine/notifications';
import { Suspense } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { useSession, useSignOut } from '../api/session';
import { ConnectionBanner } from '../components/ConnectionBanner';
import { RecoveryNavBadge } from '../pages/recovery/RecoveryNavBadge';
import { t, tDynamic } from '../i18n/i18n';
import { PageLoader } from './PageLoader';
import { NAV, type Role } from './nav';

/** The signed-in frame: a header with the user menu, the navigation for the user's role, the page. */
export function AppLayout() {
  const [opened, { toggle, close }] = useDisclosure();
  const session = useSession().data!;
  const role = session.role as Role;
  const location = useLocation();
  const navigate = useNavigate();
  const signOut = useSignOut();
  const items = NAV.filter((n) => n.roles.includes(role));
  const active = (to: string) => (to === '/' ? location.pathname === '/' : location.pathname === to || location.pathname.startsWith(`${to}/`));

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <Notifications position="top-right" />
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('common.nav.toggleNavigation')} />
            <Text fw={700} size="lg" component={Link} to="/" c="teal.9" style={{ textDecoration: 'none' }}>
              {t('common.appName')}
            </Text>
            <Text size="sm" c="dimmed" visibleFrom="xs">
              {session.business.name}
            </Text>
          </Group>
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <UnstyledButton aria-label={t('common.nav.signedInAs', { email: session.user?.email ?? '' })} data-testid="user-menu">
                <Text size="sm" fw={500} truncate maw={220}>
                  {session.user?.name || session.user?.email}
                </Text>
              </UnstyledButton>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Label>{t('common.nav.role', { role: tDynamic('labels.role', role) })}</Menu.Label>
              <Menu.Item onClick={() => signOut.mutate(undefined, { onSettled: () => navigate('/sign-in') })}>{t('common.nav.signOut')}</Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label={t('common.nav.mainNavigation')}>
        {items.map((n) => (
          <NavLink
            key={n.to}
            component={Link}
            to={n.to}
            label={t(n.label)}
            rightSection={n.badge === 'recoveryUnseen' ? <RecoveryNavBadge /> : undefined}
            active={active(n.to)}
            onClick={close}
            aria-current={active(n.to) ? 'page' : undefined}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <ConnectionBanner />
        <Suspense fallback={<PageLoader />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
