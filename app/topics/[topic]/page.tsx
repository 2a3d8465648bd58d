import type { Metadata } from 'next';
import { TopicDetailView } from '@/components/topics/topic-detail-view';
import { decodeSegment } from '@/lib/topics';

type Props = { params: Promise<{ topic: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: decodeSegment((await params).topic) };
}

export default async function TopicPage({ params }: Props) {
  const topic = decodeSegment((await params).topic);
  return <TopicDetailView topic={topic} />;
}
