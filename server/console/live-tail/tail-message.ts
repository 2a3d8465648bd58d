/** MessageView → what the tail keeps and sends: the table's summary, whether the body is text, the text filters read. */
import { isUtf8 } from 'node:buffer';
import type { MessageView } from '../../client/admin/types';
import { toMessageSummary } from '../message-dto';
import { BODY_MATCH_BYTES, type TailEntry } from './tail-filter';

/** The first `BODY_MATCH_BYTES` of a body, cut before a multi-byte character the limit splits. */
function head(body: Buffer): Buffer {
  if (body.length <= BODY_MATCH_BYTES) return body;
  let end = BODY_MATCH_BYTES;
  // Step back over continuation bytes (10xxxxxx) to the start of the split character.
  while (end > BODY_MATCH_BYTES - 4 && (body[end] & 0xc0) === 0x80) end--;
  return body.subarray(0, end);
}

/** UTF-8 without NUL bytes: binary payloads (protobuf, compressed) show as "binary", not as mojibake. */
export function isTextBody(body: Buffer): boolean {
  const h = head(body);
  return isUtf8(h) && !h.includes(0);
}

export function toTailEntry(m: MessageView, seq: number): TailEntry {
  const text = isTextBody(m.body);
  const summary = toMessageSummary(m);
  const matchText = text ? head(m.body).toString('utf8').toLowerCase() : '';
  const message = { ...summary, bodyPreview: text ? summary.bodyPreview : '', bodyIsText: text };
  // Strings are UTF-16 in V8; ids, tags and keys plus object overhead come to a few hundred bytes.
  const bytes = 2 * (matchText.length + message.bodyPreview.length + (message.keys?.length ?? 0) + (message.tags?.length ?? 0)) + 400;
  return { seq, message, matchText, bytes };
}
