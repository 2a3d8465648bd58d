import { useTranslations } from 'next-intl';
import { Card } from '../ui/card';
import { PageHeader } from '../ui/page-header';

/** A section whose views are still to be built: says what it will show, with no made-up data. */
export function PlannedPage({ title, description, plans }: { title: string; description: string; plans: string[] }) {
  const t = useTranslations('ui');
  return (
    <>
      <PageHeader title={title} description={description} />
      <Card testId="planned-page" title={t('plannedTitle')} description={t('plannedDescription')}>
        <ul className="list-disc space-y-1 py-3 pr-4 pl-9 text-sm text-slate-700">
          {plans.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      </Card>
    </>
  );
}
