'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import type { MessageTraceDto, TraceDeliveryDto, TraceEventDto, TraceGroupDto } from '@/lib/dto/trace';
import { useFormat, type BoundFormat } from '@/lib/i18n/use-format';
import { useMessageTraceQuery } from '@/lib/queries/trace';
import { Badge, type BadgeTone } from '../ui/badge';
import { KeyValues } from '../ui/kv';
import { Alert, EmptyState, LoadingState } from '../ui/states';
import { Table, TBody, TD, TH, THead, TR } from '../ui/table';

type MessagesT = ReturnType<typeof useTranslations>;

/** Steps of one delivery often fall within a second: the timeline shows milliseconds. */
function timeText(ms: number, f: BoundFormat): string {
  return `${f.dateTime(ms)}.${String(ms % 1000).padStart(3, '0')}`;
}

/** `retry 2` / `first delivery`, in the delivery list and the timeline alike. */
function retryText(retryTimes: number | null, t: MessagesT): string {
  return retryTimes ? t('retryN', { n: retryTimes }) : t('firstDelivery');
}

/** What a timeline step says beyond its kind, worded from the values the server sends. */
function stepDetail(e: TraceEventDto, t: MessagesT): string {
  switch (e.kind) {
    case 'sent':
      return t('stepSent', { msgType: e.msgType, topic: e.topic, costMs: e.costMs });
    case 'stored':
      return t('stepStored', { broker: e.brokerName ?? e.clientHost ?? '?', queueId: e.queueId ?? '?', queueOffset: e.queueOffset ?? '?' });
    case 'endTransaction':
      return e.fromTransactionCheck ? t('stepTransactionCheck', { state: e.state }) : e.state;
    case 'consumeStart':
      return retryText(e.retryTimes, t);
    case 'consumeEnd':
      return t('stepConsumeEnd', { result: e.returnType ?? t(`deliveryStatus.${e.status}`), costMs: e.costMs ?? '?' });
    case 'dlq':
      return e.topic;
  }
}

function SectionTitle({ children }: { children: string }) {
  return <h3 className="px-4 pt-3 text-xs font-semibold tracking-wide text-slate-500 uppercase">{children}</h3>;
}

/** A message's delivery timeline (trace records merged) and what the broker knows of it, polled while on screen. */
export function MessageTrace({ id, topic, traceTopic }: { id: string; topic?: string; traceTopic?: string }) {
  const t = useTranslations('messages');
  const q = useMessageTraceQuery(id, topic, traceTopic);
  if (q.isPending) return <LoadingState label={t('traceLoading')} testId="trace-loading" />;
  if (q.error) {
    return (
      <Alert className="m-4" title={t('traceError')} testId="trace-error">
        {q.error.message}
      </Alert>
    );
  }
  return <TraceBody trace={q.data} />;
}

function TraceBody({ trace: tr }: { trace: MessageTraceDto }) {
  const t = useTranslations('messages');
  const f = useFormat();
  const p = tr.producer;
  return (
    <div data-testid="message-trace">
      {!tr.traced && (
        <Alert tone="blue" className="m-4" title={t('traceNoneTitle')} testId="trace-none">
          {t.rich('traceNoneText', { traceTopic: tr.traceTopic, code: (chunks) => <code>{chunks}</code> })}
        </Alert>
      )}
      {tr.problems.length > 0 && (
        <Alert tone="amber" className="m-4" title={t('traceProblemsTitle')} testId="trace-problems">
          {tr.problems.join('; ')}
        </Alert>
      )}
      <SectionTitle>{t('sectionProducer')}</SectionTitle>
      <KeyValues
        testId="trace-summary"
        items={[
          [t('fieldProducerGroup'), <span key="g" data-testid="trace-producer-group">{p?.group ?? '—'}</span>],
          [t('fieldProducerHost'), <span key="h" data-testid="trace-producer-host">{p?.clientHost ?? '—'}</span>],
          [t('fieldSent'), p ? t('sentSummary', { time: f.dateTime(p.timestamp), costMs: p.costMs, outcome: p.success ? t('sendSuccess') : t('sendFailed') }) : '—'],
          [t('fieldStoredOn'), <span key="s" data-testid="trace-stored">{storedText(tr, t)}</span>],
          [t('fieldStoreTime'), f.dateTime(tr.stored?.storeTimestamp ?? null)],
          ...tr.transactions.map(
            (x, i) =>
              [
                t('fieldTransaction', { n: i + 1 }),
                x.fromTransactionCheck ? t('transactionCheckAt', { state: x.state, time: f.dateTime(x.timestamp) }) : t('transactionAt', { state: x.state, time: f.dateTime(x.timestamp) }),
              ] as [string, string],
          ),
        ]}
      />
      <SectionTitle>{t('sectionGroups')}</SectionTitle>
      {tr.groups.length === 0 ? (
        <EmptyState title={t('noGroups')} testId="trace-no-groups" />
      ) : (
        <Table data-testid="trace-groups">
          <THead>
            <tr>
              <TH>{t('colGroup')}</TH>
              <TH>{t('colDeliveries')}</TH>
              <TH>{t('colConsumedByOffset')}</TH>
              <TH>{t('colDlq')}</TH>
            </tr>
          </THead>
          <TBody>
            {tr.groups.map((g) => (
              <GroupRow key={g.group} g={g} />
            ))}
          </TBody>
        </Table>
      )}
      <SectionTitle>{t('sectionTimeline')}</SectionTitle>
      {tr.timeline.length === 0 ? (
        <EmptyState title={t('timelineEmpty')} testId="trace-timeline-empty" />
      ) : (
        <Table data-testid="trace-timeline">
          <THead>
            <tr>
              <TH>{t('colTime')}</TH>
              <TH>{t('colStep')}</TH>
              <TH>{t('colGroup')}</TH>
              <TH>{t('colHost')}</TH>
              <TH>{t('colDetail')}</TH>
            </tr>
          </THead>
          <TBody>
            {tr.timeline.map((e, i) => (
              <TR key={i} data-testid={`trace-event-${e.kind}`}>
                <TD className="tabular-nums">{timeText(e.timestamp, f)}</TD>
                <TD>
                  <Badge tone={e.success === null ? 'blue' : e.success ? 'green' : 'red'}>{t(`step.${e.kind}`)}</Badge>
                </TD>
                <TD>{e.group ?? '—'}</TD>
                <TD className="font-mono text-xs">{e.clientHost ?? '—'}</TD>
                <TD className="text-xs">{stepDetail(e, t)}</TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
    </div>
  );
}

function storedText(tr: MessageTraceDto, t: MessagesT): string {
  const s = tr.stored;
  if (!s) return '—';
  if (s.queueId === null) return s.storeHost;
  return t('storedWhere', { broker: s.brokerName ?? s.storeHost, queueId: s.queueId, queueOffset: s.queueOffset ?? '?', host: s.storeHost });
}

const STATUS_TONE: Record<TraceDeliveryDto['status'], BadgeTone> = { success: 'green', failed: 'red', unknown: 'gray' };

function GroupRow({ g }: { g: TraceGroupDto }) {
  const t = useTranslations('messages');
  const f = useFormat();
  return (
    <TR data-testid="trace-group-row" data-group={g.group}>
      <TD>
        <Link className="text-sky-700 hover:underline" href={`/groups/${encodeURIComponent(g.group)}`}>
          {g.group}
        </Link>
      </TD>
      <TD className="whitespace-normal">
        {g.deliveries.length === 0 ? (
          <span className="text-slate-400">{t('notTraced')}</span>
        ) : (
          <ul className="space-y-0.5">
            {g.deliveries.map((d) => (
              <li key={d.requestId} className="flex flex-wrap items-center gap-2 text-xs" data-testid="trace-delivery">
                <Badge tone={STATUS_TONE[d.status]} testId="trace-delivery-status">
                  {t(`deliveryStatus.${d.status}`)}
                </Badge>
                <span className="font-mono" data-testid="trace-delivery-host">{d.clientHost}</span>
                <span>{retryText(d.retryTimes, t)}</span>
                <span>{d.costMs !== null ? t('costMs', { costMs: d.costMs }) : ''}</span>
                <span className="text-slate-500">{f.dateTime(d.beginTimestamp ?? d.endTimestamp)}</span>
              </li>
            ))}
          </ul>
        )}
      </TD>
      <TD data-testid="trace-group-consumed">
        {g.consumedByOffset === null ? (
          <Badge>{t('consumedUnknown')}</Badge>
        ) : g.consumedByOffset ? (
          <Badge tone="green">{t('consumed')}</Badge>
        ) : (
          <Badge tone="amber">{t('notYet')}</Badge>
        )}
      </TD>
      <TD data-testid="trace-group-dlq">{g.dlq ? <Badge tone="red">{g.dlq.topic}</Badge> : '—'}</TD>
    </TR>
  );
}
