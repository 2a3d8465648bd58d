import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { DlqView } from '@/components/dlq/dlq-view';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('dlq');
  return { title: t('title') };
}

export default function DlqPage() {
  return <DlqView />;
}
