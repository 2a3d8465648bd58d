/**
 * Next.js calls `register` once when the console's server starts: alert evaluation begins with the
 * process instead of waiting for someone to open a page. (The engine also starts on first use.)
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startAlerting } = await import('./server/console/alerts/alert-service');
  startAlerting();
  (await import('./server/console/overview-service')).startOverviewSampling();
}
