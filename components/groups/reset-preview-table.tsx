'use client';

import { useTranslations } from 'next-intl';
import type { ResetPreviewDto } from '@/lib/dto/admin';
import { useFormat } from '@/lib/i18n/use-format';
import { EmptyState } from '../ui/states';
import { Table, TBody, TD, TH, THead, TR } from '../ui/table';

/** Per queue: where the group is, where the reset puts it, and what that means in messages. */
export function ResetPreviewTable({ preview }: { preview: ResetPreviewDto }) {
  const t = useTranslations('groups');
  const f = useFormat();
  if (preview.queues.length === 0) {
    return (
      <EmptyState testId="reset-preview-empty" title={t('previewEmptyTitle')}>
        {t('previewEmptyText')}
      </EmptyState>
    );
  }
  const { totals } = preview;
  return (
    <Table data-testid="reset-preview">
      <THead>
        <tr>
          <TH>{t('colTopic')}</TH>
          <TH>{t('colBroker')}</TH>
          <TH className="text-right">{t('colQueue')}</TH>
          <TH className="text-right">{t('colCurrentOffset')}</TH>
          <TH className="text-right">{t('colTargetOffset')}</TH>
          <TH className="text-right">{t('colConsumedAgain')}</TH>
          <TH className="text-right">{t('colSkipped')}</TH>
        </tr>
      </THead>
      <TBody>
        {preview.queues.map((q) => (
          <TR key={`${q.topic}/${q.brokerName}/${q.queueId}`} data-testid="reset-preview-row" data-queue={`${q.topic}/${q.brokerName}/${q.queueId}`}>
            <TD>{q.topic}</TD>
            <TD>{q.brokerName}</TD>
            <TD className="text-right tabular-nums">{q.queueId}</TD>
            <TD className="text-right tabular-nums" data-testid="preview-current">
              {q.currentOffset === null ? '—' : q.currentOffset}
            </TD>
            <TD className="text-right tabular-nums" data-testid="preview-target">
              {q.targetOffset}
            </TD>
            <TD className="text-right tabular-nums" data-testid="preview-reconsume">
              {f.count(q.reconsume)}
            </TD>
            <TD className="text-right tabular-nums" data-testid="preview-skip">
              {f.count(q.skip)}
            </TD>
          </TR>
        ))}
        <TR className="font-semibold" data-testid="reset-preview-totals">
          <TD colSpan={5}>{t('previewAllQueues', { queues: f.count(totals.queues) })}</TD>
          <TD className="text-right tabular-nums" data-testid="preview-total-reconsume">
            {f.count(totals.reconsume)}
          </TD>
          <TD className="text-right tabular-nums" data-testid="preview-total-skip">
            {f.count(totals.skip)}
          </TD>
        </TR>
      </TBody>
    </Table>
  );
}

/** The confirmation question: what the reset will do, in totals. */
export function ResetQuestion({ preview }: { preview: ResetPreviewDto }) {
  const t = useTranslations('groups');
  const f = useFormat();
  const { queues, reconsume, skip } = preview.totals;
  return t('resetQuestion', { queues, reconsume, skip: f.count(skip) });
}
