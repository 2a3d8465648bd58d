import type { Metadata } from 'next';
import { NamesrvForm } from '@/components/settings/namesrv-form';
import { PageHeader } from '@/components/ui/page-header';

export const metadata: Metadata = { title: 'Settings' };

export default function SettingsPage() {
  return (
    <>
      <PageHeader title="Settings" description="Console settings. Changes apply at once and are kept in the console data directory." />
      <NamesrvForm />
    </>
  );
}
