import { describe, expect, it } from 'vitest';
import { cutWindow, evaluatePartition, worstStatus, type OffsetSample } from './consumer-status';

/** A series from [brokerOffset, consumerOffset] pairs, 10 s apart. */
function series(points: [number, number][], online = true): OffsetSample[] {
  return points.map(([brokerOffset, consumerOffset], i) => ({ t: 1_000_000 + i * 10_000, brokerOffset, consumerOffset, online }));
}

describe('evaluatePartition (Burrow rules)', () => {
  it('OK: the consumer caught up at some point of the window', () => {
    expect(evaluatePartition(series([[10, 10], [20, 15], [30, 25], [40, 38]]))).toBe('OK');
  });

  it('OK: lag > 0 but the consumer keeps pace (lag not growing every step)', () => {
    expect(evaluatePartition(series([[100, 90], [110, 95], [120, 115], [130, 122]]))).toBe('OK');
  });

  it('OK: too few samples to judge', () => {
    expect(evaluatePartition(series([[100, 0], [200, 0]]))).toBe('OK');
    expect(evaluatePartition([])).toBe('OK');
  });

  it('WARN: the offset moves but the lag grows at every step', () => {
    expect(evaluatePartition(series([[100, 90], [120, 95], [140, 100], [160, 105]]))).toBe('WARN');
  });

  it('ERR: the committed offset does not move while the lag grows', () => {
    expect(evaluatePartition(series([[100, 50], [120, 50], [140, 50], [160, 50]]))).toBe('ERR');
  });

  it('STALL: the committed offset does not move, lag flat, clients online', () => {
    expect(evaluatePartition(series([[100, 50], [100, 50], [100, 50]]))).toBe('STALL');
  });

  it('STOP: no commits over the window and nobody online', () => {
    expect(evaluatePartition(series([[100, 50], [100, 50], [130, 50]], false))).toBe('STOP');
  });

  it('REWIND: the committed offset went backwards', () => {
    expect(evaluatePartition(series([[100, 80], [100, 90], [100, 20]]))).toBe('REWIND');
    // Even with only two samples, and even when the lag is 0 elsewhere.
    expect(evaluatePartition(series([[100, 100], [100, 0]]))).toBe('REWIND');
  });
});

describe('worstStatus and cutWindow', () => {
  it('picks the worst partition', () => {
    expect(worstStatus([])).toBe('OK');
    expect(worstStatus(['OK', 'WARN', 'OK'])).toBe('WARN');
    expect(worstStatus(['WARN', 'STALL', 'ERR'])).toBe('ERR');
    expect(worstStatus(['STOP', 'REWIND', 'ERR'])).toBe('REWIND');
  });

  it('keeps the samples of the window', () => {
    const s = series([[1, 0], [2, 0], [3, 0], [4, 0]]);
    expect(cutWindow(s, s[3].t, 15_000).map((x) => x.brokerOffset)).toEqual([3, 4]);
  });
});
