import { describe, expect, it } from 'vitest';
import { abortErrorOf, raceAbort, throwIfAborted } from './abort';
import { AbortError, MqError } from './errors';

describe('AbortError', () => {
  it("is an MqError shaped like Node's own AbortError, carrying the signal's reason", () => {
    const ac = new AbortController();
    ac.abort(new Error('shutting down'));
    const err = abortErrorOf(ac.signal, 'send');
    expect(err).toBeInstanceOf(AbortError);
    expect(err).toBeInstanceOf(MqError);
    expect(err).toMatchObject({ name: 'AbortError', code: 'ABORT_ERR', retriable: false, message: 'send was aborted' });
    expect((err.cause as Error).message).toBe('shutting down');
    expect(() => throwIfAborted(ac.signal)).toThrow(AbortError);
    expect(() => throwIfAborted(undefined)).not.toThrow();
  });
});

describe('raceAbort', () => {
  it('settles as the work does when nothing aborts', async () => {
    await expect(raceAbort(Promise.resolve(7), new AbortController().signal)).resolves.toBe(7);
    await expect(raceAbort(Promise.reject(new Error('no route')), new AbortController().signal)).rejects.toThrow('no route');
  });

  it('rejects on abort and swallows the abandoned work, so no rejection goes unhandled', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      const ac = new AbortController();
      let fail!: (e: Error) => void;
      const work = new Promise<number>((_, reject) => (fail = reject));
      const raced = raceAbort(work, ac.signal, 'route lookup');
      ac.abort();
      await expect(raced).rejects.toMatchObject({ code: 'ABORT_ERR', message: 'route lookup was aborted' });
      fail(new Error('late failure'));
      await expect(raceAbort(Promise.reject(new Error('x')), AbortSignal.abort())).rejects.toBeInstanceOf(AbortError);
      await new Promise((r) => setTimeout(r, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
