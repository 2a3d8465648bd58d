/**
 * Small display helpers used by pages and components; pure, so they run the same in browser and Node. Those that
 * depend on the language take an optional locale (English by default); `useFormat()` (lib/i18n/use-format.ts) binds
 * them to the console's current language.
 */
import { INTL_TAGS, type Locale } from './i18n/locales';

/** `12 ms`, `0.4 ms`, `1.2 s`; an em dash when there is no figure. */
export function formatRtt(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

/** `1 broker`, `3 brokers`; pass the plural when it is not just `+s`. */
export function pluralize(count: number, singular: string, plural = `${singular}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? singular : plural}`;
}

/** A count, or an em dash when it is unknown. */
export function formatCount(n: number | null | undefined, locale: Locale = 'en'): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  return n.toLocaleString(INTL_TAGS[locale]);
}

/** `HH:MM:SS` in 24-hour local time; an em dash for an unparseable date. */
export function formatClock(iso: string | Date | null | undefined): string {
  if (iso === null || iso === undefined) return '—';
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  if (Number.isNaN(d.getTime())) return '—';
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** Chinese relative times come from Intl (`3分钟前`); English keeps the console's terse `3 min ago`. */
const AGO_UNITS: [limitSeconds: number, unitSeconds: number, unit: Intl.RelativeTimeFormatUnit][] = [
  [60, 1, 'second'],
  [3600, 60, 'minute'],
  [86_400, 3600, 'hour'],
  [Infinity, 86_400, 'day'],
];
const JUST_NOW: Record<Exclude<Locale, 'en'>, string> = { zh: '刚刚' };

/** `just now`, `12 s ago`, `3 min ago`, `2 h ago`, `4 d ago` relative to `now`; in Chinese `刚刚`, `12秒前`, `3分钟前`… */
export function formatAgo(iso: string | Date, now: Date = new Date(), locale: Locale = 'en'): string {
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  const s = Math.floor((now.getTime() - d.getTime()) / 1000);
  if (Number.isNaN(s)) return '—';
  if (locale !== 'en') {
    if (s < 5) return JUST_NOW[locale];
    const [, unitSeconds, unit] = AGO_UNITS.find(([limit]) => s < limit)!;
    return new Intl.RelativeTimeFormat(INTL_TAGS[locale], { numeric: 'always', style: 'short' }).format(-Math.floor(s / unitSeconds), unit);
  }
  if (s < 5) return 'just now';
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86_400)} d ago`;
}

/** The age units per language; Chinese writes them as words (`4 分钟`), as operators read them elsewhere. */
const AGE_UNITS: Record<Locale, { s: string; min: string; h: string; d: string }> = {
  en: { s: 's', min: 'min', h: 'h', d: 'd' },
  zh: { s: '秒', min: '分钟', h: '小时', d: '天' },
};

/**
 * An age in whole units, the two largest that matter: `0 s`, `42 s`, `4 min`, `2 h 5 min`, `3 d 4 h`
 * (`4 分钟`, `2 小时 5 分钟` in Chinese); an em dash when unknown. Minutes drop the seconds: a lag read every few
 * seconds would flicker otherwise.
 */
export function formatAge(ms: number | null | undefined, locale: Locale = 'en'): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return '—';
  const u = AGE_UNITS[locale];
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s} ${u.s}`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} ${u.min}`;
  const h = Math.floor(min / 60);
  if (h < 24) return min % 60 ? `${h} ${u.h} ${min % 60} ${u.min}` : `${h} ${u.h}`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} ${u.d} ${h % 24} ${u.h}` : `${d} ${u.d}`;
}

/** `2026-05-17 10:30:00` in local time (`2026/05/17 10:30:00` in Chinese); an em dash for 0, negative or unparseable. */
export function formatDateTime(ms: number | null | undefined, locale: Locale = 'en'): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms <= 0) return '—';
  const d = new Date(ms);
  if (locale !== 'en') {
    const opts = { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' } as const;
    return new Intl.DateTimeFormat(INTL_TAGS[locale], opts).format(d);
  }
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** A rate with one decimal, or an em dash. */
export function formatTps(n: number | null | undefined, locale: Locale = 'en'): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  return n.toLocaleString(INTL_TAGS[locale], { maximumFractionDigits: 1, minimumFractionDigits: n > 0 && n < 10 ? 1 : 0 });
}

/** `0 B`, `512 B`, `1.5 KiB`, `20.0 MiB` (binary units); an em dash when there is no figure. */
export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n) || n < 0) return '—';
  if (n < 1024) return `${Math.round(n)} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(1)} ${units[i]}`;
}

/** A value for `<input type="datetime-local">` in local time. */
export function toDateTimeLocal(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** Bytes as hex, 16 per line with the offset, for the body's hex view. */
export function hexDump(bytes: Uint8Array, max = 64 * 1024): string {
  const lines: string[] = [];
  const n = Math.min(bytes.length, max);
  for (let i = 0; i < n; i += 16) {
    const row = Array.from(bytes.subarray(i, Math.min(i + 16, n)));
    const hex = row.map((b) => b.toString(16).padStart(2, '0')).join(' ');
    const ascii = row.map((b) => (b >= 32 && b < 127 ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${i.toString(16).padStart(8, '0')}  ${hex.padEnd(47)}  ${ascii}`);
  }
  if (bytes.length > n) lines.push(`… ${bytes.length - n} more bytes`);
  return lines.join('\n');
}

/** base64 → bytes, in the browser and in Node. */
export function base64ToBytes(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Pretty JSON when the text parses as JSON, else null. */
export function prettyJson(text: string): string | null {
  const t = text.trim();
  if (!t || (t[0] !== '{' && t[0] !== '[')) return null;
  try {
    return JSON.stringify(JSON.parse(t), null, 2);
  } catch {
    return null;
  }
}

/** One CSV field, quoted when needed (RFC 4180). Leading =,+,-,@ are prefixed so spreadsheets do not run them. */
export function csvField(v: unknown): string {
  let s = v === null || v === undefined ? '' : String(v);
  if (/^[=+\-@]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: string[], rows: unknown[][]): string {
  return [header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n');
}
