/** The live tail's server-side filters: tag (`a || b`), key among KEYS, substring of the body text. */
import type { LiveTailFilterDto, LiveTailMessageDto } from '../../../lib/dto/live-tail';

/** How much of a body the substring filter reads: a tail of large bodies must not decode megabytes each. */
export const BODY_MATCH_BYTES = 16 * 1024;

/** A message as the tailer keeps it: the DTO and the lower-cased body text the body filter reads. */
export interface TailEntry {
  seq: number;
  message: LiveTailMessageDto;
  matchText: string;
  /** About what the entry holds in memory, for the watchers' byte budget. */
  bytes: number;
}

export type TailMatcher = (e: TailEntry) => boolean;

export function compileFilter(f: LiveTailFilterDto): TailMatcher {
  const tags = (f.tag ?? '')
    .split('||')
    .map((t) => t.trim())
    .filter((t) => t !== '' && t !== '*');
  const key = f.key?.trim() ?? '';
  const body = f.body?.toLowerCase() ?? '';
  return (e) => {
    if (tags.length > 0 && !tags.includes(e.message.tags ?? '')) return false;
    if (key && !(e.message.keys ?? '').split(' ').includes(key)) return false;
    if (body && !e.matchText.includes(body)) return false;
    return true;
  };
}
