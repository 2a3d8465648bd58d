import type { Metadata } from 'next';
import { PlannedPage } from '@/components/layout/planned-page';

export const metadata: Metadata = { title: 'Messages' };

export default function Page() {
  return (
    <PlannedPage
      title="Messages"
      description="Find and inspect messages."
      plans={[
        'Look up a message by message ID or by key within a topic',
        'Browse a queue by offset or time range',
        'Message detail: properties, body preview, store time and host',
        'Trace of where a message went: which groups consumed it and when',
      ]}
    />
  );
}
