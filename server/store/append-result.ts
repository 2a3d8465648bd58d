import { createOffsetMsgIds } from '../common/message/message-id';
import type { AppendResult } from './message-store';

/** AppendResult whose msgId is formatted only if someone reads it (most callers do, the bench does not). */
export class LazyAppendResult implements AppendResult {
  wroteOffset: number;
  wroteBytes: number;
  storeTimestamp: number;
  logicsOffset: number;
  msgNum: number;
  private readonly ip: Buffer;
  private readonly port: number;
  private readonly offsets: number[] | undefined;
  private id: string | undefined;

  constructor(ip: Buffer, port: number, wroteOffset: number, wroteBytes: number, storeTimestamp: number, logicsOffset: number, offsets?: number[]) {
    this.ip = ip;
    this.port = port;
    this.wroteOffset = wroteOffset;
    this.wroteBytes = wroteBytes;
    this.storeTimestamp = storeTimestamp;
    this.logicsOffset = logicsOffset;
    this.offsets = offsets;
    this.msgNum = offsets ? offsets.length : 1;
  }

  get msgId(): string {
    this.id ??= createOffsetMsgIds(this.ip, this.port, this.offsets ?? [this.wroteOffset]);
    return this.id;
  }

  toJSON(): AppendResult {
    return {
      wroteOffset: this.wroteOffset,
      wroteBytes: this.wroteBytes,
      msgId: this.msgId,
      storeTimestamp: this.storeTimestamp,
      logicsOffset: this.logicsOffset,
      msgNum: this.msgNum,
    };
  }
}
