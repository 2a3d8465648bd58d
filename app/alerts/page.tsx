import type { Metadata } from 'next';
import { PlannedPage } from '@/components/layout/planned-page';

export const metadata: Metadata = { title: 'Alerts' };

export default function Page() {
  return (
    <PlannedPage
      title="Alerts"
      description="Rules that watch the cluster and tell you when something is wrong."
      plans={[
        'Rules on consumer lag, broker availability, disk usage and send failures',
        'Alert history with when each fired and cleared',
      ]}
    />
  );
}
