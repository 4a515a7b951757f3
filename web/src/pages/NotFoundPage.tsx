import { Anchor, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { PageHeader } from '../components/PageHeader';
import { t } from '../i18n/i18n';

export default function NotFoundPage() {
  return (
    <Stack>
      <PageHeader title={t('common.notFoundTitle')} />
      <Text>{t('common.errors.notFound')}</Text>
      <Anchor component={Link} to="/">
        {t('common.backHome')}
      </Anchor>
    </Stack>
  );
}
