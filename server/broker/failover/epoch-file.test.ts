import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { logger } from '../../common/logger';
import { divergenceOffset, EpochFile } from './epoch-file';

describe('EpochFile', () => {
  it('persists entries, refuses a non-increasing epoch, and gives 5.x end offsets', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orbit-epoch-'));
    try {
      const f = new EpochFile(dir, logger);
      f.load();
      expect(f.lastEpoch()).toBe(0);
      f.append(1, 0);
      f.append(3, 500);
      expect(() => f.append(3, 900)).toThrow(/not above/);
      const g = new EpochFile(dir, logger);
      g.load();
      expect(g.list()).toEqual([{ epoch: 1, startOffset: 0 }, { epoch: 3, startOffset: 500 }]);
      expect(g.cache(800)).toEqual([{ epoch: 1, startOffset: 0, endOffset: 500 }, { epoch: 3, startOffset: 500, endOffset: 800 }]);
      g.truncateFrom(400);
      expect(g.list()).toEqual([{ epoch: 1, startOffset: 0 }]);
      g.replace([{ epoch: 1, startOffset: 0 }, { epoch: 2, startOffset: 300 }, { epoch: 4, startOffset: 700 }], 600);
      expect(g.list().map((e) => e.epoch)).toEqual([1, 2]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('divergenceOffset', () => {
  it('cuts a returning master at the start of the first newer epoch of the new master', () => {
    // A was master of epoch 1 up to 900; B took epoch 2 at 700 (what it had): A's 700..900 was never B's.
    expect(divergenceOffset([{ epoch: 1, startOffset: 0 }], [{ epoch: 1, startOffset: 0 }, { epoch: 2, startOffset: 700 }], 900)).toBe(700);
    // A log shorter than the point keeps all it has.
    expect(divergenceOffset([{ epoch: 1, startOffset: 0 }], [{ epoch: 2, startOffset: 700 }], 650)).toBe(650);
    // Same epochs: nothing to cut.
    expect(divergenceOffset([{ epoch: 2, startOffset: 700 }], [{ epoch: 1, startOffset: 0 }, { epoch: 2, startOffset: 700 }], 900)).toBe(900);
    // Never a master under failover: keeps its log.
    expect(divergenceOffset([], [{ epoch: 2, startOffset: 700 }], 900)).toBe(900);
  });
});
