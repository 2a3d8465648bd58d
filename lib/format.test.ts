import { describe, expect, it } from 'vitest';
import { formatAge, formatAgo, formatBytes, formatClock, formatCount, formatDateTime, formatRtt, formatTps, pluralize } from './format';
import { bindFormat } from './i18n/use-format';

describe('formatRtt', () => {
  it('shows sub-millisecond, millisecond and second figures', () => {
    expect(formatRtt(0.42)).toBe('0.4 ms');
    expect(formatRtt(12.4)).toBe('12 ms');
    expect(formatRtt(1530)).toBe('1.5 s');
  });
  it('shows a dash when there is no figure', () => {
    expect(formatRtt(null)).toBe('—');
    expect(formatRtt(undefined)).toBe('—');
    expect(formatRtt(Number.NaN)).toBe('—');
    expect(formatRtt(-1)).toBe('—');
  });
});

describe('pluralize', () => {
  it('uses the singular for one only', () => {
    expect(pluralize(1, 'broker')).toBe('1 broker');
    expect(pluralize(0, 'broker')).toBe('0 brokers');
    expect(pluralize(2, 'query', 'queries')).toBe('2 queries');
    expect(pluralize(12345, 'topic')).toBe('12,345 topics');
  });
});

describe('formatCount', () => {
  it('groups thousands and dashes unknowns', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(0)).toBe('0');
    expect(formatCount(null)).toBe('—');
  });
});

describe('formatClock', () => {
  it('formats local time as HH:MM:SS', () => {
    expect(formatClock(new Date(2026, 0, 2, 3, 4, 5))).toBe('03:04:05');
    expect(formatClock(new Date(2026, 0, 2, 23, 59, 9).toISOString())).toBe('23:59:09');
  });
  it('dashes a bad date', () => {
    expect(formatClock('not a date')).toBe('—');
    expect(formatClock(null)).toBe('—');
  });
});

describe('formatAgo', () => {
  const now = new Date('2026-01-01T12:00:00Z');
  it.each([
    ['2026-01-01T11:59:58Z', 'just now'],
    ['2026-01-01T11:59:30Z', '30 s ago'],
    ['2026-01-01T11:57:00Z', '3 min ago'],
    ['2026-01-01T10:00:00Z', '2 h ago'],
    ['2025-12-28T12:00:00Z', '4 d ago'],
  ])('%s → %s', (iso, text) => {
    expect(formatAgo(iso, now)).toBe(text);
  });
  it('dashes a bad date', () => {
    expect(formatAgo('x', now)).toBe('—');
  });
});

describe('formatBytes', () => {
  it('uses binary units with one decimal past bytes, and dashes unknowns', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(20 * 1024 * 1024)).toBe('20.0 MiB');
    expect(formatBytes(null)).toBe('—');
    expect(formatBytes(-1)).toBe('—');
  });
});

describe('formatAge', () => {
  it('shows seconds under a minute, whole units above', () => {
    expect(formatAge(0)).toBe('0 s');
    expect(formatAge(999)).toBe('0 s');
    expect(formatAge(3_400)).toBe('3 s');
    expect(formatAge(59_999)).toBe('59 s');
    expect(formatAge(60_000)).toBe('1 min');
    expect(formatAge(4 * 60_000 + 59_000)).toBe('4 min');
    expect(formatAge(3_600_000)).toBe('1 h');
    expect(formatAge(2 * 3_600_000 + 5 * 60_000 + 30_000)).toBe('2 h 5 min');
    expect(formatAge(86_400_000)).toBe('1 d');
    expect(formatAge(3 * 86_400_000 + 4 * 3_600_000 + 59 * 60_000)).toBe('3 d 4 h');
  });

  it('shows an em dash when the age is unknown', () => {
    expect(formatAge(null)).toBe('—');
    expect(formatAge(undefined)).toBe('—');
    expect(formatAge(Number.NaN)).toBe('—');
    expect(formatAge(-1)).toBe('—');
  });
});

describe('locale-aware helpers', () => {
  const now = new Date('2026-01-01T12:00:00Z');
  it('keep English as the default', () => {
    expect(formatCount(1234567, 'en')).toBe(formatCount(1234567));
    expect(formatTps(2.5)).toBe('2.5');
    expect(formatAgo('2026-01-01T11:57:00Z', now, 'en')).toBe('3 min ago');
    expect(formatDateTime(new Date(2026, 4, 17, 10, 30, 0).getTime())).toBe('2026-05-17 10:30:00');
  });

  it.each([
    ['2026-01-01T11:59:58Z', '刚刚'],
    ['2026-01-01T11:59:30Z', '30秒前'],
    ['2026-01-01T11:57:00Z', '3分钟前'],
    ['2026-01-01T10:00:00Z', '2小时前'],
    ['2025-12-28T12:00:00Z', '4天前'],
  ])('relative time in Chinese: %s → %s', (iso, text) => {
    expect(formatAgo(iso, now, 'zh')).toBe(text);
  });

  it('format numbers and dates in Chinese', () => {
    expect(formatCount(1234567, 'zh')).toBe('1,234,567');
    expect(formatTps(1234.56, 'zh')).toBe('1,234.6');
    expect(formatCount(null, 'zh')).toBe('—');
    expect(formatDateTime(new Date(2026, 4, 17, 9, 5, 7).getTime(), 'zh')).toBe('2026/05/17 09:05:07');
    expect(formatDateTime(0, 'zh')).toBe('—');
    expect(formatAgo('x', now, 'zh')).toBe('—');
    expect(formatAge(42_000, 'zh')).toBe('42 秒');
    expect(formatAge(2 * 3_600_000 + 5 * 60_000, 'zh')).toBe('2 小时 5 分钟');
    expect(formatAge(3 * 86_400_000 + 4 * 3_600_000, 'zh')).toBe('3 天 4 小时');
    expect(formatAge(null, 'zh')).toBe('—');
  });

  it('bindFormat binds them to a locale', () => {
    const f = bindFormat('zh');
    expect(f.ago('2026-01-01T11:57:00Z', now)).toBe('3分钟前');
    expect(f.dateTime(new Date(2026, 0, 2, 3, 4, 5).getTime())).toBe('2026/01/02 03:04:05');
    expect(bindFormat('en').ago('2026-01-01T11:57:00Z', now)).toBe('3 min ago');
    expect(f.age(4 * 60_000)).toBe('4 分钟');
    expect(bindFormat('en').age(4 * 60_000)).toBe('4 min');
  });
});
