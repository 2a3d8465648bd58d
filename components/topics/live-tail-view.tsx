'use client';

import Link from 'next/link';
import { useMemo, useState, type FormEvent } from 'react';
import type { MessageSummaryDto } from '@/lib/dto/admin';
import type { LiveTailFilterDto, LiveTailMessageDto } from '@/lib/dto/live-tail';
import { formatCount } from '@/lib/format';
import { useLiveTail, type LiveTailStatus } from '@/lib/hooks/use-live-tail';
import { LIVE_TAIL_SHOWN, totalServerDropped } from '@/lib/live-tail/tail-buffer';
import { useMessageQuery } from '@/lib/queries/admin';
import { MessageDetail } from '../messages/message-detail';
import { MessageTable } from '../messages/message-table';
import { Badge, type BadgeTone } from '../ui/badge';
import { Button } from '../ui/button';
import { Card, StatTile } from '../ui/card';
import { Field, TextInput } from '../ui/form';
import { PageHeader } from '../ui/page-header';
import { Alert } from '../ui/states';

const STATUS: Record<LiveTailStatus, { tone: BadgeTone; label: string }> = {
  connecting: { tone: 'gray', label: 'connecting' },
  live: { tone: 'green', label: 'live' },
  reconnecting: { tone: 'amber', label: 'reconnecting' },
  failed: { tone: 'red', label: 'stopped' },
};

/** Binary bodies are not shown as text; the table's body column says what they are instead. */
function forTable(m: LiveTailMessageDto): MessageSummaryDto {
  return m.bodyIsText ? m : { ...m, bodyPreview: `(binary, ${formatCount(m.bodySize)} bytes)` };
}

/** New messages of a topic as they arrive, filtered on the server, the newest `LIVE_TAIL_SHOWN` shown. */
export function LiveTailView({ topic, initialFilter }: { topic: string; initialFilter: LiveTailFilterDto }) {
  const [filter, setFilter] = useState<LiveTailFilterDto>(initialFilter);
  const [draft, setDraft] = useState<LiveTailFilterDto>(initialFilter);
  const [frozen, setFrozen] = useState<{ messages: LiveTailMessageDto[]; received: number } | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const tail = useLiveTail(topic, filter);
  const detail = useMessageQuery(selected, topic);
  const { buffer } = tail;
  const shown = frozen ? frozen.messages : buffer.messages;
  const rows = useMemo(() => shown.map(forTable), [shown]);

  const apply = (e: FormEvent) => {
    e.preventDefault();
    setFrozen(null);
    setFilter({ tag: draft.tag?.trim() || undefined, key: draft.key?.trim() || undefined, body: draft.body || undefined });
    // Plain links keep the filters: the address shows what is being tailed.
    const q = new URLSearchParams(Object.entries(draft).filter(([, v]) => v) as [string, string][]).toString();
    window.history.replaceState(null, '', `${window.location.pathname}${q ? `?${q}` : ''}`);
  };
  const status = STATUS[tail.status];

  return (
    <>
      <PageHeader
        title={`${topic} · live tail`}
        description={
          <Link href={`/topics/${encodeURIComponent(topic)}`} className="text-sky-700 hover:underline" data-testid="tail-topic-link">
            ← {topic}
          </Link>
        }
        actions={
          <>
            <Badge tone={status.tone} dot testId="tail-status">
              <span data-status={tail.status}>{frozen ? 'paused' : status.label}</span>
            </Badge>
            <Button
              variant="secondary"
              data-testid="tail-pause"
              onClick={() => setFrozen(frozen ? null : { messages: buffer.messages, received: buffer.received })}
            >
              {frozen ? 'Resume' : 'Pause'}
            </Button>
          </>
        }
      />
      <div className="space-y-4">
        {tail.status === 'failed' && (
          <Alert testId="tail-error" title="The live tail stopped." actions={<Button variant="secondary" onClick={tail.retry}>Try again</Button>}>
            {tail.error}
          </Alert>
        )}
        {tail.status === 'reconnecting' && (
          <Alert tone="amber" testId="tail-reconnecting" title="Connection lost; reconnecting…">
            {tail.error}
          </Alert>
        )}
        {tail.problem && (
          <Alert tone="amber" testId="tail-problem" title="The cluster could not be read; retrying.">
            {tail.problem}
          </Alert>
        )}
        {tail.gap && (
          <Alert tone="blue" title="Some messages may be missing.">
            The connection was down longer than the server keeps recent messages for.
          </Alert>
        )}
        <Card>
          <form onSubmit={apply} className="flex flex-wrap items-end gap-3 px-4 py-3" data-testid="tail-filters">
            <Field label="Tag">
              <TextInput placeholder="TagA || TagB" value={draft.tag ?? ''} onChange={(e) => setDraft({ ...draft, tag: e.target.value })} data-testid="tail-filter-tag" />
            </Field>
            <Field label="Key">
              <TextInput value={draft.key ?? ''} onChange={(e) => setDraft({ ...draft, key: e.target.value })} data-testid="tail-filter-key" />
            </Field>
            <Field label="Body contains">
              <TextInput value={draft.body ?? ''} onChange={(e) => setDraft({ ...draft, body: e.target.value })} data-testid="tail-filter-body" />
            </Field>
            <Button type="submit" data-testid="tail-filter-apply">
              Apply
            </Button>
          </form>
        </Card>
        <div className="grid gap-3 sm:grid-cols-4">
          <StatTile label="Received" value={formatCount(buffer.received)} testId="tail-received" />
          <StatTile label="Shown" value={formatCount(shown.length)} hint={`newest ${LIVE_TAIL_SHOWN}`} testId="tail-shown" />
          <StatTile label="Dropped" value={formatCount(buffer.dropped)} hint="older than the newest shown" testId="tail-dropped" />
          <StatTile label="Skipped by server" value={formatCount(totalServerDropped(buffer))} hint="the connection fell behind" testId="tail-server-dropped" />
        </div>
        {frozen && buffer.received > frozen.received && (
          <p className="text-sm text-slate-500" data-testid="tail-paused-new">
            {formatCount(buffer.received - frozen.received)} new while paused
          </p>
        )}
        <Card>
          <MessageTable messages={rows} onSelect={(m) => setSelected(m.offsetMsgId)} selectedId={selected} />
        </Card>
        {selected && detail.data && <MessageDetail message={detail.data} />}
        {selected && detail.error && <Alert title="Could not load the message.">{detail.error.message}</Alert>}
      </div>
    </>
  );
}
