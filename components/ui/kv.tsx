import type { ReactNode } from 'react';

/** A two-column definition list for detail panels. */
export function KeyValues({ items, testId }: { items: [ReactNode, ReactNode][]; testId?: string }) {
  return (
    <dl data-testid={testId} className="grid grid-cols-[minmax(8rem,max-content)_1fr] gap-x-6 gap-y-1 px-4 py-3 text-sm">
      {items.map(([k, v], i) => (
        <div key={i} className="contents">
          <dt className="text-slate-500">{k}</dt>
          <dd className="min-w-0 break-all text-slate-900">{v}</dd>
        </div>
      ))}
    </dl>
  );
}
