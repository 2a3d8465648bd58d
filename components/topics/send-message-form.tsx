'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';
import { useIssueText } from '@/lib/i18n/issue-text';
import { useSendMessageMutation } from '@/lib/queries/admin';
import { sendMessageInputSchema } from '@/lib/schemas/admin';
import { Button } from '../ui/button';
import { Field, TextArea, TextInput } from '../ui/form';
import { Alert } from '../ui/states';

/** Sends one message to the topic (SEND_MESSAGE_V2 through the admin client) and shows where it landed. */
export function SendMessageForm({ topic }: { topic: string }) {
  const t = useTranslations('topics');
  const issue = useIssueText();
  const [body, setBody] = useState('{"hello":"orbit"}');
  const [tags, setTags] = useState('');
  const [keys, setKeys] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const mutation = useSendMessageMutation(topic);

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const parsed = sendMessageInputSchema.safeParse({ body, tags, keys });
    if (!parsed.success) {
      setProblem(issue(parsed.error.issues[0]?.message) ?? t('send.invalid'));
      return;
    }
    setProblem(null);
    mutation.mutate(parsed.data);
  }

  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-3 p-4 md:grid-cols-2" data-testid="send-message-form">
      <Field label={t('send.tag')} hint={t('send.tagHint')}>
        <TextInput value={tags} onChange={(e) => setTags(e.target.value)} data-testid="send-tags" />
      </Field>
      <Field label={t('send.keys')} hint={t('send.keysHint')}>
        <TextInput value={keys} onChange={(e) => setKeys(e.target.value)} data-testid="send-keys" />
      </Field>
      <Field label={t('send.body')} className="md:col-span-2" error={problem} testId="send-body">
        <TextArea rows={4} value={body} onChange={(e) => setBody(e.target.value)} data-testid="send-body" />
      </Field>
      <div className="flex flex-wrap items-center gap-3 md:col-span-2">
        <Button type="submit" disabled={mutation.isPending} data-testid="send-submit">
          {mutation.isPending ? t('send.sending') : t('send.submit')}
        </Button>
        {mutation.data && (
          <span className="text-sm text-emerald-700" data-testid="send-result">
            {t('send.result', { broker: mutation.data.brokerName, queue: mutation.data.queueId, offset: mutation.data.queueOffset })}{' '}
            <Link className="font-mono underline" href={`/messages?id=${mutation.data.offsetMsgId}`} data-testid="send-result-id">
              {mutation.data.msgId}
            </Link>
          </span>
        )}
      </div>
      {mutation.error && (
        <Alert className="md:col-span-2" testId="send-error" title={t('send.error')}>
          {mutation.error.message}
        </Alert>
      )}
    </form>
  );
}
