import { describe, expect, it } from 'vitest';
import { decodeMessage } from '../common/message/message-decoder';
import { createOffsetMsgId } from '../common/message/message-id';
import { MessageSysFlag } from '../common/message/message-const';
import { bodyCrc, checkRecord, crc32, encodeRecord, prepareRecord, propertyOf, putInt32, putLong, readLong, type PreparedRecord } from './record-codec';
import { makeMsg } from './testing/store-test-util';
import type { MessageExtBrokerInner } from './message-store';

function prep(m: MessageExtBrokerInner, recordCrc = false): PreparedRecord {
  return prepareRecord(m, Buffer.from(m.topic), recordCrc);
}

const limits = { segmentRemaining: 1 << 20, maxMessageSize: 1 << 20 };

describe('record codec', () => {
  it('computes the zip CRC-32 and masks it as Java UtilAll.crc32 does', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(crc32(Buffer.alloc(0))).toBe(0);
    const big = Buffer.alloc(1000, 7);
    // Slicing-by-8 must agree with the byte loop on unaligned tails.
    expect(crc32(big, 3, 997)).toBe(crc32(Buffer.from(big.subarray(3, 997))));
    expect(bodyCrc(Buffer.from('123456789'), 0, 9)).toBe(0xcbf43926 & 0x7fffffff);
  });

  it('agrees with a bitwise CRC-32 on every path: bytes, words, and zlib for long runs', () => {
    const bitwise = (b: Uint8Array): number => {
      let c = 0xffffffff;
      for (const x of b) {
        c ^= x;
        for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      }
      return (c ^ 0xffffffff) >>> 0;
    };
    const data = Buffer.alloc(5000);
    for (let i = 0; i < data.length; i++) data[i] = (i * 131 + (i >> 7)) & 0xff;
    for (const len of [0, 1, 7, 8, 9, 128, 255, 256, 257, 511, 512, 513, 1000, 4096]) {
      for (const start of [0, 1, 3]) {
        expect(crc32(data, start, start + len)).toBe(bitwise(data.subarray(start, start + len)));
      }
    }
    expect(crc32(Buffer.alloc(4096, 0x61))).toBe(bitwise(Buffer.alloc(4096, 0x61)));
  });

  it('putInt32 and putLong write what the checked Buffer writers write', () => {
    const a = Buffer.alloc(12);
    const b = Buffer.alloc(12);
    for (const v of [0, 1, -1, 0x7fffffff, -0x80000000, 0xffffffff, 123456789]) {
      putInt32(a, 1, v);
      if (v > 0x7fffffff) b.writeUInt32BE(v, 1);
      else b.writeInt32BE(v, 1);
      expect(a.equals(b)).toBe(true);
    }
    for (const n of [0, 1, 2 ** 32, 2 ** 32 + 5, Number.MAX_SAFE_INTEGER, -1, -626843481, 1_700_000_000_123]) {
      putLong(a, 3, n);
      b.writeBigInt64BE(BigInt(n), 3);
      expect(a.equals(b)).toBe(true);
      expect(readLong(a, 3)).toBe(n);
    }
  });

  it('encodes a record that decodeMessage reads back field by field (IPv4)', () => {
    const m = makeMsg({ body: 'héllo wörld', tags: 'TagA', keys: ['k1', 'k2'], uniqKey: 'U1' });
    m.flag = 7;
    m.reconsumeTimes = 3;
    m.preparedTransactionOffset = 2 ** 40 + 5;
    const p = prep(m);
    const buf = Buffer.alloc(p.size + 10);
    const n = encodeRecord(buf, 5, p, 2 ** 33 + 1, 2 ** 45 + 9, 1_700_000_000_123);
    expect(n).toBe(p.size);
    const d = decodeMessage(buf, 5);
    expect(d.totalSize).toBe(p.size);
    expect(d.topic).toBe('TopicTest');
    expect(d.body.toString()).toBe('héllo wörld');
    expect(d.bodyCRC).toBe(bodyCrc(m.body, 0, m.body.length));
    expect(d.queueOffset).toBe(2 ** 33 + 1);
    expect(d.commitLogOffset).toBe(2 ** 45 + 9);
    expect(d.storeTimestamp).toBe(1_700_000_000_123);
    expect(d.bornTimestamp).toBe(1_700_000_000_000);
    expect(d.bornHost).toBe('10.0.0.2:51234');
    expect(d.storeHost).toBe('10.0.0.1:10911');
    expect(d.flag).toBe(7);
    expect(d.reconsumeTimes).toBe(3);
    expect(d.preparedTransactionOffset).toBe(2 ** 40 + 5);
    expect(d.properties).toEqual({ TAGS: 'TagA', KEYS: 'k1 k2', UNIQ_KEY: 'U1' });
    expect(d.offsetMsgId).toBe(createOffsetMsgId(Buffer.from([10, 0, 0, 1]), 10911, 2 ** 45 + 9));
    expect(d.msgId).toBe('U1');
    // A second record from the same hosts (the decoder caches host text) at other offsets.
    for (const off of [0, 1, 2 ** 32 - 1, 2 ** 32, 2 ** 52 + 3]) {
      const again = Buffer.alloc(p.size);
      encodeRecord(again, 0, p, 0, off, 1);
      const d2 = decodeMessage(again);
      expect(d2.offsetMsgId).toBe(createOffsetMsgId(Buffer.from([10, 0, 0, 1]), 10911, off));
      expect(d2.commitLogOffset).toBe(off);
      expect(d2.storeHost).toBe('10.0.0.1:10911');
    }
    const c = checkRecord(buf, 5, p.size, 2 ** 45 + 9, limits);
    expect(c.kind).toBe('record');
  });

  it('sets the IPv6 host bits from the address lengths and stays decodable', () => {
    const m = makeMsg({ body: Buffer.alloc(0) });
    m.bornHost = { ip: Buffer.alloc(16, 1), port: 1 };
    const p = prep(m);
    expect(p.sysFlag & MessageSysFlag.BORNHOST_V6_FLAG).toBeTruthy();
    expect(p.sysFlag & MessageSysFlag.STOREHOST_ADDRESS_V6_FLAG).toBeFalsy();
    const buf = Buffer.alloc(p.size);
    encodeRecord(buf, 0, p, 0, 0, 1_700_000_000_000);
    const d = decodeMessage(buf);
    expect(d.body.length).toBe(0);
    expect(d.storeTimestamp).toBe(1_700_000_000_000);
    expect(checkRecord(buf, 0, p.size, 0, limits).kind).toBe('record');
  });

  it('rejects torn and inconsistent records', () => {
    const p = prep(makeMsg({ body: 'abcdef', tags: 'T' }));
    const good = Buffer.alloc(p.size);
    encodeRecord(good, 0, p, 0, 100, Date.now());
    const bad = (mut: (b: Buffer) => void, offset = 100) => {
      const b = Buffer.from(good);
      mut(b);
      return checkRecord(b, 0, b.length, offset, limits);
    };
    expect(bad(() => undefined).kind).toBe('record');
    expect(bad(() => undefined, 101).kind).toBe('bad'); // physical offset field
    expect(bad((b) => b.writeInt32BE(p.size + 1, 0)).kind).not.toBe('record');
    expect(bad((b) => b.writeInt32BE(p.size - 1, 0)).kind).toBe('bad');
    expect(bad((b) => (b[p.size - 1] ^= 0)).kind).toBe('record');
    expect(bad((b) => (b[88] ^= 1)).kind).toBe('bad'); // body byte → CRC
    expect(bad((b) => b.writeInt32BE(0, 4)).kind).toBe('bad'); // magic
    expect(bad((b) => b.writeInt16BE(3, p.size - Buffer.byteLength(p.msg.propertiesString) - 2)).kind).toBe('bad');
    expect(checkRecord(Buffer.alloc(64), 0, 64, 0, limits).kind).toBe('end');
  });

  it('reads single properties without parsing the whole string', () => {
    const s = 'A\u0001x\u0002TAGS\u0001t1\u0002KEYS\u0001a b';
    expect(propertyOf(s, 'A')).toBe('x');
    expect(propertyOf(s, 'TAGS')).toBe('t1');
    expect(propertyOf(s, 'KEYS')).toBe('a b');
    expect(propertyOf(s, 'AGS')).toBeUndefined();
    expect(propertyOf('', 'A')).toBeUndefined();
  });
});
