/** GET_BROKER_RUNTIME_INFO's store keys (Apache's names where it has them, Orbit's own beside them). */
import type { DefaultMessageStore } from './default-message-store';
import type { StoreRuntimeInfo } from './message-store';

export function storeRuntimeInfo(s: DefaultMessageStore, startedAt: number, putTimeMax: number, putCount: number, getCount: number): StoreRuntimeInfo {
  const secs = Math.max(1, (Date.now() - startedAt) / 1000);
  let queues = 0;
  for (const t of s.cqs.topics.values()) queues += t.size;
  return {
    commitLogMinOffset: String(s.getMinPhyOffset()),
    commitLogMaxOffset: String(s.getMaxPhyOffset()),
    commitLogFlushedOffset: String(s.commitLog.flushedOffset),
    commitLogDiskRatio: (s.diskGuard.ratio / 100).toFixed(4),
    commitLogDirCapacity: `${s.commitLog.queue.files.length} segments`,
    dispatchBehindBytes: String(Math.max(0, s.commitLog.appendOffset - s.dispatcher.dispatchedOffset)),
    // SYNC_FLUSH puts only: an ASYNC put is answered before any I/O.
    putMessageEntireTimeMax: putTimeMax.toFixed(3),
    putMessageTimesTotal: String(putCount),
    getMessageTimesTotal: String(getCount),
    putTps: (putCount / secs).toFixed(1),
    getTps: (getCount / secs).toFixed(1),
    flushPasses: String(s.flush.passes),
    consumeQueueCount: String(queues),
    indexFileCount: String(s.index?.files.length ?? 0),
    storeWritable: String(s.isWritable()),
    diskFull: String(s.diskGuard.full),
    lastCheckpointOffset: String(s.lastCheckpoint?.phyOffset ?? 0),
    recoveryCrashed: String(s.recovery?.crashed ?? false),
    recoveryScannedBytes: String(s.recovery?.scannedBytes ?? 0),
    recoveryMillis: (s.recovery?.millis ?? 0).toFixed(1),
    deletedCommitLogFiles: String(s.retention.deletedFiles),
    bootTimestamp: String(startedAt),
  };
}
