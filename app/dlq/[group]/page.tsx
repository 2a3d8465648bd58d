import type { Metadata } from 'next';
import { DlqTriageView } from '@/components/dlq/dlq-triage-view';
import { decodeSegment } from '@/lib/topics';

type Props = { params: Promise<{ group: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `DLQ · ${decodeSegment((await params).group)}` };
}

export default async function DlqGroupPage({ params }: Props) {
  return <DlqTriageView group={decodeSegment((await params).group)} />;
}
