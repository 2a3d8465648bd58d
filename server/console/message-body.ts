/** A message's whole body for download: every byte as stored, whatever the page shows of it. */
import { bodyFileName, detectBodyKind } from '../../lib/message-body';
import { findMessageById } from './message-search';

export interface MessageBodyFile {
  bytes: Uint8Array<ArrayBuffer>;
  fileName: string;
}

export async function getMessageBody(q: { id: string; topic?: string }): Promise<MessageBodyFile> {
  const m = await findMessageById(q);
  return { bytes: new Uint8Array(m.body), fileName: bodyFileName(m.msgId, detectBodyKind(m.body)) };
}
