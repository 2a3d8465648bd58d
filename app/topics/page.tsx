import type { Metadata } from 'next';
import { PlannedPage } from '@/components/layout/planned-page';

export const metadata: Metadata = { title: 'Topics' };

export default function Page() {
  return (
    <PlannedPage
      title="Topics"
      description="Topics known to the name servers, their routes and queue layout."
      plans={[
        'Every topic with its type (normal, retry, DLQ, system), read/write queue counts and permissions',
        'Route per topic: which broker groups serve it and how many queues each holds',
        'Per-queue min/max offsets and message totals',
        'Create, update and delete topics on selected brokers',
      ]}
    />
  );
}
