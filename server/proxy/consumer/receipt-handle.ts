/**
 * The receipt handle a 5.x client holds for a received message: the broker's receipt (extraInfo, 8 fields, see
 * remoting/header/pop-extra-info.ts) plus the message's commit-log offset, space-separated — Apache's proxy layout.
 * Clients treat it as opaque; the proxy needs the broker, queue, offsets and the pop time to ack, change or
 * dead-letter the message without any state of its own.
 */
import { ExtraInfoError, buildExtraInfo, parseExtraInfo, realTopicOf, type ExtraInfo } from '../../remoting/header/pop-extra-info';

export interface ReceiptHandle extends ExtraInfo {
  queueOffset: number;
  commitLogOffset: number;
}

export class ReceiptHandleError extends ExtraInfoError {}

export function encodeReceiptHandle(h: ReceiptHandle): string {
  return `${buildExtraInfo(h)} ${h.commitLogOffset}`;
}

export function decodeReceiptHandle(s: string | undefined): ReceiptHandle {
  if (!s) throw new ReceiptHandleError('receipt handle is empty');
  if (s.length > 1024) throw new ReceiptHandleError('receipt handle is too long');
  const f = s.split(' ');
  if (f.length !== 9) throw new ReceiptHandleError(`receipt handle has ${f.length} fields, 9 expected`);
  let e: ExtraInfo;
  try {
    e = parseExtraInfo(f.slice(0, 8).join(' '));
  } catch (err) {
    throw new ReceiptHandleError((err as Error).message);
  }
  const commitLogOffset = Number(f[8]);
  if (!/^\d{1,16}$/.test(f[8]) || !Number.isSafeInteger(commitLogOffset)) throw new ReceiptHandleError(`receipt handle commit-log offset is not a number: ${JSON.stringify(f[8])}`);
  return { ...e, queueOffset: e.queueOffset!, commitLogOffset };
}

/** The handle as the broker's receipt (what ACK_MESSAGE and CHANGE_MESSAGE_INVISIBLETIME carry). */
export function extraInfoOf(h: ReceiptHandle): string {
  return buildExtraInfo(h);
}

export function expiresAt(h: ReceiptHandle): number {
  return h.popTime + h.invisibleTime;
}

export function isExpired(h: ReceiptHandle, now = Date.now()): boolean {
  return expiresAt(h) <= now;
}

/** The topic the message is stored in on the broker (the group's pop retry topic for a retried one). */
export function storedTopicOf(h: ReceiptHandle, topic: string, group: string): string {
  return realTopicOf(topic, group, h.retryFlag);
}
