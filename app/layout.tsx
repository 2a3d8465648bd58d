import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { UserMenu } from '@/components/auth/user-menu';
import { NamesrvIndicator } from '@/components/layout/namesrv-indicator';
import { Providers } from '@/components/layout/providers';
import { SideNav } from '@/components/ui/side-nav';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Orbit console', template: '%s · Orbit console' },
  description: 'Web console for Orbit and RocketMQ clusters',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen">
        <Providers>
          <div className="flex min-h-screen">
            <aside className="sticky top-0 flex h-screen w-56 shrink-0 flex-col self-start bg-slate-900" data-testid="side-bar">
              <Link href="/" className="flex items-center gap-2 px-5 py-4" data-testid="brand">
                <span aria-hidden className="grid size-7 place-items-center rounded-full bg-sky-500 text-sm font-bold text-white">
                  O
                </span>
                <span className="leading-tight">
                  <span className="block text-sm font-semibold text-white">Orbit</span>
                  <span className="block text-[11px] text-slate-400">RocketMQ console</span>
                </span>
              </Link>
              <SideNav />
            </aside>
            <div className="flex min-w-0 flex-1 flex-col">
              <header className="flex h-12 items-center justify-end gap-4 border-b border-slate-200 bg-white px-6">
                <NamesrvIndicator />
                <UserMenu />
              </header>
              <main className="w-full max-w-7xl flex-1 px-6 py-5">{children}</main>
            </div>
          </div>
        </Providers>
      </body>
    </html>
  );
}
