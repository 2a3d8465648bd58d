import type { Metadata } from 'next';
import { ProducersView } from '@/components/producers/producers-view';

export const metadata: Metadata = { title: 'Producers' };

export default function ProducersPage() {
  return <ProducersView />;
}
