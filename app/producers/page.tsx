import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { ProducersView } from '@/components/producers/producers-view';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('producers');
  return { title: t('title') };
}

export default function ProducersPage() {
  return <ProducersView />;
}
