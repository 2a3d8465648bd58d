/** The console's sections, in navigation order. `id` names the `nav-<id>` test id of each link. */
export interface NavItem {
  id: string;
  href: string;
  label: string;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { id: 'overview', href: '/', label: 'Overview' },
  { id: 'cluster', href: '/cluster', label: 'Cluster' },
  { id: 'topics', href: '/topics', label: 'Topics' },
  { id: 'groups', href: '/groups', label: 'Consumer groups' },
  { id: 'messages', href: '/messages', label: 'Messages' },
  { id: 'dlq', href: '/dlq', label: 'Retry & DLQ' },
  { id: 'producers', href: '/producers', label: 'Producers' },
  { id: 'alerts', href: '/alerts', label: 'Alerts' },
  { id: 'audit', href: '/audit', label: 'Audit log' },
  { id: 'settings', href: '/settings', label: 'Settings' },
];

/** Whether `pathname` is inside the section at `href` (`/` matches only itself). */
export function isActivePath(pathname: string, href: string): boolean {
  if (href === '/') return pathname === '/';
  return pathname === href || pathname.startsWith(`${href}/`);
}
