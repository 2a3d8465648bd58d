/**
 * Server-sent events from a fetch stream (the live tail reads with fetch rather than EventSource so it can
 * show the server's error answers, such as the watcher cap, and choose when to reconnect). Field rules as in
 * the HTML standard: `event`, `data` (lines joined by \n), `id`, `retry`; lines starting with ':' are comments.
 */
export interface SseFrame {
  event?: string;
  data: string;
  id?: string;
  retry?: number;
}

/** Complete frames in `buffer`, and the unfinished rest to prepend to the next chunk. */
export function parseSseFrames(buffer: string): { frames: SseFrame[]; rest: string } {
  const frames: SseFrame[] = [];
  const text = buffer.replace(/\r\n?/g, '\n');
  let start = 0;
  for (let end = text.indexOf('\n\n', start); end !== -1; end = text.indexOf('\n\n', start)) {
    const frame: SseFrame = { data: '' };
    const data: string[] = [];
    for (const line of text.slice(start, end).split('\n')) {
      if (line === '' || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      let value = colon === -1 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'data') data.push(value);
      else if (field === 'event') frame.event = value;
      else if (field === 'id') frame.id = value;
      else if (field === 'retry' && /^\d+$/.test(value)) frame.retry = Number(value);
    }
    frame.data = data.join('\n');
    if (frame.event !== undefined || data.length > 0 || frame.id !== undefined || frame.retry !== undefined) frames.push(frame);
    start = end + 2;
  }
  return { frames, rest: text.slice(start) };
}
