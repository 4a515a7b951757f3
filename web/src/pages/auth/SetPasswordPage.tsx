import { Alert, Anchor, Button, PasswordInput, Stack, Text } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../../api/client';
import { useLinkInfo, useSetPassword } from '../../api/session';
import { homeFor, type Role } from '../../app/nav';
import { errorMessage, QueryState } from '../../components/QueryState';
import { t } from '../../i18n/i18n';
import { AuthFrame } from './AuthFrame';

const MIN_LENGTH = 10;

function linkProblem(e: unknown): string {
  if (e instanceof ApiError && e.status === 410) return /used/i.test(e.message) ? t('auth.setPassword.used') : t('auth.setPassword.expired');
  if (e instanceof ApiError && e.status === 404) return t('auth.setPassword.unknown');
  return errorMessage(e);
}

/** Where an invitation or a password-reset link lands: choose a password, and you are signed in. */
export default function SetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get('token');
  const link = useLinkInfo(token);
  const setPassword = useSetPassword();
  const navigate = useNavigate();
  const [password, setPw] = useState('');
  const [confirm, setConfirm] = useState('');
  const [touched, setTouched] = useState(false);

  if (!token) {
    return (
      <AuthFrame title={t('auth.setPassword.resetTitle')}>
        <Alert color="gray">{t('auth.setPassword.missing')}</Alert>
      </AuthFrame>
    );
  }
  if (link.isError && !(link.error instanceof ApiError && link.error.transient)) {
    return (
      <AuthFrame title={t('auth.setPassword.resetTitle')}>
        <Alert color="orange" role="alert" data-testid="link-problem">
          {linkProblem(link.error)}
        </Alert>
        <Anchor component={Link} to="/forgot-password" size="sm">
          {t('auth.signIn.forgot')}
        </Anchor>
      </AuthFrame>
    );
  }

  const tooShort = password.length > 0 && password.length < MIN_LENGTH;
  const mismatch = confirm.length > 0 && confirm !== password;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (password.length < MIN_LENGTH || password !== confirm) return;
    setPassword.mutate({ token, password }, { onSuccess: (s) => navigate(homeFor(s.role as Role), { replace: true }) });
  };

  return (
    <QueryState query={link}>
      {(info) => (
        <AuthFrame title={info.kind === 'invite' ? t('auth.setPassword.inviteTitle') : t('auth.setPassword.resetTitle')}>
          <form onSubmit={submit} noValidate>
            <Stack>
              <Text size="sm">{t('auth.setPassword.intro', { email: info.email })}</Text>
              {setPassword.error ? (
                <Alert color="red" role="alert">
                  {linkProblem(setPassword.error)}
                </Alert>
              ) : null}
              <PasswordInput
                label={t('auth.setPassword.password')}
                autoComplete="new-password"
                required
                value={password}
                onChange={(e) => setPw(e.currentTarget.value)}
                error={(touched || tooShort) && password.length < MIN_LENGTH ? t('auth.setPassword.tooShort') : undefined}
                autoFocus
              />
              <PasswordInput
                label={t('auth.setPassword.confirm')}
                autoComplete="new-password"
                required
                value={confirm}
                onChange={(e) => setConfirm(e.currentTarget.value)}
                error={(touched || mismatch) && confirm !== password ? t('auth.setPassword.mismatch') : undefined}
              />
              <Button type="submit" loading={setPassword.isPending}>
                {t('auth.setPassword.submit')}
              </Button>
            </Stack>
          </form>
        </AuthFrame>
      )}
    </QueryState>
  );
}
