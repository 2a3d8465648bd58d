import type { Metadata } from 'next';
import { TopicListView } from '@/components/topics/topic-list-view';

export const metadata: Metadata = { title: 'Topics' };

export default function TopicsPage() {
  return <TopicListView />;
}
