'use client';

import { useState, type FormEvent } from 'react';
import { topicInputSchema } from '@/lib/schemas/admin';
import { useSaveTopicMutation } from '@/lib/queries/admin';
import { Button } from '../ui/button';
import { Checkbox, Field, Select, TextInput } from '../ui/form';
import { Alert } from '../ui/states';

type Draft = { topic: string; readQueueNums: string; writeQueueNums: string; perm: string; order: boolean };

const EMPTY: Draft = { topic: '', readQueueNums: '8', writeQueueNums: '8', perm: '6', order: false };

/** Create a topic, or update one (`initial` fixes the name). Validated as the broker would, then on the server again. */
export function TopicForm({ initial, onDone }: { initial?: { topic?: string; readQueueNums?: number; writeQueueNums?: number; perm?: number; order?: boolean }; onDone?: (topic: string) => void }) {
  const [draft, setDraft] = useState<Draft>({
    ...EMPTY,
    ...(initial
      ? {
          topic: initial.topic ?? '',
          readQueueNums: String(initial.readQueueNums ?? 8),
          writeQueueNums: String(initial.writeQueueNums ?? 8),
          perm: String(initial.perm ?? 6),
          order: initial.order ?? false,
        }
      : {}),
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const mutation = useSaveTopicMutation();
  const set = (k: keyof Draft) => (v: string | boolean) => setDraft((d) => ({ ...d, [k]: v }));

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const parsed = topicInputSchema.safeParse(draft);
    if (!parsed.success) {
      const errs: Record<string, string> = {};
      for (const i of parsed.error.issues) errs[String(i.path[0])] ??= i.message;
      setErrors(errs);
      return;
    }
    setErrors({});
    mutation.mutate(parsed.data, { onSuccess: (r) => onDone?.(r.topic) });
  }

  const serverIssues = Object.fromEntries((mutation.error as { issues?: { path: string; message: string }[] } | null)?.issues?.map((i) => [i.path, i.message]) ?? []);
  const err = (k: string) => errors[k] ?? serverIssues[k] ?? null;

  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4 p-4 sm:grid-cols-2 lg:grid-cols-5" data-testid="topic-form">
      <Field label="Topic name" error={err('topic')} testId="topic-form-name" className="lg:col-span-2">
        <TextInput value={draft.topic} onChange={(e) => set('topic')(e.target.value)} disabled={!!initial?.topic} data-testid="topic-form-name" invalid={!!err('topic')} placeholder="e.g. OrderEvents" />
      </Field>
      <Field label="Read queues" error={err('readQueueNums')} testId="topic-form-read">
        <TextInput type="number" min={1} max={1024} value={draft.readQueueNums} onChange={(e) => set('readQueueNums')(e.target.value)} data-testid="topic-form-read" />
      </Field>
      <Field label="Write queues" error={err('writeQueueNums')} testId="topic-form-write">
        <TextInput type="number" min={1} max={1024} value={draft.writeQueueNums} onChange={(e) => set('writeQueueNums')(e.target.value)} data-testid="topic-form-write" />
      </Field>
      <Field label="Permission" error={err('perm')} testId="topic-form-perm">
        <Select value={draft.perm} onChange={(e) => set('perm')(e.target.value)} data-testid="topic-form-perm">
          <option value="6">6 · read/write</option>
          <option value="4">4 · read only</option>
          <option value="2">2 · write only</option>
        </Select>
      </Field>
      <div className="flex items-center gap-4 sm:col-span-2 lg:col-span-5">
        <Checkbox label="Ordered" checked={draft.order} onChange={(e) => set('order')(e.target.checked)} data-testid="topic-form-order" />
        <Button type="submit" disabled={mutation.isPending} data-testid="topic-form-submit">
          {mutation.isPending ? 'Saving…' : initial?.topic ? 'Update topic' : 'Create topic'}
        </Button>
        {mutation.isSuccess && (
          <span className="text-sm text-emerald-700" data-testid="topic-form-saved">
            Saved {mutation.data.topic} on {mutation.data.brokers.join(', ')}
          </span>
        )}
      </div>
      {mutation.error && (
        <Alert className="sm:col-span-2 lg:col-span-5" testId="topic-form-server-error" title="The topic was not saved.">
          {mutation.error.message}
        </Alert>
      )}
    </form>
  );
}
