import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RemotingFrameError } from '../common/errors';
import { FrameDecoder, decodeFrame, encodeCommand } from './frame-codec';
import { RemotingCommand, SerializeType } from './remoting-command';

const fixture = (name: string) =>
  Buffer.from(fs.readFileSync(path.join(import.meta.dirname, 'fixtures', name), 'utf8').trim(), 'hex');

function decodeWhole(buf: Buffer): RemotingCommand {
  const frames = new FrameDecoder().push(buf);
  expect(frames).toHaveLength(1);
  return decodeFrame(frames[0]);
}

describe('golden frames', () => {
  it('decodes and re-encodes the Java SEND_MESSAGE_V2 request byte for byte', () => {
    const bytes = fixture('send-v2-request-json.hex');
    const cmd = decodeWhole(bytes);
    expect(cmd.code).toBe(310);
    expect(cmd.opaque).toBe(42);
    expect(cmd.version).toBe(397);
    expect(cmd.language).toBe('JAVA');
    expect(cmd.serializeType).toBe(SerializeType.JSON);
    expect(cmd.extFields?.b).toBe('TopicTest');
    expect(cmd.extFields?.i).toContain('TAGS\u0001TagA');
    expect(cmd.body?.toString()).toBe('Hello RocketMQ');
    expect(encodeCommand(cmd).equals(bytes)).toBe(true);
  });

  it('decodes and re-encodes a ROCKETMQ binary header byte for byte', () => {
    const bytes = fixture('route-request-rocketmq.hex');
    const cmd = decodeWhole(bytes);
    expect(cmd).toMatchObject({ code: 105, opaque: 7, flag: 0, version: 397, language: 'JAVA', remark: undefined });
    expect(cmd.serializeType).toBe(SerializeType.ROCKETMQ);
    expect(cmd.extFields).toEqual({ topic: 'T1' });
    expect(cmd.body).toBeUndefined();
    expect(encodeCommand(cmd).equals(bytes)).toBe(true);
  });

  it('writes the REQUEST_CODE_NOT_SUPPORTED response as Java does', () => {
    const req = new RemotingCommand({ code: 999, opaque: 42 });
    const res = RemotingCommand.responseTo(req, 3, ' request type 999 not supported');
    expect(encodeCommand(res).equals(fixture('not-supported-response-json.hex'))).toBe(true);
  });
});

describe('header values', () => {
  it('keeps an extFields key named __proto__ as a plain field in both serialize types', () => {
    for (const serializeType of [SerializeType.JSON, SerializeType.ROCKETMQ]) {
      const cmd = new RemotingCommand({ code: 0, extFields: JSON.parse('{"__proto__":"x","topic":"T"}'), serializeType });
      const back = decodeWhole(encodeCommand(cmd));
      expect(Object.keys(back.extFields ?? {})).toEqual(['__proto__', 'topic']);
      expect(Object.getPrototypeOf(back.extFields)).toBe(Object.prototype);
      expect(back.extFields?.topic).toBe('T');
    }
  });

  it('keeps all-string extFields as sent: every field, in the order a copy would list them', () => {
    const hdr = Buffer.from('{"code":310,"language":"JAVA","opaque":1,"flag":0,"version":121,"extFields":{"b":"T","2":"x","a":"","__proto__":"p"}}');
    const frame = Buffer.alloc(4 + hdr.length);
    frame.writeUInt32BE(hdr.length, 0);
    hdr.copy(frame, 4);
    const ext = decodeFrame(frame).extFields!;
    expect(Object.entries(ext)).toEqual([['2', 'x'], ['b', 'T'], ['a', ''], ['__proto__', 'p']]);
    expect(Object.getPrototypeOf(ext)).toBe(Object.prototype);
  });

  it('accepts JSON numbers and booleans in extFields, as ali-ons sends them', () => {
    const hdr = Buffer.from('{"code":310,"language":"JAVA","opaque":1,"flag":0,"version":121,"extFields":{"queueId":3,"k":false,"b":"T"}}');
    const frame = Buffer.alloc(4 + hdr.length);
    frame.writeUInt32BE(hdr.length, 0);
    hdr.copy(frame, 4);
    const cmd = decodeFrame(frame);
    expect(cmd.extFields).toEqual({ queueId: '3', k: 'false', b: 'T' });
    expect(cmd.remark).toBeUndefined();
  });

  it('round-trips unicode remarks and fields in the binary header', () => {
    const cmd = new RemotingCommand({
      code: 1,
      flag: 1,
      opaque: -5,
      remark: 'héllo ✓',
      extFields: { 'ключ': 'значение', empty: '' },
      serializeType: SerializeType.ROCKETMQ,
      body: Buffer.from([0, 1, 2]),
    });
    const back = decodeWhole(encodeCommand(cmd));
    expect(back).toMatchObject({ code: 1, flag: 1, opaque: -5, remark: 'héllo ✓' });
    expect(back.extFields).toEqual({ 'ключ': 'значение', empty: '' });
    expect([...back.body!]).toEqual([0, 1, 2]);
  });
});

describe('FrameDecoder', () => {
  it('reassembles frames split at every byte boundary', () => {
    const a = encodeCommand(new RemotingCommand({ code: 11, opaque: 1, extFields: { x: '1' }, body: Buffer.alloc(300, 7) }));
    const b = encodeCommand(new RemotingCommand({ code: 12, opaque: 2 }));
    const all = Buffer.concat([a, b]);
    for (let cut = 1; cut < all.length; cut += 13) {
      const d = new FrameDecoder();
      const frames = [...d.push(all.subarray(0, cut)), ...d.push(all.subarray(cut))];
      expect(frames.map((f) => decodeFrame(f).code)).toEqual([11, 12]);
      expect(d.pendingBytes).toBe(0);
    }
  });

  it('rejects a frame longer than the maximum before buffering it', () => {
    const d = new FrameDecoder(1024);
    const head = Buffer.alloc(4);
    head.writeInt32BE(1025, 0);
    expect(() => d.push(head)).toThrow(RemotingFrameError);
  });

  it('rejects negative and too-short lengths', () => {
    for (const n of [-1, 0, 3]) {
      const head = Buffer.alloc(8);
      head.writeInt32BE(n, 0);
      expect(() => new FrameDecoder().push(head)).toThrow(RemotingFrameError);
    }
  });

  it('rejects a header length past the frame, an unknown serialize type and bad JSON', () => {
    const f = (typeAndLen: number, rest: Buffer) => {
      const b = Buffer.alloc(4 + rest.length);
      b.writeUInt32BE(typeAndLen >>> 0, 0);
      rest.copy(b, 4);
      return b;
    };
    expect(() => decodeFrame(f(100, Buffer.from('{}')))).toThrow(RemotingFrameError);
    expect(() => decodeFrame(f((5 << 24) | 2, Buffer.from('{}')))).toThrow(RemotingFrameError);
    expect(() => decodeFrame(f(3, Buffer.from('{x}')))).toThrow(RemotingFrameError);
    expect(() => decodeFrame(f(2, Buffer.from('[]')))).toThrow(RemotingFrameError);
    expect(() => decodeFrame(f((1 << 24) | 4, Buffer.from([0, 1, 2, 3])))).toThrow(RemotingFrameError);
  });
});

describe('property: hostile bytes', () => {
  const arbCommand = fc.record({
    code: fc.integer({ min: -32768, max: 32767 }),
    opaque: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
    flag: fc.integer({ min: 0, max: 3 }),
    remark: fc.option(fc.string(), { nil: undefined }),
    extFields: fc.option(fc.dictionary(fc.string({ minLength: 1 }), fc.string()), { nil: undefined }),
    body: fc.option(fc.uint8Array({ maxLength: 64 }), { nil: undefined }),
    binary: fc.boolean(),
  });

  it('every command round-trips through both serialize types', () => {
    fc.assert(
      fc.property(arbCommand, (c) => {
        const cmd = new RemotingCommand({
          code: c.code,
          opaque: c.opaque,
          flag: c.flag,
          remark: c.remark,
          extFields: c.extFields && Object.keys(c.extFields).length ? c.extFields : undefined,
          body: c.body && c.body.length ? Buffer.from(c.body) : undefined,
          serializeType: c.binary ? SerializeType.ROCKETMQ : SerializeType.JSON,
        });
        const back = decodeWhole(encodeCommand(cmd));
        expect(back.code).toBe(cmd.code);
        expect(back.opaque).toBe(cmd.opaque);
        expect(back.remark ?? undefined).toBe(c.binary && cmd.remark === '' ? undefined : cmd.remark);
        expect(back.extFields).toEqual(cmd.extFields);
        expect(back.body?.equals(cmd.body!) ?? cmd.body === undefined).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('random and mutated bytes either decode or throw RemotingFrameError, never anything else', () => {
    const valid = encodeCommand(new RemotingCommand({ code: 310, opaque: 9, extFields: { a: 'b', topic: 'T' }, body: Buffer.from('xyz') }));
    const validBin = encodeCommand(
      new RemotingCommand({ code: 105, opaque: 9, remark: 'r', extFields: { topic: 'T' }, serializeType: SerializeType.ROCKETMQ }),
    );
    const mutated = fc
      .tuple(fc.constantFrom(valid, validBin), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }))
      .map(([base, edits]) => {
        const b = Buffer.from(base);
        for (const [pos, val] of edits) b[pos % b.length] = val;
        return b;
      });
    const random = fc.uint8Array({ maxLength: 256 }).map((a) => Buffer.from(a));
    fc.assert(
      fc.property(fc.oneof(mutated, random), fc.integer({ min: 1, max: 64 }), (bytes, chunk) => {
        const d = new FrameDecoder(64 * 1024);
        try {
          for (let i = 0; i < bytes.length; i += chunk) {
            for (const f of d.push(bytes.subarray(i, i + chunk))) decodeFrame(f);
          }
        } catch (err) {
          expect(err).toBeInstanceOf(RemotingFrameError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
