'use client';

import { useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';
import { useIssueText } from '@/lib/i18n/issue-text';
import { namesrvAddrListSchema } from '@/lib/schemas/namesrv';
import { useNamesrvSettingMutation, useNamesrvSettingQuery } from '@/lib/queries/settings';
import type { NamesrvSettingDto } from '@/lib/dto/settings';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { Alert, LoadingState } from '../ui/states';
import { AdminOnly } from '../auth/admin-only';

/** Catalogue keys (settings.source*) of where the list in force came from. */
const SOURCE_KEY: Record<NamesrvSettingDto['source'], string> = {
  embedded: 'sourceEmbedded',
  env: 'sourceEnv',
  saved: 'sourceSaved',
  default: 'sourceDefault',
};

/** Shows the name server list in force and lets the operator change it. */
export function NamesrvForm() {
  const t = useTranslations('settings');
  const issue = useIssueText();
  const setting = useNamesrvSettingQuery();
  const mutation = useNamesrvSettingMutation();
  const [draft, setDraft] = useState<string | null>(null);
  const [clientError, setClientError] = useState<string | null>(null);

  const value = draft ?? setting.data?.namesrvAddr ?? '';

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const parsed = namesrvAddrListSchema.safeParse(value);
    if (!parsed.success) {
      setClientError(issue(parsed.error.issues[0]?.message) ?? t('invalidList'));
      return;
    }
    setClientError(null);
    mutation.mutate({ namesrvAddr: parsed.data }, { onSuccess: () => setDraft(null) });
  }

  // The API validates with the same schema, so its 400 message translates too.
  const error = clientError ?? (mutation.error ? issue(mutation.error.message) : null);

  return (
    <Card title={t('namesrvTitle')} description={t('namesrvDescription')} testId="namesrv-settings">
      {setting.isPending && <LoadingState label={t('loading')} />}
      {setting.error && (
        <div className="p-4">
          <Alert testId="settings-error" title={t('loadError')}>
            {setting.error.message}
          </Alert>
        </div>
      )}
      {setting.data && (
        <form onSubmit={onSubmit} className="space-y-4 p-4" noValidate>
          <dl className="grid grid-cols-[8rem_1fr] gap-y-1 text-sm">
            <dt className="text-slate-500">{t('inUse')}</dt>
            <dd>
              <code data-testid="namesrv-current" className="font-mono text-slate-900">
                {setting.data.namesrvAddr}
              </code>
            </dd>
            <dt className="text-slate-500">{t('source')}</dt>
            <dd className="text-slate-700" data-testid="namesrv-source">
              {t(SOURCE_KEY[setting.data.source])}
              {(setting.data.source === 'embedded' || setting.data.source === 'env') && (
                <span className="text-slate-500"> — {t('untilRestart')}</span>
              )}
            </dd>
          </dl>

          <div>
            <label htmlFor="namesrv-addr" className="block text-sm font-medium text-slate-800">
              {t('addresses')}
            </label>
            <input
              id="namesrv-addr"
              data-testid="namesrv-input"
              value={value}
              onChange={(e) => {
                setDraft(e.target.value);
                setClientError(null);
                mutation.reset();
              }}
              spellCheck={false}
              autoComplete="off"
              aria-invalid={error ? true : undefined}
              aria-describedby="namesrv-help"
              className="mt-1 block w-full max-w-xl rounded-md border border-slate-300 px-3 py-1.5 font-mono text-sm text-slate-900 shadow-xs focus:border-sky-500 focus:ring-2 focus:ring-sky-500/30 focus:outline-none aria-invalid:border-red-400"
            />
            <p id="namesrv-help" className="mt-1 text-xs text-slate-500">
              {t.rich('addressesHelp', { code: (chunks) => <code>{chunks}</code> })}
            </p>
          </div>

          {error && (
            <p data-testid="namesrv-error" role="alert" className="text-sm text-red-700">
              {error}
            </p>
          )}
          {mutation.isSuccess && draft === null && (
            <p data-testid="namesrv-saved" role="status" className="text-sm text-emerald-700">
              {t('saved', { addr: mutation.data.namesrvAddr })}
            </p>
          )}

          <div className="flex items-center gap-2">
            <AdminOnly>
              <Button type="submit" data-testid="namesrv-save" disabled={mutation.isPending}>
                {mutation.isPending ? t('saving') : t('save')}
              </Button>
            </AdminOnly>
            {draft !== null && draft !== setting.data.namesrvAddr && (
              <Button
                variant="secondary"
                onClick={() => {
                  setDraft(null);
                  setClientError(null);
                }}
              >
                {t('reset')}
              </Button>
            )}
          </div>
        </form>
      )}
    </Card>
  );
}
