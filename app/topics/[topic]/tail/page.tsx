import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { LiveTailView } from '@/components/topics/live-tail-view';
import { decodeSegment } from '@/lib/topics';

type Props = { params: Promise<{ topic: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = await getTranslations('topics');
  return { title: t('tail.title', { topic: decodeSegment((await params).topic) }) };
}

const one = (v: string | string[] | undefined) => (typeof v === 'string' && v !== '' ? v : undefined);

/** /topics/:topic/tail?tag=&key=&body= — the filters in the address make a tail shareable as a plain link. */
export default async function TopicTailPage({ params, searchParams }: Props) {
  const topic = decodeSegment((await params).topic);
  const q = await searchParams;
  return <LiveTailView key={topic} topic={topic} initialFilter={{ tag: one(q.tag), key: one(q.key), body: one(q.body) }} />;
}
