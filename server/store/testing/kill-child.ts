/**
 * Child process of kill.test.ts: opens the store at argv[2] with SYNC_FLUSH and appends from many concurrent
 * writers until killed, printing one line per acknowledged message:
 *   ack <topic> <queueId> <queueOffset> <sha1 of body hex>
 * stdout to a pipe is synchronous on Linux, so every printed line was acknowledged before the kill.
 */
import crypto from 'node:crypto';
import { DefaultMessageStore } from '../default-message-store';
import { PutMessageStatus } from '../message-store';
import { makeMsg, smallConfig } from './store-test-util';

const dir = process.argv[2];
const concurrency = Number(process.argv[3] ?? 32);
if (!dir) {
  process.stderr.write('usage: kill-child.ts <dir> [concurrency]\n');
  process.exit(2);
}

const store = new DefaultMessageStore(
  smallConfig(dir, { mappedFileSizeCommitLog: 256 * 1024, flushIntervalConsumeQueue: 50, diskUsageRatio: () => 10 }),
);
await store.start();
process.stdout.write(`ready ${store.getMaxPhyOffset()}\n`);

let seq = 0;
const run = crypto.randomBytes(4).toString('hex');
const sha = (b: Buffer) => crypto.createHash('sha1').update(b).digest('hex');

function body(): Buffer {
  const n = 16 + Math.floor(Math.random() * 600);
  const b = crypto.randomBytes(n);
  b.write(`${run}:${seq++}:`, 0, 'latin1');
  return b;
}

async function writer(w: number): Promise<never> {
  for (;;) {
    const queueId = w % 4;
    if (Math.random() < 0.1) {
      const msgs = [0, 1, 2].map(() => makeMsg({ topic: 'KillT', queueId, body: body(), keys: [`k${seq}`] }));
      const r = await store.putMessages(msgs);
      if (r.status === PutMessageStatus.PUT_OK) {
        const base = r.appendResult!.logicsOffset;
        process.stdout.write(msgs.map((m, i) => `ack KillT ${queueId} ${base + i} ${sha(m.body)}\n`).join(''));
      }
    } else {
      const m = makeMsg({ topic: w % 8 === 0 ? 'KillU' : 'KillT', queueId, body: body(), tags: `t${seq % 3}` });
      const r = await store.putMessage(m);
      if (r.status === PutMessageStatus.PUT_OK) {
        process.stdout.write(`ack ${m.topic} ${queueId} ${r.appendResult!.logicsOffset} ${sha(m.body)}\n`);
      }
    }
  }
}

for (let w = 0; w < concurrency; w++) void writer(w);
