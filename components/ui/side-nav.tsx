'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { NAV_ITEMS, isActivePath } from '@/lib/nav';
import { cn } from './cn';

/**
 * The left navigation: plain links, the current section highlighted. It fills the sidebar down to the
 * viewport's bottom and scrolls on its own when the window is too short for every link.
 */
export function SideNav() {
  const pathname = usePathname() ?? '/';
  const t = useTranslations();
  return (
    <nav aria-label={t('shell.mainNav')} data-testid="side-nav" className="flex min-h-0 flex-1 flex-col gap-0.5 overflow-y-auto px-2 pb-4">
      {NAV_ITEMS.map((item) => {
        const active = isActivePath(pathname, item.href);
        return (
          <Link
            key={item.id}
            href={item.href}
            data-testid={`nav-${item.id}`}
            aria-current={active ? 'page' : undefined}
            className={cn(
              'rounded-md px-3 py-1.5 text-sm transition-colors',
              active ? 'bg-slate-800 font-medium text-white' : 'text-slate-300 hover:bg-slate-800/60 hover:text-white',
            )}
          >
            {/* A section without a translation yet shows its English label. */}
            {t.has(`nav.${item.id}`) ? t(`nav.${item.id}`) : item.label}
          </Link>
        );
      })}
    </nav>
  );
}
