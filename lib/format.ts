/** Small display helpers used by pages and components; pure, so they run the same in browser and Node. */

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
export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  return n.toLocaleString('en-US');
}

/** `HH:MM:SS` in 24-hour local time; an em dash for an unparseable date. */
export function formatClock(iso: string | Date | null | undefined): string {
  if (iso === null || iso === undefined) return '—';
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  if (Number.isNaN(d.getTime())) return '—';
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** `just now`, `12 s ago`, `3 min ago`, `2 h ago`, `4 d ago` relative to `now`. */
export function formatAgo(iso: string | Date, now: Date = new Date()): string {
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  const s = Math.floor((now.getTime() - d.getTime()) / 1000);
  if (Number.isNaN(s)) return '—';
  if (s < 5) return 'just now';
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86_400)} d ago`;
}

