import { Alert, Anchor, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../../api/client';
import { useSession, useSignIn } from '../../api/session';
import { homeFor, type Role } from '../../app/nav';
import { errorMessage } from '../../components/QueryState';
import { t } from '../../i18n/i18n';
import { AuthFrame } from './AuthFrame';

/** Only paths inside the app: never send a user to another site after signing in. */
function safeNext(next: string | null): string | null {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : null;
}

export default function SignInPage() {
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const session = useSession();
  const signIn = useSignIn();
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  if (session.data) return <Navigate to={next ?? homeFor(session.data.role as Role)} replace />;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    signIn.mutate({ email: email.trim(), password }, { onSuccess: (s) => navigate(next ?? homeFor(s.role as Role), { replace: true }) });
  };
  const err = signIn.error;
  const message = err instanceof ApiError && err.status === 429 ? t('auth.signIn.tooMany', { minutes: Math.max(1, Math.ceil((err.retryAfterSeconds ?? 60) / 60)) }) : err ? errorMessage(err) : null;

  return (
    <AuthFrame title={t('auth.signIn.title')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          {message ? (
            <Alert color="red" role="alert" data-testid="sign-in-error">
              {message}
            </Alert>
          ) : null}
          <TextInput label={t('auth.signIn.email')} type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} autoFocus />
          <PasswordInput label={t('auth.signIn.password')} autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
          <Button type="submit" loading={signIn.isPending} fullWidth>
            {t('auth.signIn.submit')}
          </Button>
          <Anchor component={Link} to="/forgot-password" size="sm">
            {t('auth.signIn.forgot')}
          </Anchor>
        </Stack>
      </form>
    </AuthFrame>
  );
}
