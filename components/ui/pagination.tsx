import { useTranslations } from 'next-intl';
import { Button } from './button';

/** Previous / next with "page x of y"; hidden when everything fits on one page. */
export function Pagination({ page, pageSize, total, onPage, testId = 'pagination' }: { page: number; pageSize: number; total: number; onPage: (p: number) => void; testId?: string }) {
  const t = useTranslations('ui');
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return null;
  return (
    <div data-testid={testId} className="flex items-center justify-end gap-2 border-t border-slate-200 px-4 py-2 text-sm text-slate-600">
      <span data-testid={`${testId}-status`}>
        {t('pageOf', { page, pages })}
      </span>
      <Button variant="secondary" disabled={page <= 1} onClick={() => onPage(page - 1)} data-testid={`${testId}-prev`}>
        {t('previous')}
      </Button>
      <Button variant="secondary" disabled={page >= pages} onClick={() => onPage(page + 1)} data-testid={`${testId}-next`}>
        {t('next')}
      </Button>
    </div>
  );
}
