'use client';

import { useTranslations } from 'next-intl';
import { Checkbox, TextInput } from './form';

/** Search box and the "show system" toggle above a list. */
export function ListToolbar({
  q,
  onQ,
  showSystem,
  onShowSystem,
  placeholder,
  systemLabel,
  children,
}: {
  q: string;
  onQ: (q: string) => void;
  showSystem: boolean;
  onShowSystem: (v: boolean) => void;
  placeholder: string;
  systemLabel?: string;
  children?: React.ReactNode;
}) {
  const t = useTranslations('ui');
  return (
    <div className="flex flex-wrap items-center gap-3 border-b border-slate-200 px-4 py-3">
      <TextInput type="search" value={q} onChange={(e) => onQ(e.target.value)} placeholder={placeholder} className="max-w-xs" data-testid="list-search" aria-label={placeholder} />
      <Checkbox label={systemLabel ?? t('showSystem')} checked={showSystem} onChange={(e) => onShowSystem(e.target.checked)} data-testid="list-show-system" />
      <div className="ml-auto flex items-center gap-2">{children}</div>
    </div>
  );
}
