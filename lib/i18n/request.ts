/** next-intl's per-request configuration (wired in next.config.js): the locale from the cookie or Accept-Language. */
import { cookies, headers } from 'next/headers';
import { getRequestConfig } from 'next-intl/server';
import { LOCALE_COOKIE, resolveLocale } from './locales';
import { MESSAGES } from './messages';

export default getRequestConfig(async () => {
  const locale = resolveLocale((await cookies()).get(LOCALE_COOKIE)?.value, (await headers()).get('accept-language'));
  return { locale, messages: MESSAGES[locale], timeZone: process.env.TZ || Intl.DateTimeFormat().resolvedOptions().timeZone };
});
