'use client';

import { useTranslations } from 'next-intl';

/** A topic's permission bits as words (`read/write`, `read`, `write`, `none`); the inherit bit (1) is not shown. */
export function PermLabel({ perm }: { perm: number | null | undefined }) {
  const t = useTranslations('topics');
  if (perm === null || perm === undefined) return '—';
  const read = (perm & 4) !== 0;
  const write = (perm & 2) !== 0;
  if (read && write) return t('perm.readWrite');
  if (read) return t('perm.read');
  if (write) return t('perm.write');
  return t('perm.none');
}
