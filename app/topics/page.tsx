import type { Metadata } from 'next';
import { connection } from 'next/server';
import { getTranslations } from 'next-intl/server';
import { TopicListView } from '@/components/topics/topic-list-view';
import { TOPIC_PAGE_SIZE } from '@/lib/topics';
import { listTopics, withinBudget } from '@/server/console';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('topics');
  return { title: t('list.title') };
}

export default async function TopicsPage() {
  await connection();
  const initial = await withinBudget('topics', () => listTopics({ q: '', system: '0', page: 1, pageSize: TOPIC_PAGE_SIZE }));
  return <TopicListView initial={initial} />;
}
