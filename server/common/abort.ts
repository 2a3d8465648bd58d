/** AbortSignal plumbing for calls that can wait long: the error they reject with, and racing a wait against it. */
import { AbortError } from './errors';

/** The error a call rejects with once `signal` has aborted; `what` names the call in the message. */
export function abortErrorOf(signal: AbortSignal, what = 'The operation'): AbortError {
  return new AbortError(`${what} was aborted`, signal.reason);
}

/** Throws {@link AbortError} when `signal` has already aborted. */
export function throwIfAborted(signal: AbortSignal | undefined, what?: string): void {
  if (signal?.aborted) throw abortErrorOf(signal, what);
}

/**
 * `work`, or an AbortError as soon as `signal` aborts. The work itself goes on (a route lookup finishing later only
 * fills a cache); its outcome is then observed and dropped, so it never becomes an unhandled rejection.
 */
export function raceAbort<T>(work: Promise<T>, signal: AbortSignal | undefined, what?: string): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) {
    work.catch(() => {});
    return Promise.reject(abortErrorOf(signal, what));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => {
      work.catch(() => {});
      reject(abortErrorOf(signal, what));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}
