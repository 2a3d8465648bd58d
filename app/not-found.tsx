import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';

export default function NotFound() {
  return (
    <>
      <PageHeader title="Page not found" />
      <Card>
        <p className="px-4 py-6 text-sm text-slate-600">
          There is no console page at this address.{' '}
          <Link href="/" className="font-medium text-sky-700 hover:underline">
            Back to the overview
          </Link>
        </p>
      </Card>
    </>
  );
}
