import type { Metadata } from 'next';
import { GroupDetailView } from '@/components/groups/group-detail-view';
import { decodeSegment } from '@/lib/topics';

type Props = { params: Promise<{ group: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: decodeSegment((await params).group) };
}

export default async function GroupPage({ params }: Props) {
  return <GroupDetailView group={decodeSegment((await params).group)} />;
}
