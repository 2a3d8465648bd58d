'use client';

import { useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';
import { ApiRequestError } from '@/lib/api/fetch-json';
import { useSession } from '@/lib/hooks/use-session';
import { safeNext } from '@/lib/login';
import { useLoginMutation } from '@/lib/queries/auth';
import { LanguageSwitch } from '../layout/language-switch';
import { Button } from '../ui/button';
import { Field, TextInput } from '../ui/form';
import { Alert } from '../ui/states';

/** The login page: a full-screen card over the console's frame. */
export function LoginForm({ next }: { next?: string }) {
  const session = useSession();
  const login = useLoginMutation();
  const t = useTranslations('auth');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate({ name, password }, { onSuccess: () => window.location.assign(safeNext(next)) });
  };

  return (
    <div className="fixed inset-0 z-50 grid place-items-center bg-slate-100">
      <div className="w-full max-w-sm rounded-lg bg-white p-6 shadow-md ring-1 ring-slate-200">
        <div className="mb-1 flex items-center justify-between gap-3">
          <h1 data-testid="page-heading" className="text-lg font-semibold text-slate-900">
            {t('loginHeading')}
          </h1>
          {/* The top bar is under this overlay: the login card carries its own switch. */}
          <LanguageSwitch />
        </div>
        {session.mode === 'open' ? (
          <p className="text-sm text-slate-600" data-testid="login-open-mode">
            {t('openMode')}{' '}
            <a href="/" className="text-sky-700 hover:underline">
              {t('goToOverview')}
            </a>
          </p>
        ) : (
          <form onSubmit={submit} className="mt-4 space-y-3" data-testid="login-form">
            <Field label={t('userName')}>
              <TextInput name="username" autoComplete="username" autoFocus value={name} onChange={(e) => setName(e.target.value)} data-testid="login-name" />
            </Field>
            <Field label={t('password')}>
              <TextInput
                name="password"
                type="password"
                autoComplete="current-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                data-testid="login-password"
              />
            </Field>
            {login.error && (
              <Alert testId="login-error" title={login.error instanceof ApiRequestError && login.error.status === 429 ? t('tooManyAttempts') : t('notLoggedIn')}>
                {login.error.message}
              </Alert>
            )}
            <Button type="submit" className="w-full" disabled={login.isPending || !name || !password} data-testid="login-submit">
              {login.isPending ? t('loggingIn') : t('logIn')}
            </Button>
          </form>
        )}
      </div>
    </div>
  );
}
