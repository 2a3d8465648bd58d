/**
 * The first page of a list for the server-rendered HTML: the page shows rows without waiting for the
 * browser to load, hydrate and fetch. Within a budget only — a slow or unreachable cluster must not hold
 * the HTML back; the browser then fetches (and shows the error) as without it.
 */
import { logger } from '../common/logger';

const log = logger.child({ module: 'console' });

/** Default wait for the first page before the HTML goes out without it. */
export const INITIAL_PAGE_BUDGET_MS = 700;

export async function withinBudget<T>(what: string, load: () => Promise<T>, budgetMs = INITIAL_PAGE_BUDGET_MS): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), budgetMs);
  });
  const loaded = load().catch((err: unknown) => {
    log.debug({ err, what }, 'initial page not rendered on the server');
    return undefined;
  });
  try {
    return await Promise.race([loaded, late]);
  } finally {
    clearTimeout(timer);
  }
}
