import '@mantine/charts/styles.css';
import { Alert, Anchor, Button, Grid, Group, Stack } from '@mantine/core';
import { IconArrowLeft, IconChecklist, IconFlag, IconShieldLock } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useMember, type ClientDetail } from '../../api/members';
import { useSession } from '../../api/session';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { t } from '../../i18n/i18n';
import { formatInstantDay } from './dates';
import { mayChangeMember, mayCreateTasks, mayManagePersonalData, mayReadTouches, memberName } from './member-roles';
import { MemberStatus } from './MemberStatus';
import { Bookings } from './profile/Bookings';
import { ConsentCard } from './profile/ConsentCard';
import { ContactCard } from './profile/ContactCard';
import { HealthCard } from './profile/HealthCard';
import { Invoices } from './profile/Invoices';
import { PersonalDataActions } from './profile/PersonalDataActions';
import { CreateTaskModal, RecordConsentModal, SetStatusModal } from './profile/ProfileModals';
import { Quotas } from './profile/Quotas';
import { StatusCard } from './profile/StatusCard';
import { StatusHistory } from './profile/StatusHistory';
import { Subscriptions } from './profile/Subscriptions';
import { Tasks } from './profile/Tasks';
import { Touches } from './profile/Touches';
import { VisitCalendar } from './profile/VisitCalendar';

/** One member: contact, status and why, health, outlook, visits, packages, money, touches, tasks, consent. */
export default function MemberProfilePage() {
  const { id = '' } = useParams();
  const member = useMember(id);
  return (
    <>
      <Anchor component={Link} to="/members" size="sm" c="teal.9" mb="xs" display="inline-flex" style={{ alignItems: 'center', gap: 4 }}>
        <IconArrowLeft size={14} aria-hidden="true" /> {t('members.profile.back')}
      </Anchor>
      <QueryState query={member}>{(c) => <Profile c={c} />}</QueryState>
    </>
  );
}

function Profile({ c }: { c: ClientDetail }) {
  const role = useSession().data?.role;
  const [modal, setModal] = useState<'status' | 'task' | 'consent' | null>(null);
  const name = memberName(c);
  return (
    <>
      <PageHeader
        title={name}
        subtitle={
          <Group gap="xs" component="span">
            <MemberStatus status={c.status?.status} reasons={c.reasons} />
            {c.status ? <span>{t('members.profile.statusSince', { date: formatInstantDay(c.status.since) })}</span> : null}
          </Group>
        }
        actions={
          <>
            {mayChangeMember(role) ? (
              <Button variant="light" leftSection={<IconFlag size={16} />} onClick={() => setModal('status')}>
                {t('members.profile.actions.setStatus')}
              </Button>
            ) : null}
            {mayCreateTasks(role) ? (
              <Button leftSection={<IconChecklist size={16} />} onClick={() => setModal('task')}>
                {t('members.profile.actions.createTask')}
              </Button>
            ) : null}
            {mayManagePersonalData(role) ? <PersonalDataActions clientId={c.id} /> : null}
          </>
        }
      />
      <Stack gap="md">
        {c.erasedAt ? (
          <Alert color="gray" icon={<IconShieldLock size={18} aria-hidden />} data-testid="erased-notice">
            {t('members.profile.privacy.erasedNotice', { date: formatInstantDay(c.erasedAt) })}
          </Alert>
        ) : null}
        <Grid gap="md">
          <Grid.Col span={{ base: 12, md: 4 }}>
            <ContactCard c={c} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }}>
            <StatusCard c={c} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }}>
            <HealthCard c={c} />
          </Grid.Col>
        </Grid>
        <VisitCalendar clientId={c.id} />
        <Grid gap="md">
          <Grid.Col span={{ base: 12, md: 6 }}>
            <StatusHistory clientId={c.id} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 6 }}>
            <ConsentCard clientId={c.id} mayChange={mayChangeMember(role)} onRecord={() => setModal('consent')} />
          </Grid.Col>
        </Grid>
        <Grid gap="md">
          <Grid.Col span={{ base: 12, lg: 7 }}>
            <Subscriptions c={c} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 5 }}>
            <Quotas c={c} />
          </Grid.Col>
        </Grid>
        <Grid gap="md">
          <Grid.Col span={{ base: 12, lg: 7 }}>
            <Bookings c={c} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 5 }}>
            <Invoices clientId={c.id} />
          </Grid.Col>
        </Grid>
        <Grid gap="md">
          <Grid.Col span={{ base: 12, lg: 6 }}>
            <Touches clientId={c.id} allowed={mayReadTouches(role)} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 6 }}>
            <Tasks clientId={c.id} />
          </Grid.Col>
        </Grid>
      </Stack>
      <SetStatusModal clientId={c.id} current={c.status?.status ?? null} opened={modal === 'status'} onClose={() => setModal(null)} />
      <CreateTaskModal clientId={c.id} opened={modal === 'task'} onClose={() => setModal(null)} />
      <RecordConsentModal clientId={c.id} opened={modal === 'consent'} onClose={() => setModal(null)} />
    </>
  );
}
