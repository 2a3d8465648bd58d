import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { MessageSearchView } from '@/components/messages/message-search-view';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('messages');
  return { title: t('title') };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function MessagesPage({ searchParams }: Props) {
  const sp = await searchParams;
  const one = (v: string | string[] | undefined) => (typeof v === 'string' && v ? v : undefined);
  return <MessageSearchView initialId={one(sp.id)} initialTopic={one(sp.topic)} />;
}
