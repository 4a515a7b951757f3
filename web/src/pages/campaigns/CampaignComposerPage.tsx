import { Alert, Box, Button, Card, Checkbox, Group, Menu, NumberInput, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import {
  useCampaignPreview,
  useCampaignTestSend,
  useCreateAndSendCampaign,
  usePreSendCheck,
  useSaveAndSendCampaign,
  useUpdateCampaign,
  type CampaignDetail,
  type UpdateCampaign,
} from '../../api/campaigns';
import { useSegmentMembers, useSegments } from '../../api/segments';
import { useSession } from '../../api/session';
import { FormError } from '../../components/FormError';
import { moved } from '../../components/MoveButtons';
import { notify } from '../../components/notify';
import { PageHeader } from '../../components/PageHeader';
import { errorMessage } from '../../components/QueryState';
import { businessTimeZone, formatDateTime, formatNumber } from '../../format';
import { t, tDynamic } from '../../i18n/i18n';
import { draftFromApi, draftToApi, GOAL_KINDS, newDraft, newStep, STEP_CHANNELS, stepToApi, templateOf, type CampaignDraft, type GoalKind, type StepDraft } from './composer-model';
import { PreSendPanel } from './PreSendPanel';
import { StepEditor, WhenChoice } from './StepEditor';
import { zonedToInstant } from './zoned-time';

/** The member whose merge fields fill the preview and the test: picked from the audience. */
function PreviewPanel({ draft }: { draft: CampaignDraft }) {
  const email = draft.steps.find((s) => s.channel === 'email' || s.channel === 'sms' || s.channel === 'push');
  const members = useSegmentMembers(draft.segmentId ?? '', undefined);
  const [clientId, setClientId] = useState<string | null>(null);
  const [variant, setVariant] = useState('A');
  const preview = useCampaignPreview();
  const testSend = useCampaignTestSend();
  const me = useSession().data?.user?.email ?? null;
  if (!draft.segmentId || !email) return null;
  const v = email.variants.find((x) => x.key === variant) ?? email.variants[0];
  const body = clientId ? { channel: email.channel as 'email' | 'sms' | 'push', template: templateOf(email.channel, v), clientId } : null;
  const options = (members.data?.items ?? []).map((m) => ({ value: m.id, label: [m.firstName, m.lastName].filter(Boolean).join(' ') || m.email || `#${m.id}` }));
  const shown = preview.data;
  return (
    <Card withBorder padding="md" data-testid="preview-panel">
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('campaigns.preview.title')}
        </Title>
        <Group align="flex-end" wrap="wrap">
          <Select
            label={t('campaigns.preview.member')}
            placeholder={members.isLoading ? t('common.loading') : t('campaigns.preview.pickMember')}
            data={options}
            value={clientId}
            onChange={setClientId}
            searchable
            w={260}
            nothingFoundMessage={t('campaigns.preview.noMembers')}
          />
          {email.variants.length > 1 ? (
            <Select label={t('campaigns.preview.variant')} data={email.variants.map((x) => x.key)} value={v.key} onChange={(x) => setVariant(x ?? 'A')} w={120} allowDeselect={false} />
          ) : null}
          <Button variant="light" disabled={!body} loading={preview.isPending} onClick={() => body && preview.mutate(body)}>
            {t('campaigns.preview.show')}
          </Button>
          {email.channel === 'email' ? (
            <Button
              variant="outline"
              disabled={!body}
              loading={testSend.isPending}
              onClick={() =>
                body &&
                testSend.mutate(
                  { template: body.template, clientId: body.clientId },
                  { onSuccess: (r) => notify(t('campaigns.preview.testSent', { to: r.to })), onError: (e) => notify(errorMessage(e), 'red') },
                )
              }
            >
              {me ? t('campaigns.preview.testToMe', { email: me }) : t('campaigns.preview.testToMeNoEmail')}
            </Button>
          ) : null}
        </Group>
        <FormError error={preview.error} />
        {testSend.data ? (
          <Text size="sm" c="teal.9" data-testid="test-sent">
            {t('campaigns.preview.testSent', { to: testSend.data.to })}
          </Text>
        ) : null}
        {shown ? (
          <Box data-testid="preview-result">
            {shown.channel === 'email' ? (
              <Stack gap={4}>
                <Text size="sm">
                  <b>{t('campaigns.preview.to')}</b> {shown.to ?? '–'}
                </Text>
                <Text size="sm" data-testid="preview-subject">
                  <b>{t('campaigns.preview.subject')}</b> {shown.subject}
                </Text>
                {/* the server's rendering, in a frame that runs no script (as a mail client shows it) */}
                <iframe
                  title={t('campaigns.preview.frameTitle')}
                  sandbox=""
                  srcDoc={shown.html ?? shown.text ?? ''}
                  style={{ width: '100%', minHeight: 220, border: '1px solid #dee2e6', borderRadius: 4, background: 'white' }}
                  data-testid="preview-html"
                />
              </Stack>
            ) : (
              <Stack gap={4}>
                {shown.title ? <Text fw={600}>{shown.title}</Text> : null}
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {shown.body}
                </Text>
                {shown.sms ? (
                  <Text size="xs" c="dark.6">
                    {t('campaigns.step.smsParts', { length: shown.sms.length, count: shown.sms.parts, encoding: shown.sms.encoding })}
                  </Text>
                ) : null}
              </Stack>
            )}
          </Box>
        ) : null}
      </Stack>
    </Card>
  );
}

/**
 * The steps with one moved; the delays stay with the places (the first step goes at the send, the
 * second 48 hours later, ...), so moving a step changes what goes when, not the schedule.
 */
function moveStep(steps: StepDraft[], i: number, delta: -1 | 1): StepDraft[] {
  return moved(steps, i, delta).map((s, j) => ({ ...s, delayHours: steps[j].delayHours }));
}

/**
 * The campaign composer (web.md page 5): audience, steps with their messages and A/B variants,
 * holdout, goal and window, when to send (in the business's time zone); the server's preview for a
 * real member, "send a test to me" and the pre-send check before the send.
 */
export default function CampaignComposerPage() {
  return <Composer />;
}

/** The composer, for a new campaign or (`existing`) a saved draft opened from its page: saved with PATCH. */
export function Composer({ existing }: { existing?: CampaignDetail }) {
  const navigate = useNavigate();
  const segments = useSegments();
  const zone = businessTimeZone() ?? 'UTC';
  const [draft, setDraft] = useState<CampaignDraft>(() => (existing ? draftFromApi(existing, zone) : newDraft()));
  const [confirmNotSetUp, setConfirmNotSetUp] = useState(false);
  const check = usePreSendCheck();
  const create = useCreateAndSendCampaign();
  const saveAndSend = useSaveAndSendCampaign(existing?.id ?? '');
  const update = useUpdateCampaign(existing?.id ?? '');
  const send = existing ? saveAndSend : create;
  const set = (patch: Partial<CampaignDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const setStep = (i: number, s: StepDraft) => setDraft((d) => ({ ...d, steps: d.steps.map((x, j) => (j === i ? s : x)) }));

  const sendAt = draft.when === 'later' ? zonedToInstant(draft.sendAtLocal, zone) : null;
  const checkBody = useMemo(
    () => (draft.segmentId ? { segmentId: draft.segmentId, steps: draft.steps.map(stepToApi), includeSleeping: draft.includeSleeping, ...(sendAt ? { sendAt: sendAt.toISOString() } : {}) } : null),
    [draft, sendAt],
  );
  const checkedKey = JSON.stringify(check.variables ?? null);
  const stale = !!check.data && checkedKey !== JSON.stringify(checkBody);
  const notSetUp = check.data?.notSetUp ?? [];
  const segmentOptions = (segments.data?.items ?? []).map((s) => ({ value: s.id, label: t('campaigns.audience.option', { name: s.name, count: s.memberCount }) }));

  return (
    <Box maw={960}>
      <PageHeader title={existing ? t('campaigns.composer.editTitle', { name: existing.name }) : t('campaigns.composer.title')} subtitle={t('campaigns.composer.subtitle')} />
      <Stack gap="md">
        <Card withBorder padding="md">
          <Stack gap="sm">
            <TextInput label={t('campaigns.composer.name')} value={draft.name} onChange={(e) => set({ name: e.currentTarget.value })} required maw={480} />
            <Select
              label={t('campaigns.audience.label')}
              description={t('campaigns.audience.hint')}
              placeholder={t('campaigns.audience.pick')}
              data={segmentOptions}
              value={draft.segmentId}
              onChange={(v) => set({ segmentId: v })}
              searchable
              maw={480}
              nothingFoundMessage={t('campaigns.audience.none')}
              data-testid="audience-select"
            />
          </Stack>
        </Card>

        <Stack gap="sm">
          <Title order={2} size="h4">
            {t('campaigns.composer.steps')}
          </Title>
          {draft.steps.map((s, i) => (
            <StepEditor
              key={s.uid}
              step={s}
              index={i}
              count={draft.steps.length}
              onChange={(ns) => setStep(i, ns)}
              onRemove={draft.steps.length > 1 ? () => set({ steps: draft.steps.filter((_, j) => j !== i) }) : undefined}
              onMove={(delta) => set({ steps: moveStep(draft.steps, i, delta) })}
            />
          ))}
          <Group>
            <Menu shadow="md" position="bottom-start">
              <Menu.Target>
                <Button variant="light">{t('campaigns.composer.addStep')}</Button>
              </Menu.Target>
              <Menu.Dropdown>
                {STEP_CHANNELS.map((c) => (
                  <Menu.Item key={c} onClick={() => set({ steps: [...draft.steps, { ...newStep(c, draft.steps.length), delayHours: 48 }] })}>
                    {tDynamic('campaigns.channel', c)}
                  </Menu.Item>
                ))}
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Stack>

        <Card withBorder padding="md">
          <Stack gap="sm">
            <Title order={2} size="h4">
              {t('campaigns.composer.measure')}
            </Title>
            <Group align="flex-end" wrap="wrap">
              <NumberInput
                label={t('campaigns.composer.holdout')}
                description={t('campaigns.composer.holdoutHint')}
                min={0}
                max={50}
                suffix=" %"
                value={draft.holdoutPercent}
                onChange={(n) => set({ holdoutPercent: Number(n) || 0 })}
                w={260}
              />
              <Select
                label={t('campaigns.composer.goal')}
                data={GOAL_KINDS.map((g) => ({ value: g, label: tDynamic('campaigns.goal', g) }))}
                value={draft.goal.kind}
                onChange={(v) => set({ goal: { ...draft.goal, kind: (v ?? 'visit') as GoalKind } })}
                allowDeselect={false}
                w={260}
              />
              <NumberInput
                label={t('campaigns.composer.window')}
                min={1}
                max={365}
                suffix={` ${t('campaigns.composer.days')}`}
                value={draft.goal.withinDays}
                onChange={(n) => set({ goal: { ...draft.goal, withinDays: Number(n) || 14 } })}
                w={160}
              />
            </Group>
            <Checkbox label={t('campaigns.composer.includeSleeping')} checked={draft.includeSleeping} onChange={(e) => set({ includeSleeping: e.currentTarget.checked })} />
          </Stack>
        </Card>

        <Card withBorder padding="md">
          <Stack gap="sm">
            <Title order={2} size="h4">
              {t('campaigns.when.title')}
            </Title>
            <WhenChoice value={draft.when} onChange={(when) => set({ when })} />
            {draft.when === 'later' ? (
              <TextInput
                type="datetime-local"
                label={t('campaigns.when.at', { zone })}
                value={draft.sendAtLocal}
                onChange={(e) => set({ sendAtLocal: e.currentTarget.value })}
                w={280}
                error={draft.sendAtLocal && sendAt && sendAt.getTime() < Date.now() ? t('campaigns.when.past') : undefined}
              />
            ) : null}
            {sendAt ? (
              <Text size="sm" c="dark.6">
                {t('campaigns.when.summary', { at: formatDateTime(sendAt) })}
              </Text>
            ) : null}
          </Stack>
        </Card>

        <PreviewPanel draft={draft} />

        <PreSendPanel result={check.data} stale={stale} pending={check.isPending} error={check.error} disabled={!checkBody} onRun={() => checkBody && check.mutate(checkBody)} />

        {notSetUp.length ? (
          <Checkbox
            color="orange"
            label={t('campaigns.send.confirmNotSetUp', { channels: notSetUp.map((c) => tDynamic('campaigns.channel', c)).join(', ') })}
            checked={confirmNotSetUp}
            onChange={(e) => setConfirmNotSetUp(e.currentTarget.checked)}
          />
        ) : null}
        <FormError error={send.error ?? update.error} />
        {!check.data ? (
          <Alert color="blue" variant="light">
            {t('campaigns.send.checkFirst')}
          </Alert>
        ) : null}
        <Group>
          <Button
            size="md"
            disabled={!checkBody || !draft.name || (draft.when === 'later' && !sendAt) || (notSetUp.length > 0 && !confirmNotSetUp)}
            loading={send.isPending}
            onClick={() =>
              send.mutate(
                { campaign: draftToApi(draft, sendAt), confirmChannelsNotSetUp: confirmNotSetUp ? notSetUp : [] },
                {
                  onSuccess: (c) => {
                    notify(c.state === 'scheduled' ? t('campaigns.send.scheduled', { at: formatDateTime(c.sendAt) }) : t('campaigns.send.sending', { count: formatNumber(check.data?.audience ?? 0) }));
                    void navigate(`/campaigns/${c.id}`);
                  },
                },
              )
            }
          >
            {draft.when === 'later' ? t('campaigns.send.schedule') : t('campaigns.send.now')}
          </Button>
          {existing ? (
            <Button
              variant="outline"
              size="md"
              disabled={!draft.name || !draft.segmentId}
              loading={update.isPending}
              // sendAt null clears a time chosen before (the API takes null; the generated type says string)
              onClick={() =>
                update.mutate({ ...draftToApi(draft, sendAt), sendAt: sendAt ? sendAt.toISOString() : null } as unknown as UpdateCampaign, {
                  onSuccess: () => notify(t('campaigns.composer.draftSaved')),
                })
              }
            >
              {t('campaigns.composer.saveDraft')}
            </Button>
          ) : null}
          <Button variant="subtle" onClick={() => void navigate('/campaigns')}>
            {t('common.cancel')}
          </Button>
        </Group>
      </Stack>
    </Box>
  );
}
