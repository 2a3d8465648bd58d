import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { cn } from './cn';

export function LoadingState({ label, testId }: { label?: string; testId?: string }) {
  const t = useTranslations('ui');
  return (
    <div data-testid={testId} role="status" className="flex items-center gap-2 px-4 py-6 text-sm text-slate-500">
      <span aria-hidden className="size-3.5 animate-spin rounded-full border-2 border-slate-300 border-t-slate-600" />
      {label ?? t('loading')}
    </div>
  );
}

export function EmptyState({ title, children, testId }: { title: string; children?: ReactNode; testId?: string }) {
  return (
    <div data-testid={testId} className="px-4 py-8 text-center">
      <p className="text-sm font-medium text-slate-700">{title}</p>
      {children && <div className="mt-1 text-sm text-slate-500">{children}</div>}
    </div>
  );
}

export function Alert({
  tone = 'red',
  title,
  children,
  actions,
  testId,
  className,
}: {
  tone?: 'red' | 'amber' | 'blue';
  title: ReactNode;
  children?: ReactNode;
  actions?: ReactNode;
  testId?: string;
  className?: string;
}) {
  const tones = {
    red: 'border-red-200 bg-red-50 text-red-800',
    amber: 'border-amber-200 bg-amber-50 text-amber-900',
    blue: 'border-sky-200 bg-sky-50 text-sky-900',
  };
  return (
    <div data-testid={testId} role={tone === 'red' ? 'alert' : 'status'} className={cn('flex items-start justify-between gap-4 rounded-lg border px-4 py-3 text-sm', tones[tone], className)}>
      <div className="min-w-0">
        <p className="font-medium">{title}</p>
        {children && <div className="mt-1 break-words opacity-90">{children}</div>}
      </div>
      {actions && <div className="shrink-0">{actions}</div>}
    </div>
  );
}
