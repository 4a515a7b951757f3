import { Alert, Anchor, Box, Button, Card, Code, Grid, Group, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { IconMailOpened } from '@tabler/icons-react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { ApiError } from '../../api/client';
import { useMailbox, useMailboxMessage } from '../../api/mailbox';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { formatDateTime } from '../../format';
import { t } from '../../i18n/i18n';

const isOff = (e: unknown) => e instanceof ApiError && e.status === 404 && /demo/i.test(e.message);

/**
 * The demo mailbox (web.md "Pages" 11): what Comeback sent, as it arrived at the demo's local
 * SMTP sink, newest first; a message's HTML exactly as the member would see it, in a sandboxed
 * frame (no scripts, no same-origin access), and its plain-text part.
 */
export default function MailboxPage() {
  const { id } = useParams();
  const [params, setParams] = useSearchParams();
  const after = params.get('after');
  const list = useMailbox(after);

  if (list.isError && isOff(list.error)) {
    return (
      <Box maw={720}>
        <PageHeader title={t('mailbox.title')} />
        <Alert color="blue" title={t('mailbox.off.title')} icon={<IconMailOpened aria-hidden />} data-testid="mailbox-off">
          {t('mailbox.off.body')}
        </Alert>
      </Box>
    );
  }

  const search = after ? `?after=${encodeURIComponent(after)}` : '';
  return (
    <>
      <PageHeader title={t('mailbox.title')} subtitle={t('mailbox.subtitle')} />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 5 }} display={{ base: id ? 'none' : 'block', lg: 'block' }}>
          <QueryState query={list}>
            {(data) =>
              data.items.length === 0 && !after ? (
                <Text data-testid="mailbox-empty">{t('mailbox.empty')}</Text>
              ) : (
                <Stack gap="xs">
                  <Box component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('mailbox.title')} data-testid="mailbox-list">
                    {data.items.map((m) => (
                      <Box component="li" key={m.id} mb={6}>
                        <UnstyledButton
                          component={Link}
                          to={`/mailbox/${m.id}${search}`}
                          aria-current={m.id === id ? 'true' : undefined}
                          w="100%"
                          p="sm"
                          style={{
                            display: 'block',
                            borderRadius: 'var(--mantine-radius-md)',
                            border: `1px solid ${m.id === id ? 'var(--mantine-color-teal-9)' : 'var(--mantine-color-gray-3)'}`,
                            background: m.id === id ? 'var(--mantine-color-teal-0)' : undefined,
                          }}
                        >
                          <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
                            <Text fw={600} size="sm" lineClamp={2} style={{ overflowWrap: 'anywhere' }}>
                              {m.subject || t('mailbox.noSubject')}
                            </Text>
                            <Text size="xs" c="dark.6" style={{ whiteSpace: 'nowrap' }}>
                              {formatDateTime(m.receivedAt)}
                            </Text>
                          </Group>
                          <Text size="xs" c="dark.6" truncate>
                            {t('mailbox.columns.from')}: {m.from}
                          </Text>
                          <Text size="xs" c="dark.6" truncate>
                            {t('mailbox.columns.to')}: {m.to}
                          </Text>
                        </UnstyledButton>
                      </Box>
                    ))}
                  </Box>
                  <Group justify="space-between">
                    {after ? (
                      <Button variant="subtle" onClick={() => setParams({})}>
                        {t('mailbox.newest')}
                      </Button>
                    ) : (
                      <span />
                    )}
                    {data.nextCursor ? (
                      <Button variant="outline" onClick={() => setParams({ after: String(data.nextCursor) })}>
                        {t('mailbox.older')}
                      </Button>
                    ) : null}
                  </Group>
                </Stack>
              )
            }
          </QueryState>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 7 }}>
          {id ? (
            <MessageView id={id} back={`/mailbox${search}`} />
          ) : (
            <Text c="dark.6" visibleFrom="lg">
              {t('mailbox.message.pick')}
            </Text>
          )}
        </Grid.Col>
      </Grid>
    </>
  );
}

function MessageView({ id, back }: { id: string; back: string }) {
  const message = useMailboxMessage(id);
  const navigate = useNavigate();
  return (
    <Stack gap="sm">
      <Anchor component="button" type="button" onClick={() => navigate(back)} size="sm" hiddenFrom="lg" style={{ alignSelf: 'flex-start' }}>
        ← {t('mailbox.back')}
      </Anchor>
      <QueryState query={message}>
        {(m) => (
          <Card withBorder padding="md" component="article" aria-label={m.subject || t('mailbox.noSubject')} data-testid="mailbox-message">
            <Stack gap="sm">
              <Title order={2} size="h3" style={{ overflowWrap: 'anywhere' }}>
                {m.subject || t('mailbox.noSubject')}
              </Title>
              <Box component="dl" m={0} style={{ display: 'grid', gridTemplateColumns: 'auto 1fr', columnGap: 12, rowGap: 2 }}>
                <Text component="dt" size="sm" c="dark.6">
                  {t('mailbox.message.from')}
                </Text>
                <Text component="dd" size="sm" m={0} style={{ overflowWrap: 'anywhere' }}>
                  {m.from}
                </Text>
                <Text component="dt" size="sm" c="dark.6">
                  {t('mailbox.message.to')}
                </Text>
                <Text component="dd" size="sm" m={0} style={{ overflowWrap: 'anywhere' }}>
                  {m.to}
                </Text>
                <Text component="dt" size="sm" c="dark.6">
                  {t('mailbox.message.received')}
                </Text>
                <Text component="dd" size="sm" m={0}>
                  {formatDateTime(m.receivedAt)}
                </Text>
              </Box>
              <Title order={3} size="h5">
                {t('mailbox.message.html')}
              </Title>
              {m.html ? (
                <iframe
                  sandbox=""
                  srcDoc={m.html}
                  title={t('mailbox.message.htmlFrame', { subject: m.subject || t('mailbox.noSubject') })}
                  data-testid="mailbox-html"
                  style={{ width: '100%', height: '60vh', minHeight: 360, border: '1px solid var(--mantine-color-gray-3)', borderRadius: 'var(--mantine-radius-sm)', background: 'white' }}
                />
              ) : (
                <Text size="sm" c="dark.6">
                  {t('mailbox.message.noHtml')}
                </Text>
              )}
              <Title order={3} size="h5">
                {t('mailbox.message.text')}
              </Title>
              {m.text ? (
                <Code block style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', maxHeight: 360, overflow: 'auto' }} data-testid="mailbox-text">
                  {m.text}
                </Code>
              ) : (
                <Text size="sm" c="dark.6">
                  {t('mailbox.message.noText')}
                </Text>
              )}
            </Stack>
          </Card>
        )}
      </QueryState>
    </Stack>
  );
}
