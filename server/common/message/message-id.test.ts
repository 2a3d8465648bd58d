import { describe, expect, it } from 'vitest';
import { createOffsetMsgId, createOffsetMsgIds, decodeOffsetMsgId } from './message-id';

describe('createOffsetMsgIds', () => {
  const v4 = Buffer.from([10, 0, 0, 254]);
  const v6 = Buffer.from('fe800000000000000000000000000a01', 'hex');
  const offsets = [0, 1, 0xff, 0xffffffff, 2 ** 32, 2 ** 40 + 17, Number.MAX_SAFE_INTEGER];

  it('writes the same text as createOffsetMsgId per offset, comma-joined', () => {
    for (const [ip, port] of [[v4, 10911], [v6, 65535], [v4, 0]] as const) {
      expect(createOffsetMsgIds(ip, port, offsets)).toBe(offsets.map((o) => createOffsetMsgId(ip, port, o)).join(','));
    }
  });

  it('answers one id without a comma and nothing for no offsets', () => {
    expect(createOffsetMsgIds(v4, 10911, [4096])).toBe('0A0000FE00002A9F0000000000001000');
    expect(createOffsetMsgIds(v4, 10911, [])).toBe('');
  });

  it('round-trips through decodeOffsetMsgId', () => {
    const [a, b] = createOffsetMsgIds(v6, 30911, [123, 2 ** 45]).split(',');
    expect(decodeOffsetMsgId(a)).toMatchObject({ port: 30911, offset: 123 });
    expect(decodeOffsetMsgId(b)).toMatchObject({ port: 30911, offset: 2 ** 45 });
  });
});
