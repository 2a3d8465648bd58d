'use client';

import { useState, type FormEvent } from 'react';
import { toDateTimeLocal } from '@/lib/format';
import { useResetOffsetMutation } from '@/lib/queries/admin';
import { localDateTimeToMs } from '@/lib/schemas/admin';
import { Button } from '../ui/button';
import { Field, Select, TextInput } from '../ui/form';
import { Alert } from '../ui/states';

/** Reset to a time (datetime input) or skip the backlog, on one topic or all the group consumes. */
export function ResetOffsetForm({ group, topics }: { group: string; topics: string[] }) {
  const [topic, setTopic] = useState('');
  const [when, setWhen] = useState(() => toDateTimeLocal(Date.now() - 3_600_000));
  const [problem, setProblem] = useState<string | null>(null);
  const mutation = useResetOffsetMutation(group);

  function run(timestamp: number) {
    setProblem(null);
    mutation.mutate({ timestamp, ...(topic ? { topic } : {}) });
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const ms = localDateTimeToMs(when);
    if (ms === null) {
      setProblem('enter a date and time');
      return;
    }
    run(ms);
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3 p-4" data-testid="reset-offset-form">
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Topic">
          <Select value={topic} onChange={(e) => setTopic(e.target.value)} data-testid="reset-topic">
            <option value="">All topics of the group</option>
            {topics.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Consume again from" error={problem} testId="reset-time">
          <TextInput type="datetime-local" step={1} value={when} onChange={(e) => setWhen(e.target.value)} data-testid="reset-time" />
        </Field>
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <Button type="submit" disabled={mutation.isPending} data-testid="reset-submit">
          Reset to this time
        </Button>
        <Button variant="secondary" disabled={mutation.isPending} onClick={() => run(-1)} data-testid="skip-backlog">
          Skip backlog
        </Button>
        {mutation.data && (
          <span className="text-sm text-emerald-700" data-testid="reset-result">
            Reset {mutation.data.offsets.length} queue{mutation.data.offsets.length === 1 ? '' : 's'}
            {mutation.data.method === 'offline' ? ' (group offline: offsets written directly)' : ''}.
          </span>
        )}
      </div>
      {mutation.error && (
        <Alert testId="reset-error" title="The offsets were not reset.">
          {mutation.error.message}
        </Alert>
      )}
    </form>
  );
}
