import { describe, expect, it } from 'vitest';
import { BrokerStats } from './broker-stats';

function localTime(y: number, mo: number, d: number, h: number, mi = 0): number {
  return new Date(y, mo, d, h, mi).getTime();
}

describe('BrokerStats day totals', () => {
  it('moves today to yesterday at local midnight, and only then', () => {
    let now = localTime(2026, 2, 10, 9);
    const stats = new BrokerStats(() => now);
    stats.incTopicPut('T', 5, 50);
    now = localTime(2026, 2, 10, 23, 59);
    stats.incTopicPut('T', 2, 20);
    expect(stats.runtimeEntries()).toMatchObject({ msgPutTotalTodayNow: '7', msgPutTotalYesterdayMorning: '0' });
    now = localTime(2026, 2, 11, 0, 1);
    stats.incTopicPut('T', 1, 10);
    expect(stats.runtimeEntries()).toMatchObject({ msgPutTotalTodayNow: '1', msgPutTotalYesterdayMorning: '7' });
    now = localTime(2026, 2, 11, 18);
    expect(stats.runtimeEntries()).toMatchObject({ msgPutTotalTodayNow: '1', msgPutTotalYesterdayMorning: '7' });
  });

  it('rolls again when the clock is set back to an earlier day', () => {
    let now = localTime(2026, 5, 2, 12);
    const stats = new BrokerStats(() => now);
    stats.incTopicPut('T', 3, 30);
    now = localTime(2026, 5, 1, 12);
    stats.incTopicPut('T', 4, 40);
    expect(stats.runtimeEntries()).toMatchObject({ msgPutTotalTodayNow: '4', msgPutTotalYesterdayMorning: '3' });
  });
});
