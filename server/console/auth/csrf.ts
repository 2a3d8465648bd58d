/**
 * CSRF, second line (the first is the Origin check in `assertSameOrigin`): every mutation must carry the
 * session's token in the `x-orbit-csrf` header. The page reads it from the `orbit_csrf` cookie, which a
 * page on another site can neither read nor make the browser send as a header.
 */
import { timingSafeEqual } from 'node:crypto';

export function csrfTokenMatches(expected: string | undefined, presented: string | null | undefined): boolean {
  if (!expected || !presented) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}
