'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useMemo, useState, type FormEvent } from 'react';
import type { MessageSummaryDto } from '@/lib/dto/admin';
import type { LiveTailFilterDto, LiveTailMessageDto } from '@/lib/dto/live-tail';
import { useLiveTail, type LiveTailStatus } from '@/lib/hooks/use-live-tail';
import { useFormat } from '@/lib/i18n/use-format';
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

const STATUS_TONE: Record<LiveTailStatus, BadgeTone> = { connecting: 'gray', live: 'green', reconnecting: 'amber', failed: 'red' };

/** Binary bodies are not shown as text; the table's body column says what they are instead (`binaryLabel`). */
function forTable(m: LiveTailMessageDto, binaryLabel: (size: number) => string): MessageSummaryDto {
  return m.bodyIsText ? m : { ...m, bodyPreview: binaryLabel(m.bodySize) };
}

/** New messages of a topic as they arrive, filtered on the server, the newest `LIVE_TAIL_SHOWN` shown. */
export function LiveTailView({ topic, initialFilter }: { topic: string; initialFilter: LiveTailFilterDto }) {
  const t = useTranslations('topics');
  const f = useFormat();
  const [filter, setFilter] = useState<LiveTailFilterDto>(initialFilter);
  const [draft, setDraft] = useState<LiveTailFilterDto>(initialFilter);
  const [frozen, setFrozen] = useState<{ messages: LiveTailMessageDto[]; received: number } | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const tail = useLiveTail(topic, filter);
  const detail = useMessageQuery(selected, topic);
  const { buffer } = tail;
  const shown = frozen ? frozen.messages : buffer.messages;
  const rows = useMemo(() => shown.map((m) => forTable(m, (size) => t('tail.binaryBody', { size }))), [shown, t]);

  const apply = (e: FormEvent) => {
    e.preventDefault();
    setFrozen(null);
    setFilter({ tag: draft.tag?.trim() || undefined, key: draft.key?.trim() || undefined, body: draft.body || undefined });
    // Plain links keep the filters: the address shows what is being tailed.
    const q = new URLSearchParams(Object.entries(draft).filter(([, v]) => v) as [string, string][]).toString();
    window.history.replaceState(null, '', `${window.location.pathname}${q ? `?${q}` : ''}`);
  };

  return (
    <>
      <PageHeader
        title={t('tail.title', { topic })}
        description={
          <Link href={`/topics/${encodeURIComponent(topic)}`} className="text-sky-700 hover:underline" data-testid="tail-topic-link">
            ← {topic}
          </Link>
        }
        actions={
          <>
            <Badge tone={STATUS_TONE[tail.status]} dot testId="tail-status">
              <span data-status={tail.status}>{frozen ? t('tail.status.paused') : t(`tail.status.${tail.status}`)}</span>
            </Badge>
            <Button
              variant="secondary"
              data-testid="tail-pause"
              onClick={() => setFrozen(frozen ? null : { messages: buffer.messages, received: buffer.received })}
            >
              {frozen ? t('tail.resume') : t('tail.pause')}
            </Button>
          </>
        }
      />
      <div className="space-y-4">
        {tail.status === 'failed' && (
          <Alert testId="tail-error" title={t('tail.stopped')} actions={<Button variant="secondary" onClick={tail.retry}>{t('tail.tryAgain')}</Button>}>
            {tail.error}
          </Alert>
        )}
        {tail.status === 'reconnecting' && (
          <Alert tone="amber" testId="tail-reconnecting" title={t('tail.reconnecting')}>
            {tail.error}
          </Alert>
        )}
        {tail.problem && (
          <Alert tone="amber" testId="tail-problem" title={t('tail.problem')}>
            {tail.problem}
          </Alert>
        )}
        {tail.gap && (
          <Alert tone="blue" title={t('tail.gapTitle')}>
            {t('tail.gapText')}
          </Alert>
        )}
        <Card>
          <form onSubmit={apply} className="flex flex-wrap items-end gap-3 px-4 py-3" data-testid="tail-filters">
            <Field label={t('tail.filterTag')}>
              <TextInput placeholder={t('tail.filterTagPlaceholder')} value={draft.tag ?? ''} onChange={(e) => setDraft({ ...draft, tag: e.target.value })} data-testid="tail-filter-tag" />
            </Field>
            <Field label={t('tail.filterKey')}>
              <TextInput value={draft.key ?? ''} onChange={(e) => setDraft({ ...draft, key: e.target.value })} data-testid="tail-filter-key" />
            </Field>
            <Field label={t('tail.filterBody')}>
              <TextInput value={draft.body ?? ''} onChange={(e) => setDraft({ ...draft, body: e.target.value })} data-testid="tail-filter-body" />
            </Field>
            <Button type="submit" data-testid="tail-filter-apply">
              {t('tail.apply')}
            </Button>
          </form>
        </Card>
        <div className="grid gap-3 sm:grid-cols-4">
          <StatTile label={t('tail.received')} value={f.count(buffer.received)} testId="tail-received" />
          <StatTile label={t('tail.shown')} value={f.count(shown.length)} hint={t('tail.shownHint', { count: LIVE_TAIL_SHOWN })} testId="tail-shown" />
          <StatTile label={t('tail.dropped')} value={f.count(buffer.dropped)} hint={t('tail.droppedHint')} testId="tail-dropped" />
          <StatTile label={t('tail.serverDropped')} value={f.count(totalServerDropped(buffer))} hint={t('tail.serverDroppedHint')} testId="tail-server-dropped" />
        </div>
        {frozen && buffer.received > frozen.received && (
          <p className="text-sm text-slate-500" data-testid="tail-paused-new">
            {t('tail.newWhilePaused', { count: f.count(buffer.received - frozen.received) })}
          </p>
        )}
        <Card>
          <MessageTable messages={rows} onSelect={(m) => setSelected(m.offsetMsgId)} selectedId={selected} />
        </Card>
        {selected && detail.data && <MessageDetail message={detail.data} />}
        {selected && detail.error && <Alert title={t('tail.messageError')}>{detail.error.message}</Alert>}
      </div>
    </>
  );
}
