'use client';

import Link from 'next/link';
import type { MessageTraceDto, TraceDeliveryDto, TraceEventKind, TraceGroupDto } from '@/lib/dto/trace';
import { formatDateTime } from '@/lib/format';
import { useMessageTraceQuery } from '@/lib/queries/trace';
import { Badge, type BadgeTone } from '../ui/badge';
import { KeyValues } from '../ui/kv';
import { Alert, EmptyState, LoadingState } from '../ui/states';
import { Table, TBody, TD, TH, THead, TR } from '../ui/table';

const KIND_LABEL: Record<TraceEventKind, string> = {
  sent: 'Sent',
  stored: 'Stored',
  endTransaction: 'Transaction',
  consumeStart: 'Delivered',
  consumeEnd: 'Consumed',
  dlq: 'Dead-lettered',
};

/** Steps of one delivery often fall within a second: the timeline shows milliseconds. */
function timeText(ms: number): string {
  return `${formatDateTime(ms)}.${String(ms % 1000).padStart(3, '0')}`;
}

function SectionTitle({ children }: { children: string }) {
  return <h3 className="px-4 pt-3 text-xs font-semibold tracking-wide text-slate-500 uppercase">{children}</h3>;
}

/** A message's delivery timeline (trace records merged) and what the broker knows of it, polled while on screen. */
export function MessageTrace({ id, topic, traceTopic }: { id: string; topic?: string; traceTopic?: string }) {
  const q = useMessageTraceQuery(id, topic, traceTopic);
  if (q.isPending) return <LoadingState label="Loading trace…" testId="trace-loading" />;
  if (q.error) {
    return (
      <Alert className="m-4" title="Could not load the trace." testId="trace-error">
        {q.error.message}
      </Alert>
    );
  }
  return <TraceBody trace={q.data} />;
}

function TraceBody({ trace: t }: { trace: MessageTraceDto }) {
  return (
    <div data-testid="message-trace">
      {!t.traced && (
        <Alert tone="blue" className="m-4" title="No trace records for this message." testId="trace-none">
          Clients write them with <code>enableMsgTrace</code> to <code>{t.traceTopic}</code>; below is what the broker knows.
        </Alert>
      )}
      {t.problems.length > 0 && (
        <Alert tone="amber" className="m-4" title="Part of the trace could not be read." testId="trace-problems">
          {t.problems.join('; ')}
        </Alert>
      )}
      <SectionTitle>Producer and store</SectionTitle>
      <KeyValues
        testId="trace-summary"
        items={[
          ['Producer group', <span key="g" data-testid="trace-producer-group">{t.producer?.group ?? '—'}</span>],
          ['Producer host', <span key="h" data-testid="trace-producer-host">{t.producer?.clientHost ?? '—'}</span>],
          ['Sent', t.producer ? `${formatDateTime(t.producer.timestamp)} · ${t.producer.costMs} ms · ${t.producer.success ? 'success' : 'failed'}` : '—'],
          ['Stored on', <span key="s" data-testid="trace-stored">{storedText(t)}</span>],
          ['Store time', formatDateTime(t.stored?.storeTimestamp ?? null)],
          ...t.transactions.map((x, i) => [`Transaction ${i + 1}`, `${x.state}${x.fromTransactionCheck ? ' (answer to a check)' : ''} at ${formatDateTime(x.timestamp)}`] as [string, string]),
        ]}
      />
      <SectionTitle>Consumer groups</SectionTitle>
      {t.groups.length === 0 ? (
        <EmptyState title="No consumer group subscribes to the topic or consumed the message." testId="trace-no-groups" />
      ) : (
        <Table data-testid="trace-groups">
          <THead>
            <tr>
              <TH>Group</TH>
              <TH>Deliveries</TH>
              <TH>Consumed (by offset)</TH>
              <TH>DLQ</TH>
            </tr>
          </THead>
          <TBody>
            {t.groups.map((g) => (
              <GroupRow key={g.group} g={g} />
            ))}
          </TBody>
        </Table>
      )}
      <SectionTitle>Timeline</SectionTitle>
      {t.timeline.length === 0 ? (
        <EmptyState title="Nothing to show yet." testId="trace-timeline-empty" />
      ) : (
        <Table data-testid="trace-timeline">
          <THead>
            <tr>
              <TH>Time</TH>
              <TH>Step</TH>
              <TH>Group</TH>
              <TH>Host</TH>
              <TH>Detail</TH>
            </tr>
          </THead>
          <TBody>
            {t.timeline.map((e, i) => (
              <TR key={i} data-testid={`trace-event-${e.kind}`}>
                <TD className="tabular-nums">{timeText(e.timestamp)}</TD>
                <TD>
                  <Badge tone={e.success === null ? 'blue' : e.success ? 'green' : 'red'}>{KIND_LABEL[e.kind]}</Badge>
                </TD>
                <TD>{e.group ?? '—'}</TD>
                <TD className="font-mono text-xs">{e.clientHost ?? '—'}</TD>
                <TD className="text-xs">{e.detail}</TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
    </div>
  );
}

function storedText(t: MessageTraceDto): string {
  const s = t.stored;
  if (!s) return '—';
  if (s.queueId === null) return s.storeHost;
  return `${s.brokerName ?? s.storeHost} / queue ${s.queueId} @ offset ${s.queueOffset} (${s.storeHost})`;
}

const STATUS_TONE: Record<TraceDeliveryDto['status'], BadgeTone> = { success: 'green', failed: 'red', unknown: 'gray' };

function GroupRow({ g }: { g: TraceGroupDto }) {
  return (
    <TR data-testid="trace-group-row" data-group={g.group}>
      <TD>
        <Link className="text-sky-700 hover:underline" href={`/groups/${encodeURIComponent(g.group)}`}>
          {g.group}
        </Link>
      </TD>
      <TD className="whitespace-normal">
        {g.deliveries.length === 0 ? (
          <span className="text-slate-400">not traced</span>
        ) : (
          <ul className="space-y-0.5">
            {g.deliveries.map((d) => (
              <li key={d.requestId} className="flex flex-wrap items-center gap-2 text-xs" data-testid="trace-delivery">
                <Badge tone={STATUS_TONE[d.status]} testId="trace-delivery-status">
                  {d.status}
                </Badge>
                <span className="font-mono" data-testid="trace-delivery-host">{d.clientHost}</span>
                <span>{d.retryTimes ? `retry ${d.retryTimes}` : 'first delivery'}</span>
                <span>{d.costMs !== null ? `${d.costMs} ms` : ''}</span>
                <span className="text-slate-500">{formatDateTime(d.beginTimestamp ?? d.endTimestamp)}</span>
              </li>
            ))}
          </ul>
        )}
      </TD>
      <TD data-testid="trace-group-consumed">
        {g.consumedByOffset === null ? <Badge>unknown</Badge> : g.consumedByOffset ? <Badge tone="green">consumed</Badge> : <Badge tone="amber">not yet</Badge>}
      </TD>
      <TD data-testid="trace-group-dlq">{g.dlq ? <Badge tone="red">{g.dlq.topic}</Badge> : '—'}</TD>
    </TR>
  );
}
