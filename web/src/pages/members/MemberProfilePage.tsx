import '@mantine/charts/styles.css';
import { Anchor, Badge, Box, Button, Grid, Group, Paper, Progress, Stack, Switch, Table, Text, Timeline, Title } from '@mantine/core';
import { IconArrowLeft, IconChecklist, IconFlag, IconShieldCheck } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import {
  useConsent,
  useContactPreferences,
  useHealth,
  useInvoices,
  useLocations,
  useMember,
  useMemberTasks,
  useSetSleeping,
  useStaffList,
  useStatusHistory,
  useTouches,
  type ClientDetail,
} from '../../api/members';
import { useSession } from '../../api/session';
import { PageHeader } from '../../components/PageHeader';
import { errorMessage, QueryState } from '../../components/QueryState';
import { BandBadge, StatusBadge } from '../../components/StatusBadge';
import { formatDateTime, formatDay, formatMoney, formatNumber, formatPercent } from '../../format';
import { t, tDynamic } from '../../i18n/i18n';
import { businessToday, formatInstantDay } from './dates';
import { mayChangeMember, mayCreateTasks, mayReadTouches, memberName } from './member-roles';
import { CreateTaskModal, RecordConsentModal, SetStatusModal } from './ProfileModals';
import { MemberStatus } from './MemberStatus';
import { reasonsText } from './reasons';
import { VisitCalendar } from './VisitCalendar';

const SIGNALS = ['frequency', 'recency', 'trend', 'bookingsAhead', 'reliability', 'payments'] as const;

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
          </>
        }
      />
      <Stack gap="md">
        <Grid gap="md">
          <Grid.Col span={{ base: 12, md: 4 }}>
            <Contact c={c} />
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

function Section({ title, children, actions, testId }: { title: string; children: ReactNode; actions?: ReactNode; testId?: string }) {
  const id = `section-${title.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={id} h="100%" data-testid={testId}>
      <Group justify="space-between" mb="sm" wrap="nowrap">
        <Title order={2} size="h4" id={id}>
          {title}
        </Title>
        {actions}
      </Group>
      {children}
    </Paper>
  );
}

function Empty({ children }: { children: ReactNode }) {
  return (
    <Text c="dimmed" size="sm">
      {children}
    </Text>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text size="sm" ta="right" style={{ overflowWrap: 'anywhere' }} component="div">
        {children}
      </Text>
    </Group>
  );
}

function Contact({ c }: { c: ClientDetail }) {
  const staff = useStaffList();
  const locations = useLocations();
  const owner = staff.data?.items.find((s) => s.id === c.ownerStaffId);
  const location = locations.data?.items.find((l) => l.id === c.homeLocationId);
  return (
    <Section title={t('members.profile.contact')} testId="contact">
      <Stack gap={6}>
        <Field label={t('members.profile.email')}>{c.email ? <Anchor href={`mailto:${c.email}`}>{c.email}</Anchor> : '–'}</Field>
        <Field label={t('members.profile.phone')}>{c.phone ? <Anchor href={`tel:${c.phone}`}>{c.phone}</Anchor> : '–'}</Field>
        <Field label={t('members.profile.birthDate')}>{formatDay(c.birthDate)}</Field>
        <Field label={t('members.profile.location')}>{location?.name ?? '–'}</Field>
        <Field label={t('members.profile.owner')}>{c.ownerStaffId ? (owner?.name ?? owner?.email ?? '…') : t('members.profile.noOwner')}</Field>
        <Field label={t('members.profile.joined')}>{c.registeredAt ? formatInstantDay(c.registeredAt) : '–'}</Field>
        <Field label={t('members.profile.source')}>{t('members.profile.externalId', { source: c.source, id: c.externalId })}</Field>
      </Stack>
    </Section>
  );
}

function StatusCard({ c }: { c: ClientDetail }) {
  return (
    <Section title={t('members.profile.status')} testId="status-card">
      {c.status ? (
        <Stack gap="xs">
          <Group gap="xs">
            <StatusBadge status={c.status.status} />
            {c.status.manual ? (
              <Badge variant="outline" color="gray" radius="sm">
                {t('members.profile.manual')}
              </Badge>
            ) : null}
          </Group>
          {c.status.tags.length ? (
            <Group gap={4}>
              {c.status.tags.map((tag) => (
                <Badge key={tag} variant="default" radius="sm" size="sm">
                  {tDynamic('labels.tag', tag)}
                </Badge>
              ))}
            </Group>
          ) : null}
          <Text size="sm" data-testid="profile-why">
            {reasonsText(c.reasons)}
          </Text>
        </Stack>
      ) : (
        <Stack gap="xs">
          <Empty>{t('members.profile.statusNone')}</Empty>
          <Text size="sm">{reasonsText(c.reasons)}</Text>
        </Stack>
      )}
    </Section>
  );
}

function HealthCard({ c }: { c: ClientDetail }) {
  const health = useHealth(c.id);
  return (
    <Section title={t('members.profile.health')} testId="health-card">
      <QueryState query={health}>
        {(h) => (
          <Stack gap="sm">
            {h.score === null ? (
              <Empty>{t('members.profile.healthNone')}</Empty>
            ) : (
              <>
                <Group gap="sm" align="baseline">
                  <Text fz={28} fw={700} lh={1}>
                    {formatNumber(h.score)}
                  </Text>
                  <Text size="sm" c="dimmed">
                    {t('members.profile.healthOf')}
                  </Text>
                  <BandBadge band={h.band} />
                </Group>
                <Table verticalSpacing={4} fz="sm" aria-label={t('members.profile.contributionsCaption')} data-testid="health-contributions">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('members.profile.signal')}</Table.Th>
                      <Table.Th ta="right">{t('members.profile.points')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {SIGNALS.filter((s) => (h.signals as Record<string, number | null> | null)?.[s] !== null).map((s) => {
                      const pts = Number((h.contributions as Record<string, number> | null)?.[s] ?? 0);
                      // the bar: how good the signal itself is (0-100); the points: what it adds to the score
                      const signal = Number((h.signals as Record<string, number | null> | null)?.[s] ?? 0);
                      return (
                        <Table.Tr key={s}>
                          <Table.Td>
                            {tDynamic('members.profile.signals', s)}
                            <Progress value={Math.max(0, Math.min(100, signal))} size="sm" color={signal >= 60 ? 'teal.7' : signal >= 30 ? 'yellow.6' : 'red.7'} mt={2} aria-hidden="true" />
                          </Table.Td>
                          <Table.Td ta="right" fw={600}>
                            {formatNumber(pts, 1)}
                          </Table.Td>
                        </Table.Tr>
                      );
                    })}
                  </Table.Tbody>
                </Table>
                {h.usageDropped ? (
                  <Text size="sm" c="orange.9">
                    {t('members.profile.usageDropped')}
                  </Text>
                ) : null}
              </>
            )}
            <Box pt="xs" style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}>
              <Title order={3} size="h6" mb={4}>
                {t('members.profile.estimate')}
              </Title>
              {c.estimate ? (
                <Stack gap={4}>
                  <Field label={t('members.profile.churnProbability')}>
                    <span data-testid="churn-probability">{formatPercent(c.estimate.churnProbability / 100)}</span>
                  </Field>
                  <Field label={t('members.profile.expectedVisits')}>{formatNumber(c.estimate.expectedVisits30d, 1)}</Field>
                </Stack>
              ) : (
                <Empty>{t('members.profile.estimateNone')}</Empty>
              )}
            </Box>
          </Stack>
        )}
      </QueryState>
    </Section>
  );
}

function StatusHistory({ clientId }: { clientId: string }) {
  const history = useStatusHistory(clientId);
  const [all, setAll] = useState(false);
  return (
    <Section title={t('members.profile.statusHistory')} testId="status-history">
      <QueryState query={history}>
        {(h) => {
          if (!h.items.length) return <Empty>{t('members.profile.historyEmpty')}</Empty>;
          // newest first by when it happened (a replayed history is not written in time order)
          const items = [...h.items].sort((a, b) => new Date(b.changedAt).getTime() - new Date(a.changedAt).getTime() || Number(b.id) - Number(a.id));
          const shown = all ? items : items.slice(0, 8);
          return (
            <>
              <Timeline bulletSize={14} lineWidth={2} active={0} color="teal">
                {shown.map((ch) => (
                  <Timeline.Item
                    key={ch.id}
                    title={
                      <Group gap={6} wrap="wrap">
                        {ch.from ? (
                          <>
                            <StatusBadge status={ch.from} />
                            <Text span aria-hidden="true">
                              →
                            </Text>
                          </>
                        ) : null}
                        <StatusBadge status={ch.to} />
                      </Group>
                    }
                  >
                    <Text size="xs" c="dimmed">
                      {ch.reason === 'manual' ? formatDateTime(ch.changedAt) : formatInstantDay(ch.changedAt)} · {tDynamic('members.profile.historyReasons', ch.reason)}
                    </Text>
                    {ch.note ? <Text size="sm">“{ch.note}”</Text> : null}
                  </Timeline.Item>
                ))}
              </Timeline>
              {items.length > shown.length || all ? (
                <Button variant="subtle" size="xs" mt="xs" onClick={() => setAll((a) => !a)}>
                  {all ? t('members.profile.historyFewer') : t('members.profile.historyAll', { count: items.length })}
                </Button>
              ) : null}
            </>
          );
        }}
      </QueryState>
    </Section>
  );
}

function ConsentCard({ clientId, mayChange, onRecord }: { clientId: string; mayChange: boolean; onRecord: () => void }) {
  const consent = useConsent(clientId);
  const prefs = useContactPreferences(clientId);
  const sleeping = useSetSleeping(clientId);
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
          <Table verticalSpacing={4} fz="sm" aria-label={t('members.profile.consentCaption')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('members.profile.consentChannel')}</Table.Th>
                <Table.Th>{t('members.profile.consentState')}</Table.Th>
                <Table.Th>{t('members.profile.consentFrom')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(['email', 'sms', 'push'] as const).map((ch) => {
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
              })}
            </Table.Tbody>
          </Table>
        )}
      </QueryState>
      <Box mt="md">
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
      </Box>
    </Section>
  );
}

function subscriptionState(s: ClientDetail['subscriptions'][number], today: string): string {
  if (s.startsOn > today) return t('members.profile.sub.notStarted', { date: formatDay(s.startsOn) });
  if (s.endsOn && s.endsOn < today) return t('members.profile.sub.ended');
  if (s.cancelledAt) return t('members.profile.sub.cancelled', { date: formatInstantDay(s.cancelledAt) });
  return t('members.profile.sub.active');
}

function Subscriptions({ c }: { c: ClientDetail }) {
  const today = businessToday();
  return (
    <Section title={t('members.profile.subscriptions')} testId="subscriptions">
      {c.subscriptions.length === 0 ? (
        <Empty>{t('members.profile.subscriptionsEmpty')}</Empty>
      ) : (
        <Table.ScrollContainer minWidth={520}>
          <Table verticalSpacing={6} fz="sm" aria-label={t('members.profile.subscriptions')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('members.profile.sub.name')}</Table.Th>
                <Table.Th>{t('members.profile.sub.period')}</Table.Th>
                <Table.Th ta="right">{t('members.profile.sub.price')}</Table.Th>
                <Table.Th>{t('members.profile.sub.state')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {c.subscriptions.map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {s.name ?? s.productName ?? s.externalId}
                    </Text>
                    {s.freezes.length ? (
                      <Text size="xs" c="dimmed">
                        {t('members.profile.sub.freezes')}:{' '}
                        {s.freezes.map((f) => t('members.profile.sub.freeze', { from: formatDay(f.startsOn), to: f.endsOn ? formatDay(f.endsOn) : t('members.profile.sub.open') })).join('; ')}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {formatDay(s.startsOn)} – {s.endsOn ? formatDay(s.endsOn) : t('members.profile.sub.open')}
                  </Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                    {formatMoney(Number(s.price))}
                    <Text size="xs" c="dimmed">
                      {s.billingInterval} {s.billingUnit}
                      {s.autoRenew ? ` · ${t('members.profile.sub.autoRenew')}` : ''}
                    </Text>
                  </Table.Td>
                  <Table.Td>{subscriptionState(s, today)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Section>
  );
}

function Quotas({ c }: { c: ClientDetail }) {
  return (
    <Section title={t('members.profile.quotas')} testId="quotas">
      {c.quotas.length === 0 ? (
        <Empty>{t('members.profile.quotasEmpty')}</Empty>
      ) : (
        <Table verticalSpacing={6} fz="sm" aria-label={t('members.profile.quotas')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('members.profile.quota.name')}</Table.Th>
              <Table.Th>{t('members.profile.quota.used')}</Table.Th>
              <Table.Th>{t('members.profile.quota.expires')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {c.quotas.map((q) => (
              <Table.Tr key={q.id}>
                <Table.Td>{q.name ?? q.externalId}</Table.Td>
                <Table.Td>{t('members.profile.quota.usedOf', { used: q.usedUnits, total: q.totalUnits })}</Table.Td>
                <Table.Td>{formatDay(q.expiresOn)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Section>
  );
}

function Bookings({ c }: { c: ClientDetail }) {
  const shown = c.bookings.slice(0, 10);
  return (
    <Section title={t('members.profile.bookings')} testId="bookings">
      {shown.length === 0 ? (
        <Empty>{t('members.profile.bookingsEmpty')}</Empty>
      ) : (
        <Table verticalSpacing={6} fz="sm" aria-label={t('members.profile.bookings')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('members.profile.booking.when')}</Table.Th>
              <Table.Th>{t('members.profile.booking.what')}</Table.Th>
              <Table.Th>{t('members.profile.booking.state')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((b) => (
              <Table.Tr key={b.id}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(b.startsAt)}</Table.Td>
                <Table.Td>{b.name ?? b.serviceCategory ?? tDynamic('members.profile.bookingKinds', b.kind)}</Table.Td>
                <Table.Td>
                  {tDynamic('members.profile.bookingStates', b.state)}
                  {b.noShowActive && b.state !== 'no_show' ? (
                    <Badge ml={6} size="xs" color="red" variant="light" radius="sm">
                      {t('members.profile.booking.noShow')}
                    </Badge>
                  ) : null}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Section>
  );
}

function Invoices({ clientId }: { clientId: string }) {
  const invoices = useInvoices(clientId);
  return (
    <Section title={t('members.profile.invoices')} testId="invoices">
      <QueryState query={invoices}>
        {(d) =>
          d.items.length === 0 ? (
            <Empty>{t('members.profile.invoicesEmpty')}</Empty>
          ) : (
            <>
              <Table verticalSpacing={6} fz="sm" aria-label={t('members.profile.invoices')}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('members.profile.invoice.due')}</Table.Th>
                    <Table.Th ta="right">{t('members.profile.invoice.amount')}</Table.Th>
                    <Table.Th>{t('members.profile.invoice.state')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {d.items.slice(0, 12).map((i) => (
                    <Table.Tr key={i.id}>
                      <Table.Td>{formatDay(i.dueOn)}</Table.Td>
                      <Table.Td ta="right">{formatMoney(i.amount)}</Table.Td>
                      <Table.Td>
                        {i.paidAt ? (
                          <Text size="sm">{t('members.profile.invoice.paid', { date: formatInstantDay(i.paidAt) })}</Text>
                        ) : (
                          <Badge variant="light" color={i.overdue ? 'red' : 'gray'} radius="sm">
                            {i.overdue ? t('members.profile.invoice.overdue') : t('members.profile.invoice.open')}
                          </Badge>
                        )}
                        {i.directDebit ? (
                          <Text size="xs" c="dimmed">
                            {t('members.profile.invoice.directDebit')}
                          </Text>
                        ) : null}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
              {d.total > Math.min(12, d.items.length) ? (
                <Text size="xs" c="dimmed" mt="xs">
                  {t('members.profile.invoicesMore', { shown: Math.min(12, d.items.length), total: d.total })}
                </Text>
              ) : null}
            </>
          )
        }
      </QueryState>
    </Section>
  );
}

function Touches({ clientId, allowed }: { clientId: string; allowed: boolean }) {
  const touches = useTouches(clientId, allowed);
  return (
    <Section title={t('members.profile.touches')} testId="touches">
      {!allowed ? (
        <Empty>{t('members.profile.touchesHidden')}</Empty>
      ) : (
        <QueryState query={touches}>
          {(d) =>
            d.items.length === 0 ? (
              <Empty>{t('members.profile.touchesEmpty')}</Empty>
            ) : (
              <Table verticalSpacing={6} fz="sm" aria-label={t('members.profile.touches')}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('members.profile.touch.when')}</Table.Th>
                    <Table.Th>{t('members.profile.touch.channel')}</Table.Th>
                    <Table.Th>{t('members.profile.touch.outcome')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {d.items.map((x) => (
                    <Table.Tr key={x.id}>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(x.sentAt ?? x.queuedAt ?? x.blockedAt ?? x.dueAt)}</Table.Td>
                      <Table.Td>
                        {tDynamic('labels.channel', x.channel)}
                        <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                          {x.origin}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Badge variant="light" radius="sm" color={x.status === 'failed' ? 'red' : x.status === 'blocked' ? 'gray' : 'teal'}>
                          {tDynamic('members.profile.touchStatus', x.status)}
                        </Badge>
                        {x.blockedReason ? (
                          <Text size="xs" c="dimmed">
                            {tDynamic('members.profile.blockedReasons', x.blockedReason)}
                          </Text>
                        ) : null}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )
          }
        </QueryState>
      )}
    </Section>
  );
}

function Tasks({ clientId }: { clientId: string }) {
  const tasks = useMemberTasks(clientId);
  return (
    <Section title={t('members.profile.tasks')} testId="tasks">
      <QueryState query={tasks}>
        {(d) =>
          d.items.length === 0 ? (
            <Empty>{t('members.profile.tasksEmpty')}</Empty>
          ) : (
            <Table verticalSpacing={6} fz="sm" aria-label={t('members.profile.tasks')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('members.profile.task.reason')}</Table.Th>
                  <Table.Th>{t('members.profile.task.due')}</Table.Th>
                  <Table.Th>{t('members.profile.task.assignee')}</Table.Th>
                  <Table.Th>{t('members.profile.task.state')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {d.items.map((task) => (
                  <Table.Tr key={task.id}>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>{task.reason}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDay(task.dueOn)}</Table.Td>
                    <Table.Td>{task.assignee ? [task.assignee.firstName, task.assignee.lastName].filter(Boolean).join(' ') || task.assignee.email : t('members.profile.task.nobody')}</Table.Td>
                    <Table.Td>
                      <Badge variant="light" radius="sm" color={task.overdue ? 'red' : task.state === 'open' ? 'teal' : 'gray'}>
                        {task.overdue ? t('members.profile.taskStates.overdue') : tDynamic('members.profile.taskStates', task.state)}
                      </Badge>
                      {task.outcome ? (
                        <Text size="xs" c="dimmed">
                          {tDynamic('labels.taskOutcome', task.outcome)}
                        </Text>
                      ) : null}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )
        }
      </QueryState>
    </Section>
  );
}
