import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ReplicationError } from '../common/errors';
import { encodeFrameHeader, encodeReport, FrameDecoder, FRAME_HEADER_SIZE, ReportDecoder } from './ha-codec';

/** Splits `buf` at the given cut points (any order, duplicates allowed). */
function split(buf: Buffer, cuts: number[]): Buffer[] {
  const at = [...new Set(cuts.map((c) => c % (buf.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let prev = 0;
  for (const c of [...at, buf.length]) {
    out.push(buf.subarray(prev, c));
    prev = c;
  }
  return out;
}

describe('HA codec', () => {
  it('encodes Apache layouts: 8-byte big-endian reports, 12-byte frame headers', () => {
    expect(encodeReport(0x0102030405).toString('hex')).toBe('0000000102030405');
    expect(encodeFrameHeader(256, 32768).toString('hex')).toBe('0000000000000100' + '00008000');
  });

  it('decodes frames and reports the same however TCP splits them', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ offset: fc.integer({ min: 0, max: 2 ** 40 }), body: fc.uint8Array({ maxLength: 300 }) }), { maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        (frames, cuts) => {
          const wire = Buffer.concat(frames.flatMap((f) => [encodeFrameHeader(f.offset, f.body.length), Buffer.from(f.body)]));
          const d = new FrameDecoder();
          const got = split(wire, cuts).flatMap((c) => d.push(c));
          expect(got.map((f) => ({ offset: f.offset, body: new Uint8Array(f.body) }))).toEqual(frames.map((f) => ({ offset: f.offset, body: new Uint8Array(f.body) })));
          expect(d.pending).toBe(0);

          const offsets = frames.map((f) => f.offset);
          const r = new ReportDecoder();
          const reports = split(Buffer.concat(offsets.map(encodeReport)), cuts).flatMap((c) => r.push(c));
          expect(reports).toEqual(offsets);
        },
      ),
    );
  });

  it('refuses negative offsets and sizes past the limit with a ReplicationError, never anything else', () => {
    const neg = Buffer.alloc(FRAME_HEADER_SIZE, 0xff);
    expect(() => new FrameDecoder().push(neg)).toThrow(ReplicationError);
    expect(() => new FrameDecoder(1024).push(encodeFrameHeader(0, 1025))).toThrow(/frame body size 1025/);
    expect(() => new ReportDecoder().push(Buffer.alloc(8, 0x80))).toThrow(ReplicationError);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        for (const d of [new FrameDecoder(4096), new ReportDecoder()]) {
          try {
            d.push(Buffer.from(bytes));
          } catch (e) {
            expect(e).toBeInstanceOf(ReplicationError);
          }
        }
      }),
    );
  });
});
