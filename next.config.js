/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // The console's server code runs in Node only; keep pino out of the bundle so its worker threads resolve.
  serverExternalPackages: ['pino'],
  poweredByHeader: false,
};

export default nextConfig;
