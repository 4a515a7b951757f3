import { Center, Loader } from '@mantine/core';
import { t } from '../i18n/i18n';

export function PageLoader() {
  return (
    <Center py="xl" aria-busy="true">
      <Loader aria-label={t('common.loading')} />
    </Center>
  );
}
