'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';
import type { MessageDetailDto } from '@/lib/dto/admin';
import { useIssueText } from '@/lib/i18n/issue-text';
import { useFormat } from '@/lib/i18n/use-format';
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
  const t = useTranslations('messages');
  const [tab, setTab] = useState<Tab>('details');
  // A retry or DLQ copy keeps the original's msgId: its trace is the original message's, on the original topic.
  const traceTopic = m.originalTopic ?? m.topic;
  return (
    <Card
      title={t('detailTitle')}
      description={<span className="font-mono">{m.msgId}</span>}
      testId="message-detail"
      actions={
        <Link className="text-sm text-sky-700 hover:underline" href={messageTraceHref(m.msgId, traceTopic)} data-testid="message-trace-link">
          {t('tracePageLink')}
        </Link>
      }
    >
      <div className="flex gap-1 border-b border-slate-200 px-4 py-2" role="tablist">
        {(['details', 'trace'] as const).map((id) => (
          <button
            key={id}
            type="button"
            role="tab"
            aria-selected={tab === id}
            onClick={() => setTab(id)}
            data-testid={`message-tab-${id}`}
            className={cn('rounded-md px-3 py-1 text-sm capitalize', tab === id ? 'bg-slate-800 text-white' : 'text-slate-600 hover:bg-slate-100')}
          >
            {t(`tab.${id}`)}
          </button>
        ))}
      </div>
      {tab === 'trace' ? <MessageTrace id={m.msgId} topic={traceTopic} /> : <MessageFields message={m} />}
    </Card>
  );
}

function MessageFields({ message: m }: { message: MessageDetailDto }) {
  const t = useTranslations('messages');
  const f = useFormat();
  return (
    <>
      <KeyValues
        testId="message-fields"
        items={[
          [t('fieldTopic'), <Link key="t" className="text-sky-700 hover:underline" href={`/topics/${encodeURIComponent(m.topic)}`} data-testid="message-topic">{m.topic}</Link>],
          [t('fieldMessageId'), <code key="i" data-testid="message-id">{m.msgId}</code>],
          [t('fieldOffsetId'), <code key="o" data-testid="message-offset-id">{m.offsetMsgId}</code>],
          [t('fieldQueue'), `${m.brokerName ?? '?'} / ${m.queueId} @ ${m.queueOffset}`],
          [t('fieldTags'), m.tags ?? '—'],
          [t('fieldKeys'), <span key="k" data-testid="message-keys">{m.keys ?? '—'}</span>],
          [t('fieldStored'), f.dateTime(m.storeTimestamp)],
          [t('fieldBorn'), t('bornFrom', { time: f.dateTime(m.bornTimestamp), host: m.bornHost })],
          [t('fieldStoreHost'), m.storeHost],
          [t('fieldReconsumeTimes'), f.count(m.reconsumeTimes)],
          ...(m.originalTopic && m.originalTopic !== m.topic ? [[t('fieldOriginalTopic'), m.originalTopic] as [string, string]] : []),
        ]}
      />
      <div className="border-t border-slate-200">
        <h3 className="px-4 pt-3 text-xs font-semibold tracking-wide text-slate-500 uppercase">{t('bodyHeading')}</h3>
        <MessageBody key={m.offsetMsgId} message={m} />
      </div>
      <div className="border-t border-slate-200">
        <h3 className="px-4 pt-3 text-xs font-semibold tracking-wide text-slate-500 uppercase">{t('propertiesHeading')}</h3>
        <Table data-testid="message-properties">
          <THead>
            <tr>
              <TH>{t('colName')}</TH>
              <TH>{t('colValue')}</TH>
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
  const t = useTranslations('messages');
  const issue = useIssueText();
  const [group, setGroup] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const resend = useResendMutation();
  const result = resend.data?.results[0];

  function toGroup(e: FormEvent) {
    e.preventDefault();
    const parsed = groupNameSchema.safeParse(group);
    if (!parsed.success) {
      const message = parsed.error.issues[0]?.message;
      setProblem(message ? issue(message) : t('validation.badGroup'));
      return;
    }
    setProblem(null);
    resend.mutate({ ids: [m.offsetMsgId], group: parsed.data });
  }

  return (
    <form onSubmit={toGroup} noValidate className="flex flex-wrap items-end gap-3 border-t border-slate-200 p-4" data-testid="resend-form">
      <Field label={t('resendToGroup')} hint={t('resendGroupHint')} error={problem} testId="resend-group">
        <TextInput value={group} onChange={(e) => setGroup(e.target.value)} placeholder={t('resendGroupPlaceholder')} data-testid="resend-group" />
      </Field>
      <Button type="submit" disabled={resend.isPending} data-testid="resend-group-submit">
        {t('resendToGroup')}
      </Button>
      <Button variant="secondary" disabled={resend.isPending || !m.originalTopic} onClick={() => resend.mutate({ ids: [m.offsetMsgId] })} data-testid="resend-original">
        {m.originalTopic ? t('resendToTopic', { topic: m.originalTopic }) : t('resendToOriginalTopic')}
      </Button>
      {result && (
        <span className={result.ok ? 'text-sm text-emerald-700' : 'text-sm text-red-700'} data-testid="resend-result">
          {result.ok ? t('resentTo', { topic: result.topic ?? '?', id: result.newMsgId ?? '?' }) : t('resendItemFailed', { error: result.error ?? '?' })}
        </span>
      )}
      {resend.error && (
        <Alert className="w-full" title={t('resendFailed')}>
          {resend.error.message}
        </Alert>
      )}
    </form>
  );
}
