import type { Metadata } from 'next';
import { MessageSearchView } from '@/components/messages/message-search-view';

export const metadata: Metadata = { title: 'Messages' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function MessagesPage({ searchParams }: Props) {
  const sp = await searchParams;
  const one = (v: string | string[] | undefined) => (typeof v === 'string' && v ? v : undefined);
  return <MessageSearchView initialId={one(sp.id)} initialTopic={one(sp.topic)} />;
}
