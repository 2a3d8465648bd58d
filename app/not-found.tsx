import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';

export default async function NotFound() {
  const t = await getTranslations('notFound');
  return (
    <>
      <PageHeader title={t('title')} />
      <Card>
        <p className="px-4 py-6 text-sm text-slate-600">
          {t('text')}{' '}
          <Link href="/" className="font-medium text-sky-700 hover:underline">
            {t('back')}
          </Link>
        </p>
      </Card>
    </>
  );
}
