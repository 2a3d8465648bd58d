import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from './histogram';

describe('LatencyHistogram', () => {
  it('reports percentiles within 1 % of the exact ones', () => {
    const h = new LatencyHistogram();
    const values: number[] = [];
    let seed = 7;
    for (let i = 0; i < 50_000; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const ms = Math.exp((seed / 2 ** 31) * 8) / 100; // 0.01 ms … 30 ms, log-spread
      values.push(ms);
      h.recordMs(ms);
    }
    values.sort((a, b) => a - b);
    for (const q of [0.5, 0.9, 0.99, 0.999]) {
      const exact = values[Math.ceil(q * values.length) - 1];
      const got = h.quantileMs(q);
      expect(got).toBeGreaterThanOrEqual(exact * 0.999);
      expect(Math.abs(got - exact) / exact).toBeLessThan(0.011 + 0.001 / exact);
    }
    expect(h.maxMs()).toBeCloseTo(values[values.length - 1], 6);
    expect(h.meanMs()).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 6);
  });

  it('merges and resets', () => {
    const a = new LatencyHistogram();
    const b = new LatencyHistogram();
    a.recordMs(1);
    b.recordMs(3);
    b.recordUs(-5);
    a.merge(b);
    expect(a.count).toBe(3);
    expect(a.maxMs()).toBe(3);
    expect(a.quantileMs(0.34)).toBeCloseTo(1, 1);
    a.reset();
    expect(a.count).toBe(0);
    expect(Number.isNaN(a.quantileMs(0.5))).toBe(true);
  });
});
