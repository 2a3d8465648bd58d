import type { Metadata } from 'next';
import { GroupListView } from '@/components/groups/group-list-view';

export const metadata: Metadata = { title: 'Consumer groups' };

export default function GroupsPage() {
  return <GroupListView />;
}
