/**
 * Webhook delivery: one JSON POST per alert event, retried with exponential backoff (base · 2^n, capped)
 * on network errors, timeouts and non-2xx answers. Each attempt's outcome is reported so the UI can show
 * failures while retries go on.
 */
export interface WebhookOptions {
  /** Attempts in all, the first included (5). */
  maxAttempts?: number;
  /** Wait before the 2nd attempt; doubled for each further one (500 ms). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Per attempt (5 s). */
  timeoutMs?: number;
  /** Told after every attempt. */
  onAttempt?: (attempt: number, error: string | null) => void;
  sleep?: (ms: number) => Promise<void>;
  /** Aborting it ends the delivery at once (the attempt in flight and the retries): the console stops. */
  signal?: AbortSignal;
}

export interface WebhookResult {
  ok: boolean;
  attempts: number;
  lastError: string | null;
}

/** The wait after failed attempt `attempt` (1-based). */
export function backoffDelayMs(attempt: number, baseDelayMs: number, maxDelayMs: number): number {
  return Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** `lastError` of a delivery ended by `signal`. */
export const DELIVERY_CANCELLED = 'cancelled: the console stopped';

/** Resolves after `ms`, or as soon as `signal` aborts. */
function sleepUnlessAborted(sleep: (ms: number) => Promise<void>, ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return sleep(ms);
  if (signal.aborted) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const done = () => {
      signal.removeEventListener('abort', done);
      resolve();
    };
    signal.addEventListener('abort', done, { once: true });
    void sleep(ms).then(done);
  });
}

export async function postWebhook(url: string, payload: unknown, opts: WebhookOptions = {}): Promise<WebhookResult> {
  const maxAttempts = opts.maxAttempts ?? 5;
  const baseDelayMs = opts.baseDelayMs ?? 500;
  const maxDelayMs = opts.maxDelayMs ?? 30_000;
  const timeoutMs = opts.timeoutMs ?? 5_000;
  const sleep = opts.sleep ?? defaultSleep;
  const body = JSON.stringify(payload);
  let lastError: string | null = null;
  const signal = opts.signal;
  const cancelled = (attempts: number): WebhookResult => ({
    ok: false,
    attempts,
    lastError: lastError ? `${DELIVERY_CANCELLED} (last attempt: ${lastError})` : DELIVERY_CANCELLED,
  });
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    if (signal?.aborted) return cancelled(attempt - 1);
    try {
      const timeout = AbortSignal.timeout(timeoutMs);
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'orbit-console-alerts' },
        body,
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        redirect: 'manual',
      });
      // Drain the body so the connection can be reused.
      await res.arrayBuffer().catch(() => undefined);
      if (res.status >= 200 && res.status < 300) {
        opts.onAttempt?.(attempt, null);
        return { ok: true, attempts: attempt, lastError: null };
      }
      lastError = `HTTP ${res.status}`;
    } catch (err) {
      if (signal?.aborted) return cancelled(attempt);
      const e = err as Error & { cause?: { code?: string; message?: string } };
      lastError = e.name === 'TimeoutError' ? `timed out after ${timeoutMs} ms` : (e.cause?.code ?? e.cause?.message ?? e.message);
    }
    opts.onAttempt?.(attempt, lastError);
    if (attempt < maxAttempts) await sleepUnlessAborted(sleep, backoffDelayMs(attempt, baseDelayMs, maxDelayMs), signal);
  }
  return { ok: false, attempts: maxAttempts, lastError };
}
