import type { Metadata } from 'next';
import { DlqView } from '@/components/dlq/dlq-view';

export const metadata: Metadata = { title: 'Retry & DLQ' };

export default function DlqPage() {
  return <DlqView />;
}
