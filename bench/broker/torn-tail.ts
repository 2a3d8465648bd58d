/**
 * The torn mode of `bench broker-kill`: while the broker is down, damage the CommitLog past the last acknowledged
 * record, as a power cut can leave a disk — zeros, random bytes, a torn record header or torn properties — the way
 * ../shared/ref/apache-reference.md describes the case that made Apache 4.9.7 serve undecodable entries.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const TORN_MODES = ['zero', 'random', 'header', 'props'] as const;
export type TornMode = (typeof TORN_MODES)[number] | 'mixed';

const MAGICS = new Set([-626843481, -626843477]);

function segmentOf(dir: string, phy: number): { file: string; from: number; size: number } | undefined {
  const names = fs
    .readdirSync(dir)
    .filter((n) => /^\d{20}$/.test(n))
    .sort();
  for (const n of names) {
    const from = Number(n);
    const size = fs.statSync(path.join(dir, n)).size;
    if (phy >= from && phy < from + size) return { file: path.join(dir, n), from, size };
  }
  return undefined;
}

function readAt(fd: number, pos: number, len: number): Buffer {
  const b = Buffer.alloc(len);
  fs.readSync(fd, b, 0, len, pos);
  return b;
}

const randInt = (lo: number, hi: number): number => lo + Math.floor(Math.random() * (hi - lo + 1));

/**
 * Damages the log after the record at `lastAckedPhy` (the furthest acknowledged one). Returns what was done, for
 * the round's line; undefined when there is no segment there.
 */
export function tearUnackedTail(commitLogDir: string, lastAckedPhy: number, mode: TornMode): string | undefined {
  const seg = segmentOf(commitLogDir, lastAckedPhy);
  if (!seg) return undefined;
  const fd = fs.openSync(seg.file, 'r+');
  try {
    const ackedEnd = lastAckedPhy + readAt(fd, lastAckedPhy - seg.from, 4).readInt32BE(0);
    // The unacknowledged records stored after it (sent, written, but their SEND_OK never reached the producer).
    const unacked: { start: number; size: number }[] = [];
    let pos = ackedEnd;
    while (pos + 8 <= seg.from + seg.size) {
      const h = readAt(fd, pos - seg.from, 8);
      const size = h.readInt32BE(0);
      if (size <= 0 || !MAGICS.has(h.readInt32BE(4)) || pos + size > seg.from + seg.size) break;
      unacked.push({ start: pos, size });
      pos += size;
    }
    const writtenEnd = pos;
    const m = mode === 'mixed' ? TORN_MODES[randInt(0, TORN_MODES.length - 1)] : mode;
    const pick = unacked.length > 0 ? unacked[randInt(0, unacked.length - 1)] : undefined;
    let at: number;
    let bytes: Buffer;
    if (m === 'header' && pick) {
      at = pick.start + randInt(0, Math.min(60, pick.size - 1));
      bytes = crypto.randomBytes(randInt(1, 24));
    } else if (m === 'props' && pick && pick.size > 40) {
      // Inside the properties, before the 20-byte CRC item Orbit appends (or in the last properties of an Apache record).
      at = pick.start + pick.size - 20 - randInt(1, 10);
      bytes = crypto.randomBytes(randInt(1, 8));
    } else {
      at = randInt(ackedEnd, writtenEnd);
      bytes = m === 'zero' ? Buffer.alloc(randInt(1, 64 * 1024)) : crypto.randomBytes(randInt(1, 16 * 1024));
    }
    const len = Math.max(0, Math.min(bytes.length, seg.from + seg.size - at));
    fs.writeSync(fd, bytes, 0, len, at - seg.from);
    fs.fdatasyncSync(fd);
    return `${m} ${len} B at ${at} (acked end ${ackedEnd}, ${unacked.length} unacked records to ${writtenEnd})`;
  } finally {
    fs.closeSync(fd);
  }
}
