import type { Metadata } from 'next';
import Link from 'next/link';
import { NextIntlClientProvider } from 'next-intl';
import { getLocale, getTranslations } from 'next-intl/server';
import type { ReactNode } from 'react';
import { UserMenu } from '@/components/auth/user-menu';
import { LanguageSwitch } from '@/components/layout/language-switch';
import { NamesrvIndicator } from '@/components/layout/namesrv-indicator';
import { Providers } from '@/components/layout/providers';
import { SideNav } from '@/components/ui/side-nav';
import './globals.css';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('shell');
  return { title: { default: t('consoleTitle'), template: `%s · ${t('consoleTitle')}` }, description: t('consoleDescription') };
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await getLocale();
  const t = await getTranslations('shell');
  return (
    <html lang={locale === 'zh' ? 'zh-CN' : 'en'}>
      <body className="min-h-screen">
        <NextIntlClientProvider>
          <Providers>
            <div className="flex min-h-screen">
              <aside className="sticky top-0 flex h-screen w-56 shrink-0 flex-col self-start bg-slate-900" data-testid="side-bar">
                <Link href="/" className="flex items-center gap-2 px-5 py-4" data-testid="brand">
                  <span aria-hidden className="grid size-7 place-items-center rounded-full bg-sky-500 text-sm font-bold text-white">
                    O
                  </span>
                  <span className="leading-tight">
                    <span className="block text-sm font-semibold text-white">{t('brandTitle')}</span>
                    <span className="block text-[11px] text-slate-400">{t('brandSubtitle')}</span>
                  </span>
                </Link>
                <SideNav />
              </aside>
              <div className="flex min-w-0 flex-1 flex-col">
                <header className="flex h-12 items-center justify-end gap-4 border-b border-slate-200 bg-white px-6">
                  <NamesrvIndicator />
                  <LanguageSwitch />
                  <UserMenu />
                </header>
                <main className="w-full max-w-7xl flex-1 px-6 py-5">{children}</main>
              </div>
            </div>
          </Providers>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
