/**
 * One `AdminClient` per name server list, reused across requests so connections stay open between polls.
 * When the list changes, clients for other lists are shut down.
 */
import { AdminClient } from '../client/admin/admin-client';
import { logger } from '../common/logger';

/** Per-request timeout: short, since the UI polls every few seconds and an unreachable name server must not stall it. */
export const CONSOLE_ADMIN_TIMEOUT_MS = 3_000;

const log = logger.child({ module: 'console' });

/** The admin client as the façade uses it (tests pass fakes of the parts they need). */
export type AdminClientLike = AdminClient;

// On globalThis: Next.js may evaluate this module once per route bundle, and one server wants one cache.
const CACHE_KEY = Symbol.for('orbit.console.adminClients');
type Holder = { [CACHE_KEY]?: Map<string, AdminClientLike> };
const holder = globalThis as typeof globalThis & Holder;

function cache(): Map<string, AdminClientLike> {
  return (holder[CACHE_KEY] ??= new Map());
}

function shutdownQuietly(addr: string, client: AdminClientLike): void {
  client.shutdown().catch((err: unknown) => log.warn({ err, namesrvAddr: addr }, 'admin client shutdown failed'));
}

/** The admin client for this name server list, created on first use. */
export function getAdminClient(namesrvAddr: string): AdminClientLike {
  const clients = cache();
  let client = clients.get(namesrvAddr);
  if (!client) {
    for (const [addr, old] of clients) {
      clients.delete(addr);
      shutdownQuietly(addr, old);
    }
    client = new AdminClient({ namesrvAddr, timeoutMs: CONSOLE_ADMIN_TIMEOUT_MS });
    clients.set(namesrvAddr, client);
  }
  return client;
}

/** Shuts every cached client down (console stop). */
export async function shutdownAdminClients(): Promise<void> {
  const clients = cache();
  const all = [...clients.values()];
  clients.clear();
  await Promise.allSettled(all.map((c) => c.shutdown()));
}
