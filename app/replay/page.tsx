import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { ReplayView } from '@/components/replay/replay-view';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('replay');
  return { title: t('title') };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const one = (v: string | string[] | undefined) => (typeof v === 'string' ? v : undefined);

/** Reached by links from a topic's page (`?topic=`) and a group's page (`?group=`). */
export default async function ReplayPage({ searchParams }: Props) {
  const q = await searchParams;
  return <ReplayView topic={one(q.topic)} group={one(q.group)} />;
}
