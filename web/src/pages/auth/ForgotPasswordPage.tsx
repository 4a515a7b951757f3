import { Alert, Anchor, Button, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useForgotPassword } from '../../api/session';
import { errorMessage } from '../../components/QueryState';
import { t } from '../../i18n/i18n';
import { AuthFrame } from './AuthFrame';

export default function ForgotPasswordPage() {
  const forgot = useForgotPassword();
  const [email, setEmail] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    forgot.mutate({ email: email.trim() });
  };
  return (
    <AuthFrame title={t('auth.forgot.title')}>
      {forgot.isSuccess ? (
        <Alert color="teal" role="status">
          {t('auth.forgot.sent', { email: email.trim() })}
        </Alert>
      ) : (
        <form onSubmit={submit}>
          <Stack>
            <Text size="sm">{t('auth.forgot.intro')}</Text>
            {forgot.error ? (
              <Alert color="red" role="alert">
                {errorMessage(forgot.error)}
              </Alert>
            ) : null}
            <TextInput label={t('auth.signIn.email')} type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} autoFocus />
            <Button type="submit" loading={forgot.isPending}>
              {t('auth.forgot.submit')}
            </Button>
          </Stack>
        </form>
      )}
      <Anchor component={Link} to="/sign-in" size="sm">
        {t('auth.forgot.back')}
      </Anchor>
    </AuthFrame>
  );
}
