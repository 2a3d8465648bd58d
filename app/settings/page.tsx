import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { NamesrvForm } from '@/components/settings/namesrv-form';
import { PageHeader } from '@/components/ui/page-header';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('settings');
  return { title: t('title') };
}

export default async function SettingsPage() {
  const t = await getTranslations('settings');
  return (
    <>
      <PageHeader title={t('title')} description={t('description')} />
      <NamesrvForm />
    </>
  );
}
