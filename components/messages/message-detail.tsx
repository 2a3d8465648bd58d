'use client';

import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import type { MessageDetailDto } from '@/lib/dto/admin';
import { formatDateTime } from '@/lib/format';
import { useResendMutation } from '@/lib/queries/admin';
import { groupNameSchema } from '@/lib/schemas/admin';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { Field, TextInput } from '../ui/form';
import { KeyValues } from '../ui/kv';
import { Alert } from '../ui/states';
import { Table, TBody, TD, TH, THead, TR } from '../ui/table';
import { MessageBody } from './message-body';
import { MessageTrace } from './message-trace';
import { AdminOnly } from '../auth/admin-only';
import { cn } from '../ui/cn';
import { messageTraceHref } from '@/lib/queries/trace';

type Tab = 'details' | 'trace';

/** One message: ids, times, properties, the body, and resending it; its delivery trace on the Trace tab. */
export function MessageDetail({ message: m }: { message: MessageDetailDto }) {
  const [tab, setTab] = useState<Tab>('details');
  // A retry or DLQ copy keeps the original's msgId: its trace is the original message's, on the original topic.
  const traceTopic = m.originalTopic ?? m.topic;
  return (
    <Card
      title="Message"
      description={<span className="font-mono">{m.msgId}</span>}
      testId="message-detail"
      actions={
        <Link className="text-sm text-sky-700 hover:underline" href={messageTraceHref(m.msgId, traceTopic)} data-testid="message-trace-link">
          Trace page
        </Link>
      }
    >
      <div className="flex gap-1 border-b border-slate-200 px-4 py-2" role="tablist">
        {(['details', 'trace'] as const).map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            aria-selected={tab === t}
            onClick={() => setTab(t)}
            data-testid={`message-tab-${t}`}
            className={cn('rounded-md px-3 py-1 text-sm capitalize', tab === t ? 'bg-slate-800 text-white' : 'text-slate-600 hover:bg-slate-100')}
          >
            {t}
          </button>
        ))}
      </div>
      {tab === 'trace' ? <MessageTrace id={m.msgId} topic={traceTopic} /> : <MessageFields message={m} />}
    </Card>
  );
}

function MessageFields({ message: m }: { message: MessageDetailDto }) {
  return (
    <>
      <KeyValues
        testId="message-fields"
        items={[
          ['Topic', <Link key="t" className="text-sky-700 hover:underline" href={`/topics/${encodeURIComponent(m.topic)}`} data-testid="message-topic">{m.topic}</Link>],
          ['Message id', <code key="i" data-testid="message-id">{m.msgId}</code>],
          ['Offset id', <code key="o" data-testid="message-offset-id">{m.offsetMsgId}</code>],
          ['Queue', `${m.brokerName ?? '?'} / ${m.queueId} @ ${m.queueOffset}`],
          ['Tags', m.tags ?? '—'],
          ['Keys', <span key="k" data-testid="message-keys">{m.keys ?? '—'}</span>],
          ['Stored', formatDateTime(m.storeTimestamp)],
          ['Born', `${formatDateTime(m.bornTimestamp)} from ${m.bornHost}`],
          ['Store host', m.storeHost],
          ['Reconsume times', String(m.reconsumeTimes)],
          ...(m.originalTopic && m.originalTopic !== m.topic ? [['Original topic', m.originalTopic] as [string, string]] : []),
        ]}
      />
      <div className="border-t border-slate-200">
        <h3 className="px-4 pt-3 text-xs font-semibold tracking-wide text-slate-500 uppercase">Body</h3>
        <MessageBody key={m.offsetMsgId} message={m} />
      </div>
      <div className="border-t border-slate-200">
        <h3 className="px-4 pt-3 text-xs font-semibold tracking-wide text-slate-500 uppercase">Properties</h3>
        <Table data-testid="message-properties">
          <THead>
            <tr>
              <TH>Name</TH>
              <TH>Value</TH>
            </tr>
          </THead>
          <TBody>
            {Object.entries(m.properties)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([k, v]) => (
                <TR key={k}>
                  <TD className="font-mono text-xs">{k}</TD>
                  <TD className="font-mono text-xs break-all whitespace-normal">{v}</TD>
                </TR>
              ))}
          </TBody>
        </Table>
      </div>
      <AdminOnly>
        <ResendForm message={m} />
      </AdminOnly>
    </>
  );
}

function ResendForm({ message: m }: { message: MessageDetailDto }) {
  const [group, setGroup] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const resend = useResendMutation();
  const result = resend.data?.results[0];

  function toGroup(e: FormEvent) {
    e.preventDefault();
    const parsed = groupNameSchema.safeParse(group);
    if (!parsed.success) {
      setProblem(parsed.error.issues[0]?.message ?? 'bad group');
      return;
    }
    setProblem(null);
    resend.mutate({ ids: [m.offsetMsgId], group: parsed.data });
  }

  return (
    <form onSubmit={toGroup} noValidate className="flex flex-wrap items-end gap-3 border-t border-slate-200 p-4" data-testid="resend-form">
      <Field label="Resend to group" hint="Into the group's retry topic: only that group consumes it again." error={problem} testId="resend-group">
        <TextInput value={group} onChange={(e) => setGroup(e.target.value)} placeholder="consumer group" data-testid="resend-group" />
      </Field>
      <Button type="submit" disabled={resend.isPending} data-testid="resend-group-submit">
        Resend to group
      </Button>
      <Button variant="secondary" disabled={resend.isPending || !m.originalTopic} onClick={() => resend.mutate({ ids: [m.offsetMsgId] })} data-testid="resend-original">
        Resend to {m.originalTopic ?? 'original topic'}
      </Button>
      {result && (
        <span className={result.ok ? 'text-sm text-emerald-700' : 'text-sm text-red-700'} data-testid="resend-result">
          {result.ok ? `Resent to ${result.topic} as ${result.newMsgId}` : `Failed: ${result.error}`}
        </span>
      )}
      {resend.error && (
        <Alert className="w-full" title="Resend failed.">
          {resend.error.message}
        </Alert>
      )}
    </form>
  );
}
