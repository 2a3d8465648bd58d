'use client';

import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { useSendMessageMutation } from '@/lib/queries/admin';
import { sendMessageInputSchema } from '@/lib/schemas/admin';
import { Button } from '../ui/button';
import { Field, TextArea, TextInput } from '../ui/form';
import { Alert } from '../ui/states';

/** Sends one message to the topic (SEND_MESSAGE_V2 through the admin client) and shows where it landed. */
export function SendMessageForm({ topic }: { topic: string }) {
  const [body, setBody] = useState('{"hello":"orbit"}');
  const [tags, setTags] = useState('');
  const [keys, setKeys] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const mutation = useSendMessageMutation(topic);

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const parsed = sendMessageInputSchema.safeParse({ body, tags, keys });
    if (!parsed.success) {
      setProblem(parsed.error.issues[0]?.message ?? 'invalid message');
      return;
    }
    setProblem(null);
    mutation.mutate(parsed.data);
  }

  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-3 p-4 md:grid-cols-2" data-testid="send-message-form">
      <Field label="Tag" hint="Optional, e.g. TagA">
        <TextInput value={tags} onChange={(e) => setTags(e.target.value)} data-testid="send-tags" />
      </Field>
      <Field label="Keys" hint="Optional; space-separated keys are indexed">
        <TextInput value={keys} onChange={(e) => setKeys(e.target.value)} data-testid="send-keys" />
      </Field>
      <Field label="Body" className="md:col-span-2" error={problem} testId="send-body">
        <TextArea rows={4} value={body} onChange={(e) => setBody(e.target.value)} data-testid="send-body" />
      </Field>
      <div className="flex flex-wrap items-center gap-3 md:col-span-2">
        <Button type="submit" disabled={mutation.isPending} data-testid="send-submit">
          {mutation.isPending ? 'Sending…' : 'Send message'}
        </Button>
        {mutation.data && (
          <span className="text-sm text-emerald-700" data-testid="send-result">
            Sent to {mutation.data.brokerName} queue {mutation.data.queueId} at offset {mutation.data.queueOffset}; id{' '}
            <Link className="font-mono underline" href={`/messages?id=${mutation.data.offsetMsgId}`} data-testid="send-result-id">
              {mutation.data.msgId}
            </Link>
          </span>
        )}
      </div>
      {mutation.error && (
        <Alert className="md:col-span-2" testId="send-error" title="The message was not sent.">
          {mutation.error.message}
        </Alert>
      )}
    </form>
  );
}
