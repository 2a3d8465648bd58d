import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { ClusterView } from '@/components/cluster/cluster-view';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('cluster');
  return { title: t('title') };
}

export default function ClusterPage() {
  return <ClusterView />;
}
