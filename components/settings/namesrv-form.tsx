'use client';

import { useState, type FormEvent } from 'react';
import { namesrvAddrListSchema } from '@/lib/schemas/namesrv';
import { useNamesrvSettingMutation, useNamesrvSettingQuery } from '@/lib/queries/settings';
import type { NamesrvSettingDto } from '@/lib/dto/settings';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { Alert, LoadingState } from '../ui/states';
import { AdminOnly } from '../auth/admin-only';

const SOURCE_TEXT: Record<NamesrvSettingDto['source'], string> = {
  embedded: 'the embedded cluster started with the console',
  env: 'the start-up options (--namesrv / ORBIT_NAMESRV)',
  saved: 'saved from this page',
  default: 'the default',
};

/** Shows the name server list in force and lets the operator change it. */
export function NamesrvForm() {
  const setting = useNamesrvSettingQuery();
  const mutation = useNamesrvSettingMutation();
  const [draft, setDraft] = useState<string | null>(null);
  const [clientError, setClientError] = useState<string | null>(null);

  const value = draft ?? setting.data?.namesrvAddr ?? '';

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const parsed = namesrvAddrListSchema.safeParse(value);
    if (!parsed.success) {
      setClientError(parsed.error.issues[0]?.message ?? 'invalid address list');
      return;
    }
    setClientError(null);
    mutation.mutate({ namesrvAddr: parsed.data }, { onSuccess: () => setDraft(null) });
  }

  const error = clientError ?? (mutation.error ? mutation.error.message : null);

  return (
    <Card title="Name server" description="The console reads cluster state from these RocketMQ name servers." testId="namesrv-settings">
      {setting.isPending && <LoadingState label="Loading settings…" />}
      {setting.error && (
        <div className="p-4">
          <Alert testId="settings-error" title="Could not load the settings.">
            {setting.error.message}
          </Alert>
        </div>
      )}
      {setting.data && (
        <form onSubmit={onSubmit} className="space-y-4 p-4" noValidate>
          <dl className="grid grid-cols-[8rem_1fr] gap-y-1 text-sm">
            <dt className="text-slate-500">In use</dt>
            <dd>
              <code data-testid="namesrv-current" className="font-mono text-slate-900">
                {setting.data.namesrvAddr}
              </code>
            </dd>
            <dt className="text-slate-500">Source</dt>
            <dd className="text-slate-700" data-testid="namesrv-source">
              {SOURCE_TEXT[setting.data.source]}
              {(setting.data.source === 'embedded' || setting.data.source === 'env') && (
                <span className="text-slate-500"> — a list saved here applies until the console restarts</span>
              )}
            </dd>
          </dl>

          <div>
            <label htmlFor="namesrv-addr" className="block text-sm font-medium text-slate-800">
              Addresses
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
              <code>host:port</code>, several separated by <code>;</code> — e.g. <code>10.0.0.1:9876;10.0.0.2:9876</code>
            </p>
          </div>

          {error && (
            <p data-testid="namesrv-error" role="alert" className="text-sm text-red-700">
              {error}
            </p>
          )}
          {mutation.isSuccess && draft === null && (
            <p data-testid="namesrv-saved" role="status" className="text-sm text-emerald-700">
              Saved. The console now uses {mutation.data.namesrvAddr}.
            </p>
          )}

          <div className="flex items-center gap-2">
            <AdminOnly>
              <Button type="submit" data-testid="namesrv-save" disabled={mutation.isPending}>
                {mutation.isPending ? 'Saving…' : 'Save'}
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
                Reset
              </Button>
            )}
          </div>
        </form>
      )}
    </Card>
  );
}
