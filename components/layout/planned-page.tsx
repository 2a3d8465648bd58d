import { Card } from '../ui/card';
import { PageHeader } from '../ui/page-header';

/** A section whose views are still to be built: says what it will show, with no made-up data. */
export function PlannedPage({ title, description, plans }: { title: string; description: string; plans: string[] }) {
  return (
    <>
      <PageHeader title={title} description={description} />
      <Card testId="planned-page" title="Not built yet" description="This section of the console is planned. It will show:">
        <ul className="list-disc space-y-1 py-3 pr-4 pl-9 text-sm text-slate-700">
          {plans.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      </Card>
    </>
  );
}
