/**
 * Pull throughput with broker-side filters, part of `npm run bench -- store` (alone: `--only filter`): one queue of
 * 128 B messages where 10 % carry tag TagA and properties region=eu, a=<n>; pulls of 32 through the broker's own
 * MessageFilter (server/broker/subscription/message-filter) with no filter, the tag filter TagA (ConsumeQueue tag
 * codes only) and two SQL92 selectors matching the same 10 % (record properties read and evaluated).
 */
import path from 'node:path';
import { tagsCode } from '../../server/common/message/tag-hash';
import { buildSubscriptionData } from '../../server/broker/subscription/filter-api';
import { messageFilterFor } from '../../server/broker/subscription/message-filter';
import { DefaultMessageStore, type OrbitStoreConfig } from '../../server/store/default-message-store';
import type { MessageExtBrokerInner, MessageFilter } from '../../server/store/message-store';

const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const out = (s: string) => process.stdout.write(`${s}\n`);

const TOPIC = 'FilterBench';
const COUNT = 200_000;

function message(i: number, body: Buffer): MessageExtBrokerInner {
  const hit = i % 10 === 0;
  const tag = hit ? 'TagA' : 'TagB';
  return {
    topic: TOPIC,
    queueId: 0,
    flag: 0,
    body,
    propertiesString: `TAGS\u0001${tag}\u0002region\u0001${hit ? 'eu' : 'us'}\u0002a\u0001${i % 100}\u0002UNIQ_KEY\u00017F0000010001${i.toString(16).padStart(12, '0')}`,
    tagsCode: tagsCode(tag),
    sysFlag: 0,
    bornTimestamp: Date.now(),
    bornHost: { ip: Buffer.from([127, 0, 0, 1]), port: 50000 },
    storeHost: { ip: Buffer.from([127, 0, 0, 1]), port: 10911 },
    reconsumeTimes: 0,
    preparedTransactionOffset: 0,
  };
}

async function pullAll(s: DefaultMessageStore, filter: MessageFilter | undefined, seconds: number): Promise<{ matched: number; scanned: number; secs: number }> {
  const max = s.getMaxOffsetInQueue(TOPIC, 0);
  let matched = 0;
  let scanned = 0;
  const t0 = performance.now();
  const until = t0 + seconds * 1000;
  let off = 0;
  while (performance.now() < until) {
    const g = await s.getMessage('bench', TOPIC, 0, off, 32, 256 * 1024, filter);
    matched += g.messages.length;
    scanned += g.nextBeginOffset - off;
    off = g.nextBeginOffset >= max ? 0 : g.nextBeginOffset;
  }
  return { matched, scanned, secs: (performance.now() - t0) / 1000 };
}

export async function benchFilteredPulls(root: string, base: OrbitStoreConfig, seconds: number): Promise<void> {
  const s = new DefaultMessageStore({ ...base, storePathRootDir: path.join(root, 'filter'), flushDiskType: 'ASYNC_FLUSH' });
  await s.start();
  const body = Buffer.alloc(128, 0x66);
  for (let i = 0; i < COUNT; i += 4096) {
    let last: Promise<unknown> | undefined;
    for (let j = i; j < Math.min(COUNT, i + 4096); j++) last = s.putMessage(message(j, body));
    await last;
  }
  await s.flush.flushAll();
  out(`\nfiltered pulls (${fmt(COUNT)} messages of 128 B in one queue, 10 % match; pulls of 32, one puller)`);
  const cases: [string, MessageFilter | undefined][] = [
    ['no filter (every message)', undefined],
    ["tag 'TagA' (ConsumeQueue tag codes)", messageFilterFor(buildSubscriptionData(TOPIC, 'TagA', 0))],
    ["SQL92 region = 'eu'", messageFilterFor(buildSubscriptionData(TOPIC, "region = 'eu'", 0, 'SQL92'))],
    ["SQL92 a >= 0 AND region IN ('eu', 'ap') AND TAGS = 'TagA'", messageFilterFor(buildSubscriptionData(TOPIC, "a >= 0 AND region IN ('eu', 'ap') AND TAGS = 'TagA'", 0, 'SQL92'))],
  ];
  const rates: number[] = [];
  for (const [name, filter] of cases) {
    const r = await pullAll(s, filter, seconds);
    rates.push(r.matched / r.secs);
    out(`  ${name.padEnd(58)} ${fmt(r.matched / r.secs).padStart(10)} matching msg/s delivered, ${fmt(r.scanned / r.secs).padStart(10)} msg/s scanned`);
  }
  out(`  SQL92 vs tag (same 10 %): ${fmt((rates[2] / rates[1]) * 100)} % and ${fmt((rates[3] / rates[1]) * 100)} % of the tag filter's delivered rate`);
  await s.shutdown();
}
