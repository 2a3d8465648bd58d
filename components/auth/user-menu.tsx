'use client';

import { useTranslations } from 'next-intl';
import { useSession } from '@/lib/hooks/use-session';
import { useLogoutMutation } from '@/lib/queries/auth';
import { Badge } from '../ui/badge';

/** The top bar's user: name, role and a logout button; in open mode a note that nobody logs in. */
export function UserMenu() {
  const session = useSession();
  const logout = useLogoutMutation();
  const t = useTranslations('auth');
  if (session.loading || !session.mode) return null;
  if (session.mode === 'open') {
    return (
      <span data-testid="user-menu" className="text-xs text-slate-500" title={t('openAccessHint')}>
        <Badge tone="amber">{t('openAccess')}</Badge>
      </span>
    );
  }
  if (!session.user) return null;
  return (
    <div data-testid="user-menu" className="flex items-center gap-2 text-xs text-slate-600">
      <span data-testid="user-name" className="font-medium text-slate-800">
        {session.user}
      </span>
      <span data-testid="user-role">
        <Badge tone={session.role === 'admin' ? 'blue' : 'gray'}>{session.role}</Badge>
      </span>
      <button
        type="button"
        data-testid="logout"
        disabled={logout.isPending}
        onClick={() => logout.mutate(undefined, { onSettled: () => window.location.assign('/login') })}
        className="rounded px-2 py-1 text-slate-600 ring-1 ring-slate-300 hover:bg-slate-50"
      >
        {t('logOut')}
      </button>
    </div>
  );
}
