import type { Metadata } from 'next';
import { PlannedPage } from '@/components/layout/planned-page';

export const metadata: Metadata = { title: 'Consumer groups' };

export default function Page() {
  return (
    <PlannedPage
      title="Consumer groups"
      description="Subscription groups, their consumers and how far behind they are."
      plans={[
        'Every consumer group with its consume mode (cluster / broadcast) and online client count',
        'Lag per group and per queue: broker offset, consumer offset, difference',
        'Connected consumer clients with their subscriptions',
        'Reset consumer offsets to a time or to the earliest/latest position',
      ]}
    />
  );
}
