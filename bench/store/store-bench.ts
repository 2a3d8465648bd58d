/**
 * `npm run bench -- store [--dir D] [--seconds S] [--concurrency C] [--recovery-mb N] [--segment-mb M] [--only filter] [--record-crc on|off]`
 *
 * Store throughput beside the raw limits of the same disk, measured in the same run:
 * - sync writes vs a plain write+fdatasync loop using the store's own average group size;
 * - async writes vs plain sequential write throughput;
 * - pull reads; and recovery time after a crash for a log of N MB (from the checkpoint, and a full rescan);
 * - pulls through tag and SQL92 filters matching 10 % (filter-bench.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DefaultMessageStore, type OrbitStoreConfig } from '../../server/store/default-message-store';
import { DEFAULT_STORE_CONFIG, PutMessageStatus, type MessageExtBrokerInner } from '../../server/store/message-store';
import { fdatasync, pwriteAll } from '../../server/store/file-io';
import { recordSize } from '../../server/store/record-codec';
import { benchFilteredPulls } from './filter-bench';

interface Args {
  dir: string;
  seconds: number;
  concurrency: number;
  recoveryMb: number;
  segmentMb: number;
  only: string;
  recordCrc: boolean;
}

function parseArgs(argv: string[]): Args {
  const get = (name: string, def: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : def;
  };
  return {
    dir: get('dir', os.tmpdir()),
    seconds: Number(get('seconds', '3')),
    concurrency: Number(get('concurrency', '128')),
    recoveryMb: Number(get('recovery-mb', '512')),
    segmentMb: Number(get('segment-mb', '1024')),
    only: get('only', ''),
    recordCrc: get('record-crc', 'on') !== 'off',
  };
}

function msg(body: Buffer, queueId: number): MessageExtBrokerInner {
  return {
    topic: 'BenchTopic',
    queueId,
    flag: 0,
    body,
    propertiesString: 'TAGS\u0001TagA',
    tagsCode: 2598919,
    sysFlag: 0,
    bornTimestamp: Date.now(),
    bornHost: { ip: Buffer.from([127, 0, 0, 1]), port: 50000 },
    storeHost: { ip: Buffer.from([127, 0, 0, 1]), port: 10911 },
    reconsumeTimes: 0,
    preparedTransactionOffset: 0,
  };
}

const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const out = (s: string) => process.stdout.write(`${s}\n`);

function config(root: string, a: Args, over: Partial<OrbitStoreConfig>): OrbitStoreConfig {
  return {
    ...DEFAULT_STORE_CONFIG,
    storePathRootDir: root,
    mappedFileSizeCommitLog: a.segmentMb * 1024 * 1024,
    messageIndexEnable: false,
    // The bench measures the store, not the guard; a nearly full bench disk must not refuse writes.
    diskMaxUsedSpaceRatio: 99,
    enabledAppendPropCRC: a.recordCrc,
    ...over,
  };
}

interface WriteResult {
  msgs: number;
  bytes: number;
  secs: number;
  groupBytes: number;
}

interface SyncComparison {
  msgs: number;
  secs: number;
  groupBytes: number;
  rawMsgs: number;
  rawSecs: number;
  rawSyncsPerSec: number[];
}

/**
 * SYNC_FLUSH puts from `concurrency` writers, in slices alternating with the raw write+fdatasync loop at the group
 * size the store just used: shared VM disks drift from second to second, and interleaving keeps the two comparable.
 */
async function benchSync(root: string, a: Args, bodySize: number): Promise<SyncComparison> {
  const s = new DefaultMessageStore(config(root, a, { flushDiskType: 'SYNC_FLUSH' }));
  await s.start();
  const body = Buffer.alloc(bodySize, 0x61);
  const m = msg(body, 0);
  const rec = recordSize(0, bodySize, 10, 9);
  const r: SyncComparison = { msgs: 0, secs: 0, groupBytes: 0, rawMsgs: 0, rawSecs: 0, rawSyncsPerSec: [] };
  let failed = 0;
  const slices = 4;
  let groupBytesSum = 0;
  for (let slice = 0; slice < slices; slice++) {
    const until = performance.now() + (a.seconds * 1000) / slices;
    const passes0 = s.flush.passes;
    const bytes0 = s.flush.syncedBytes;
    const t0 = performance.now();
    let n = 0;
    await Promise.all(
      Array.from({ length: a.concurrency }, async (_, w) => {
        const mm = { ...m, queueId: w % 8 };
        while (performance.now() < until) {
          const res = await s.putMessage(mm);
          if (res.status === PutMessageStatus.PUT_OK) n++;
          else failed++;
        }
      }),
    );
    r.secs += (performance.now() - t0) / 1000;
    r.msgs += n;
    const group = (s.flush.syncedBytes - bytes0) / Math.max(1, s.flush.passes - passes0);
    groupBytesSum += group;
    const raw = await rawGroupCommit(root, group, a.seconds / slices);
    r.rawSecs += a.seconds / slices;
    r.rawMsgs += (raw.bytesPerSec * (a.seconds / slices)) / rec;
    r.rawSyncsPerSec.push(raw.passesPerSec);
  }
  r.groupBytes = groupBytesSum / slices;
  await s.shutdown();
  if (failed) out(`  (${failed} puts not OK)`);
  return r;
}

async function benchAsync(root: string, a: Args, bodySize: number): Promise<WriteResult & { flushedSecs: number }> {
  const s = new DefaultMessageStore(config(root, a, { flushDiskType: 'ASYNC_FLUSH' }));
  await s.start();
  const body = Buffer.alloc(bodySize, 0x62);
  const ms = Array.from({ length: 8 }, (_, q) => msg(body, q));
  let msgs = 0;
  const until = performance.now() + a.seconds * 1000;
  const t0 = performance.now();
  while (performance.now() < until) {
    let last: Promise<unknown> | undefined;
    for (let i = 0; i < 4096; i++) last = s.putMessage(ms[i & 7]);
    msgs += 4096;
    await last;
  }
  const secs = (performance.now() - t0) / 1000;
  await s.flush.flushAll();
  const flushedSecs = (performance.now() - t0) / 1000;
  await s.shutdown();
  return { msgs, bytes: msgs * recordSize(0, bodySize, 10, 9), secs, groupBytes: 0, flushedSecs };
}

/** Plain write+fdatasync of `groupBytes` per pass on the same disk: the ceiling for group commit. */
async function rawGroupCommit(root: string, groupBytes: number, seconds: number): Promise<{ passesPerSec: number; bytesPerSec: number }> {
  const file = path.join(root, 'raw-sync');
  const size = 1024 * 1024 * 1024;
  const fd = fs.openSync(file, 'w+');
  fs.ftruncateSync(fd, size);
  const buf = Buffer.alloc(Math.max(1, Math.round(groupBytes)), 0x63);
  let pos = 0;
  let passes = 0;
  const t0 = performance.now();
  const until = t0 + seconds * 1000;
  while (performance.now() < until) {
    if (pos + buf.length > size) pos = 0;
    await pwriteAll(fd, buf, 0, buf.length, pos);
    await fdatasync(fd);
    pos += buf.length;
    passes++;
  }
  const secs = (performance.now() - t0) / 1000;
  fs.closeSync(fd);
  fs.rmSync(file);
  return { passesPerSec: passes / secs, bytesPerSec: (passes * buf.length) / secs };
}

/** Plain sequential 4 MiB writes (no sync until the end), the ceiling for async appends. */
async function rawWrite(root: string, seconds: number): Promise<number> {
  const file = path.join(root, 'raw-write');
  const fd = fs.openSync(file, 'w+');
  const buf = Buffer.alloc(4 * 1024 * 1024, 0x64);
  let pos = 0;
  const t0 = performance.now();
  const until = t0 + seconds * 1000;
  while (performance.now() < until && pos < 8 * 1024 * 1024 * 1024) {
    await pwriteAll(fd, buf, 0, buf.length, pos);
    pos += buf.length;
  }
  await fdatasync(fd);
  const secs = (performance.now() - t0) / 1000;
  fs.closeSync(fd);
  fs.rmSync(file);
  return pos / secs;
}

async function benchReads(root: string, a: Args): Promise<{ msgsPerSec: number; callsPerSec: number }> {
  const s = new DefaultMessageStore(config(root, a, { flushDiskType: 'ASYNC_FLUSH' }));
  await s.start();
  const max = s.getMaxOffsetInQueue('BenchTopic', 0);
  let msgs = 0;
  let calls = 0;
  const t0 = performance.now();
  const until = t0 + a.seconds * 1000;
  // 16 concurrent pullers, as many consumers would.
  await Promise.all(
    Array.from({ length: 16 }, async (_, w) => {
      let off = Math.floor((max / 16) * w);
      while (performance.now() < until) {
        const g = await s.getMessage('bench', 'BenchTopic', 0, off, 32, 256 * 1024);
        calls++;
        msgs += g.messages.length;
        off = g.nextBeginOffset >= max ? 0 : g.nextBeginOffset;
      }
    }),
  );
  const secs = (performance.now() - t0) / 1000;
  await s.shutdown();
  return { msgsPerSec: msgs / secs, callsPerSec: calls / secs };
}

async function benchRecovery(root: string, a: Args): Promise<void> {
  const s = new DefaultMessageStore(config(root, a, { flushDiskType: 'ASYNC_FLUSH', messageIndexEnable: true }));
  await s.start();
  const body = Buffer.alloc(1024, 0x65);
  const ms = Array.from({ length: 8 }, (_, q) => ({ ...msg(body, q), keys: undefined, uniqKey: `U${q}` }));
  const target = a.recoveryMb * 1024 * 1024;
  const t0 = performance.now();
  while (s.getMaxPhyOffset() < target) {
    let last: Promise<unknown> | undefined;
    for (let i = 0; i < 4096; i++) last = s.putMessage(ms[i & 7]);
    await last;
  }
  const fillSecs = (performance.now() - t0) / 1000;
  // Crash mid-load: the checkpoint (every second) lags, bytes not yet written are lost.
  await s.halt();
  const logBytes = s.commitLog.writtenOffset;
  const gib = logBytes / 1024 ** 3;
  out(`  log written: ${fmt(logBytes / 1024 / 1024)} MB in ${fmt(fillSecs, 1)} s (1 KiB bodies, uniq keys indexed)`);

  // Crash with a recent checkpoint: what a broker restart after kill -9 costs.
  const r1 = new DefaultMessageStore(config(root, a, { messageIndexEnable: true }));
  let t = performance.now();
  await r1.start();
  const fromCp = (performance.now() - t) / 1000;
  const st1 = r1.recovery!;
  await r1.halt();
  out(
    `  crash under load, recovery from the last checkpoint: ${fmt(fromCp * 1000)} ms total start` +
      ` (re-checked ${fmt(st1.scannedBytes / 1024 / 1024, 1)} MB written since the checkpoint, ${fmt(st1.records)} records;` +
      ` independent of the log size)`,
  );

  // No checkpoint and no derived files: every record checked (CRC + structure) and every CQ/index entry rebuilt.
  fs.rmSync(path.join(root, 'checkpoint'), { force: true });
  fs.rmSync(path.join(root, 'consumequeue'), { recursive: true, force: true });
  fs.rmSync(path.join(root, 'index'), { recursive: true, force: true });
  const r2 = new DefaultMessageStore(config(root, a, { messageIndexEnable: true }));
  t = performance.now();
  await r2.start();
  const full = (performance.now() - t) / 1000;
  const st2 = r2.recovery!;
  await r2.shutdown();
  out(
    `  full rescan + rebuild: ${fmt(full * 1000)} ms for ${fmt(st2.scannedBytes / 1024 / 1024)} MB, ${fmt(st2.records)} records` +
      ` → ${fmt(full / gib, 2)} s/GiB (10 GiB ≈ ${fmt((full / gib) * 10, 1)} s)`,
  );
}

export async function runStoreBench(argv: string[]): Promise<void> {
  const a = parseArgs(argv);
  const base = fs.mkdtempSync(path.join(a.dir, 'orbit-store-bench-'));
  out(
    `store bench in ${base} (node ${process.version}, ${os.cpus().length} CPUs, ${a.seconds} s per run, sync concurrency ${a.concurrency}, whole-record CRC ${a.recordCrc ? 'on' : 'off'})`,
  );
  try {
    if (a.only === 'filter') return await benchFilteredPulls(base, config(base, a, {}), a.seconds);
    const rawWriteBps = await rawWrite(base, a.seconds);
    out(`raw sequential write: ${fmt(rawWriteBps / 1e6)} MB/s`);
    for (const bodySize of [128, 1024]) {
      const rec = recordSize(0, bodySize, 10, 9);
      out(`\nbody ${bodySize} B (record ${rec} B)`);
      const root = path.join(base, `w${bodySize}`);
      const sy = await benchSync(path.join(root, 'sync'), a, bodySize);
      const syRate = sy.msgs / sy.secs;
      const rawRate = sy.rawMsgs / sy.rawSecs;
      out(
        `  SYNC_FLUSH : ${fmt(syRate)} msg/s, ${fmt((syRate * rec) / 1e6, 1)} MB/s` +
          `  | raw write+fdatasync with the same ${fmt(sy.groupBytes / 1024, 1)} KiB groups: ${fmt(rawRate)} msg/s` +
          ` (${sy.rawSyncsPerSec.map((x) => fmt(x)).join('/')} syncs/s in the interleaved slices) → ${fmt((syRate / rawRate) * 100)} %`,
      );
      const as = await benchAsync(path.join(root, 'async'), a, bodySize);
      const asRate = as.msgs / as.secs;
      const rawAsync = rawWriteBps / rec;
      out(
        `  ASYNC_FLUSH: ${fmt(asRate)} msg/s, ${fmt(as.bytes / as.secs / 1e6, 1)} MB/s (all flushed after ${fmt(as.flushedSecs, 2)} s)` +
          `  | raw sequential write: ${fmt(rawAsync)} msg/s → ${fmt((asRate / rawAsync) * 100)} %`,
      );
      const rd = await benchReads(path.join(root, 'async'), a);
      out(`  reads      : ${fmt(rd.msgsPerSec)} msg/s (${fmt(rd.callsPerSec)} getMessage calls/s, 32 per call, 16 pullers)`);
      fs.rmSync(root, { recursive: true, force: true });
    }
    await benchFilteredPulls(base, config(base, a, {}), a.seconds);
    out(`\nrecovery (--recovery-mb ${a.recoveryMb})`);
    await benchRecovery(path.join(base, 'recovery'), a);
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
}
