import type { Metadata } from 'next';
import { PlannedPage } from '@/components/layout/planned-page';

export const metadata: Metadata = { title: 'Producers' };

export default function Page() {
  return (
    <PlannedPage
      title="Producers"
      description="Producer groups and the clients connected for them."
      plans={[
        'Producer groups with their connected client instances, address, language and version',
        'Per-topic send figures where the brokers report them',
      ]}
    />
  );
}
