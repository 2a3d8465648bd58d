import createNextIntlPlugin from 'next-intl/plugin';

// The locale comes from a cookie (lib/i18n/request.ts), not from the URL: every page keeps its address in every language.
const withNextIntl = createNextIntlPlugin('./lib/i18n/request.ts');

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // The console's server code runs in Node only; keep pino out of the bundle so its worker threads resolve.
  serverExternalPackages: ['pino'],
  poweredByHeader: false,
};

export default withNextIntl(nextConfig);
