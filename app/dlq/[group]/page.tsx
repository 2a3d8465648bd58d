import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { DlqTriageView } from '@/components/dlq/dlq-triage-view';
import { decodeSegment } from '@/lib/topics';

type Props = { params: Promise<{ group: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslations('dlq');
  return { title: t('triagePageTitle', { group: decodeSegment((await params).group) }) };
}

export default async function DlqGroupPage({ params }: Props) {
  return <DlqTriageView group={decodeSegment((await params).group)} />;
}
