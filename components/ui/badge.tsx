import type { ReactNode } from 'react';
import { cn } from './cn';

export type BadgeTone = 'green' | 'red' | 'amber' | 'blue' | 'gray';

const TONES: Record<BadgeTone, string> = {
  green: 'bg-emerald-50 text-emerald-700 ring-emerald-600/20',
  red: 'bg-red-50 text-red-700 ring-red-600/20',
  amber: 'bg-amber-50 text-amber-800 ring-amber-600/20',
  blue: 'bg-sky-50 text-sky-700 ring-sky-600/20',
  gray: 'bg-slate-100 text-slate-600 ring-slate-500/20',
};

const DOTS: Record<BadgeTone, string> = {
  green: 'bg-emerald-500',
  red: 'bg-red-500',
  amber: 'bg-amber-500',
  blue: 'bg-sky-500',
  gray: 'bg-slate-400',
};

export function Badge({ tone = 'gray', dot = false, children, testId }: { tone?: BadgeTone; dot?: boolean; children: ReactNode; testId?: string }) {
  return (
    <span
      data-testid={testId}
      className={cn('inline-flex items-center gap-1.5 rounded-md px-1.5 py-0.5 text-xs font-medium ring-1 ring-inset', TONES[tone])}
    >
      {dot && <span aria-hidden className={cn('size-1.5 rounded-full', DOTS[tone])} />}
      {children}
    </span>
  );
}
