/**
 * What a message body is, decided once on the server from every byte, so the page can pick a view without
 * guessing from a prefix: `json` (UTF-8 text that parses as a JSON object or array), `text` (valid UTF-8
 * without control characters other than tab, line feed, carriage return and form feed) or `binary`.
 */
export type BodyKind = 'text' | 'json' | 'binary';

/** Bodies larger than this are shown truncated; the download has every byte. */
export const BODY_VIEW_LIMIT_BYTES = 64 * 1024;

const ALLOWED_CONTROLS = new Set([0x09, 0x0a, 0x0c, 0x0d]);

export function detectBodyKind(bytes: Uint8Array): BodyKind {
  for (const b of bytes) if (b < 0x20 && !ALLOWED_CONTROLS.has(b)) return 'binary';
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return 'binary';
  }
  const t = text.trim();
  if (t.startsWith('{') || t.startsWith('[')) {
    try {
      JSON.parse(t);
      return 'json';
    } catch {
      // Text that only looks like JSON.
    }
  }
  return 'text';
}

/** A download file name: the message id (only safe characters) and an extension for the kind. */
export function bodyFileName(msgId: string, kind: BodyKind): string {
  const base = msgId.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 100) || 'message';
  return `${base}.${kind === 'json' ? 'json' : kind === 'text' ? 'txt' : 'bin'}`;
}

/** base64 in lines of 76 characters (MIME), for reading and copying. */
export function wrapBase64(b64: string, width = 76): string {
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += width) lines.push(b64.slice(i, i + width));
  return lines.join('\n');
}
