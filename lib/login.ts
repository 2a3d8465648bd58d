/** Where to go after logging in: only a path on this console (`/topics?q=x`), never `//evil.example` or a URL. */
export function safeNext(next: string | undefined | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || next.startsWith('/login')) return '/';
  if ([...next].some((c) => c.charCodeAt(0) < 0x20)) return '/';
  return next;
}
