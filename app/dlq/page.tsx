import type { Metadata } from 'next';
import { PlannedPage } from '@/components/layout/planned-page';

export const metadata: Metadata = { title: 'Retry & DLQ' };

export default function Page() {
  return (
    <PlannedPage
      title="Retry & DLQ"
      description="Messages being retried and those that ran out of retries."
      plans={[
        'Retry topics (%RETRY%group) with their backlog per consumer group',
        'Dead-letter queues (%DLQ%group) and the messages in them',
        'Re-send dead-lettered messages to their original topic',
      ]}
    />
  );
}
