/**
 * Rejects with `message()` if `promise` has not settled within `ms`: a hung client must fail its own test
 * with a useful message (JVM output, client log) instead of running into vitest's 300 s timeout.
 */
export function withDeadline<T>(promise: Promise<T>, ms: number, message: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no outcome within ${Math.round(ms / 1000)} s: ${message()}`)), ms);
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}
