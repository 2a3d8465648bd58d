'use client';

import type { ResetPreviewDto } from '@/lib/dto/admin';
import { formatCount } from '@/lib/format';
import { EmptyState } from '../ui/states';
import { Table, TBody, TD, TH, THead, TR } from '../ui/table';

/** Per queue: where the group is, where the reset puts it, and what that means in messages. */
export function ResetPreviewTable({ preview }: { preview: ResetPreviewDto }) {
  if (preview.queues.length === 0) {
    return (
      <EmptyState testId="reset-preview-empty" title="Nothing to reset">
        The group has no committed offset on any topic; choose a topic.
      </EmptyState>
    );
  }
  const { totals } = preview;
  return (
    <Table data-testid="reset-preview">
      <THead>
        <tr>
          <TH>Topic</TH>
          <TH>Broker</TH>
          <TH className="text-right">Queue</TH>
          <TH className="text-right">Current offset</TH>
          <TH className="text-right">Target offset</TH>
          <TH className="text-right">Consumed again</TH>
          <TH className="text-right">Skipped</TH>
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
              {formatCount(q.reconsume)}
            </TD>
            <TD className="text-right tabular-nums" data-testid="preview-skip">
              {formatCount(q.skip)}
            </TD>
          </TR>
        ))}
        <TR className="font-semibold" data-testid="reset-preview-totals">
          <TD colSpan={5}>All {formatCount(totals.queues)} queues</TD>
          <TD className="text-right tabular-nums" data-testid="preview-total-reconsume">
            {formatCount(totals.reconsume)}
          </TD>
          <TD className="text-right tabular-nums" data-testid="preview-total-skip">
            {formatCount(totals.skip)}
          </TD>
        </TR>
      </TBody>
    </Table>
  );
}

/** The confirmation question: what the reset will do, in totals. */
export function resetQuestion(preview: ResetPreviewDto): string {
  const { queues, reconsume, skip } = preview.totals;
  return `Reset ${formatCount(queues)} queue${queues === 1 ? '' : 's'}: ${formatCount(reconsume)} message${reconsume === 1 ? '' : 's'} consumed again, ${formatCount(skip)} skipped?`;
}
