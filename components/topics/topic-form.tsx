'use client';

import { useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';
import { useIssueText } from '@/lib/i18n/issue-text';
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
  const t = useTranslations('topics');
  const issue = useIssueText();
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
  const err = (k: string) => issue(errors[k] ?? serverIssues[k] ?? null);

  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4 p-4 sm:grid-cols-2 lg:grid-cols-5" data-testid="topic-form">
      <Field label={t('form.name')} error={err('topic')} testId="topic-form-name" className="lg:col-span-2">
        <TextInput value={draft.topic} onChange={(e) => set('topic')(e.target.value)} disabled={!!initial?.topic} data-testid="topic-form-name" invalid={!!err('topic')} placeholder={t('form.namePlaceholder')} />
      </Field>
      <Field label={t('form.readQueues')} error={err('readQueueNums')} testId="topic-form-read">
        <TextInput type="number" min={1} max={1024} value={draft.readQueueNums} onChange={(e) => set('readQueueNums')(e.target.value)} data-testid="topic-form-read" />
      </Field>
      <Field label={t('form.writeQueues')} error={err('writeQueueNums')} testId="topic-form-write">
        <TextInput type="number" min={1} max={1024} value={draft.writeQueueNums} onChange={(e) => set('writeQueueNums')(e.target.value)} data-testid="topic-form-write" />
      </Field>
      <Field label={t('form.permission')} error={err('perm')} testId="topic-form-perm">
        <Select value={draft.perm} onChange={(e) => set('perm')(e.target.value)} data-testid="topic-form-perm">
          <option value="6">{t('form.permReadWrite')}</option>
          <option value="4">{t('form.permReadOnly')}</option>
          <option value="2">{t('form.permWriteOnly')}</option>
        </Select>
      </Field>
      <div className="flex items-center gap-4 sm:col-span-2 lg:col-span-5">
        <Checkbox label={t('form.ordered')} checked={draft.order} onChange={(e) => set('order')(e.target.checked)} data-testid="topic-form-order" />
        <Button type="submit" disabled={mutation.isPending} data-testid="topic-form-submit">
          {mutation.isPending ? t('form.saving') : initial?.topic ? t('form.update') : t('form.create')}
        </Button>
        {mutation.isSuccess && (
          <span className="text-sm text-emerald-700" data-testid="topic-form-saved">
            {t('form.saved', { topic: mutation.data.topic, brokers: mutation.data.brokers.join(', ') })}
          </span>
        )}
      </div>
      {mutation.error && (
        <Alert className="sm:col-span-2 lg:col-span-5" testId="topic-form-server-error" title={t('form.saveError')}>
          {mutation.error.message}
        </Alert>
      )}
    </form>
  );
}
