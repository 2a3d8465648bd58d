'use client';

import { useTranslations } from 'next-intl';
import type { MessageSummaryDto } from '@/lib/dto/admin';
import { useFormat } from '@/lib/i18n/use-format';
import { EmptyState } from '../ui/states';
import { Table, TBody, TD, TH, THead, TR } from '../ui/table';

/** Message rows; a click (or the id button) selects one. Optional checkboxes for bulk actions. */
export function MessageTable({
  messages,
  onSelect,
  selectedId,
  checked,
  onCheck,
  showOriginal = false,
}: {
  messages: MessageSummaryDto[];
  onSelect: (m: MessageSummaryDto) => void;
  selectedId?: string | null;
  checked?: ReadonlySet<string>;
  onCheck?: (id: string, on: boolean) => void;
  showOriginal?: boolean;
}) {
  const t = useTranslations('messages');
  const f = useFormat();
  if (messages.length === 0) return <EmptyState testId="message-empty" title={t('tableEmpty')} />;
  return (
    <Table data-testid="message-table">
      <THead>
        <tr>
          {onCheck && <TH className="w-8" />}
          <TH>{t('colMessageId')}</TH>
          <TH>{t('colTags')}</TH>
          <TH>{t('colKeys')}</TH>
          {showOriginal && <TH>{t('colOriginalTopic')}</TH>}
          {showOriginal && <TH className="text-right">{t('colReconsumed')}</TH>}
          <TH>{t('colStored')}</TH>
          <TH>{t('colQueue')}</TH>
          <TH>{t('colBody')}</TH>
        </tr>
      </THead>
      <TBody>
        {messages.map((m) => (
          <TR key={m.offsetMsgId} data-testid="message-row" data-msgid={m.msgId} className={selectedId === m.offsetMsgId ? 'bg-sky-50' : undefined}>
            {onCheck && (
              <TD>
                <input type="checkbox" aria-label={t('selectMessage', { id: m.msgId })} checked={checked?.has(m.offsetMsgId) ?? false} onChange={(e) => onCheck(m.offsetMsgId, e.target.checked)} data-testid="message-check" />
              </TD>
            )}
            <TD>
              <button type="button" className="font-mono text-xs text-sky-700 hover:underline" onClick={() => onSelect(m)} data-testid="message-open">
                {m.msgId}
              </button>
            </TD>
            <TD>{m.tags ?? '—'}</TD>
            <TD className="max-w-40 truncate">{m.keys ?? '—'}</TD>
            {showOriginal && <TD>{m.originalTopic ?? '—'}</TD>}
            {showOriginal && <TD className="text-right tabular-nums">{f.count(m.reconsumeTimes)}</TD>}
            <TD>{f.dateTime(m.storeTimestamp)}</TD>
            <TD className="text-xs text-slate-500">
              {m.brokerName}/{m.queueId}@{m.queueOffset}
            </TD>
            <TD className="max-w-64 truncate font-mono text-xs text-slate-500">{m.bodyPreview}</TD>
          </TR>
        ))}
      </TBody>
    </Table>
  );
}
