import type { Metadata } from 'next';
import { connection } from 'next/server';
import { GroupListView } from '@/components/groups/group-list-view';
import { GROUP_PAGE_SIZE } from '@/lib/topics';
import { listGroups, withinBudget } from '@/server/console';

export const metadata: Metadata = { title: 'Consumer groups' };

export default async function GroupsPage() {
  await connection();
  const initial = await withinBudget('groups', () => listGroups({ q: '', system: '0', page: 1, pageSize: GROUP_PAGE_SIZE }));
  return <GroupListView initial={initial} />;
}
