import type { Metadata } from 'next';
import { connection } from 'next/server';
import { getTranslations } from 'next-intl/server';
import { GroupListView } from '@/components/groups/group-list-view';
import { GROUP_PAGE_SIZE } from '@/lib/topics';
import { listGroups, withinBudget } from '@/server/console';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('groups');
  return { title: t('title') };
}

export default async function GroupsPage() {
  await connection();
  const initial = await withinBudget('groups', () => listGroups({ q: '', system: '0', page: 1, pageSize: GROUP_PAGE_SIZE }));
  return <GroupListView initial={initial} />;
}
