import type { Metadata } from 'next';
import { LagTrendChart } from '@/components/alerts/lag-trend-chart';
import { GroupDetailView } from '@/components/groups/group-detail-view';
import { decodeSegment } from '@/lib/topics';

type Props = { params: Promise<{ group: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: decodeSegment((await params).group) };
}

export default async function GroupPage({ params }: Props) {
  const group = decodeSegment((await params).group);
  return (
    <>
      <GroupDetailView group={group} />
      <div className="mt-4">
        <LagTrendChart group={group} />
      </div>
    </>
  );
}
