import { describe, expect, it } from 'vitest';
import { decodeReceiptHandle, encodeReceiptHandle, isExpired, storedTopicOf, ReceiptHandleError } from './receipt-handle';

const h = { ckQueueOffset: 10, popTime: 1_700_000_000_000, invisibleTime: 30_000, reviveQid: 3, retryFlag: '1' as const, brokerName: 'broker-a', queueId: 2, queueOffset: 12, commitLogOffset: 987654 };

describe('receipt handle', () => {
  it('round-trips in Apache proxy layout', () => {
    const s = encodeReceiptHandle(h);
    expect(s).toBe('10 1700000000000 30000 3 1 broker-a 2 12 987654');
    expect(decodeReceiptHandle(s)).toEqual(h);
  });

  it('knows when it expired and which topic the message is stored in', () => {
    expect(isExpired(h, h.popTime + 29_999)).toBe(false);
    expect(isExpired(h, h.popTime + 30_000)).toBe(true);
    expect(storedTopicOf(h, 'T', 'G')).toBe('%RETRY%G_T');
    expect(storedTopicOf({ ...h, retryFlag: '0' }, 'T', 'G')).toBe('T');
  });

  it.each([[''], ['garbage'], ['1 2 3 4 0 b 1 2'], ['1 2 3 4 9 b 1 2 3'], ['1 x 3 4 0 b 1 2 3'], ['1 2 3 4 0 b 1 2 -3'], ['a'.repeat(2000)]])('refuses %j', (s) => {
    expect(() => decodeReceiptHandle(s)).toThrow(ReceiptHandleError);
  });
});
