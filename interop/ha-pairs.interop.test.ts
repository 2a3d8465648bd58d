/**
 * Master/slave replication (RocketMQ 4.9 classic HA) across implementations. Every pairing master → slave
 * gets the same checks: apache→apache is the control (it proves the checks against the reference),
 * then orbit→orbit, apache→orbit and orbit→apache. ORBIT_HA_PAIRS picks pairings (comma-separated, default
 * all four); ORBIT_HA_MESSAGES the message count (300); ORBIT_HA_NAMESRV=apache the reference name server.
 *
 * Per pairing, two pairs, one after the other (support/ha-pair.ts):
 *   ASYNC_MASTER + ASYNC_FLUSH: N messages (keys, tags, 4 queues) replicated byte for byte, read back from
 *     the SLAVE's address (pull per queue, tag pull, QUERY_MESSAGE by key and by msgId, VIEW_MESSAGE_BY_ID);
 *     the topic config and a consumer offset reach the slave (SlaveSynchronize, every 10 s); a send to the
 *     slave is refused with 14; slave kill -9 + restart resumes from its own offset; master kill -9 leaves
 *     reads on the slave, and the restarted master is followed again.
 *   SYNC_MASTER + SYNC_FLUSH: SEND_OK with the slave attached and the slave holding each message when its send
 *     returns; slave killed -9 → 11 SLAVE_NOT_AVAILABLE (message stored on the master); restarted → SEND_OK.
 * Commit-log files are 64 KiB, so the N messages cross file boundaries (an HA frame never spans two files).
 * Figures are printed as `[ha-pairs]` lines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Producer, type SendResult } from '../server/client';
import { decodeOffsetMsgId } from '../server/common/message/message-id';
import { BrokerCalls, codeText, messageFacts, type Reply } from './support/broker-calls';
import { HA_BROKER_NAME, startHaPair, type HaMasterRole, type HaPair } from './support/ha-pair';
import { createTopic, getClusterInfo } from './support/remoting-admin';
import type { Impl } from './support/server-process';

interface Pairing {
  name: string;
  master: Impl;
  slave: Impl;
}

const ALL_PAIRINGS: Pairing[] = [
  { name: 'apache-apache', master: 'apache', slave: 'apache' },
  { name: 'orbit-orbit', master: 'orbit', slave: 'orbit' },
  { name: 'apache-orbit', master: 'apache', slave: 'orbit' },
  { name: 'orbit-apache', master: 'orbit', slave: 'apache' },
];

function parsePairings(text: string | undefined): Pairing[] {
  if (!text?.trim()) return ALL_PAIRINGS;
  return text.split(',').map((raw) => {
    const found = ALL_PAIRINGS.find((p) => p.name === raw.trim());
    if (!found) throw new Error(`ORBIT_HA_PAIRS: unknown pairing '${raw}' (known: ${ALL_PAIRINGS.map((p) => p.name).join(', ')})`);
    return found;
  });
}

const pairings = parsePairings(process.env.ORBIT_HA_PAIRS);
const N = Number(process.env.ORBIT_HA_MESSAGES ?? 300);
const MORE = 50;
const QUEUES = 4;
const FILE_SIZE = 64 * 1024;
const runId = `${Date.now().toString(36)}${process.pid.toString(36)}`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (ms: number) => Math.round(ms);
const say = (pair: HaPair, text: string) => console.log(`[ha-pairs] ${pair.label} ${pair.role}: ${text}`);

/** Polls `probe` until it returns something other than undefined/false; the error names `what`. */
async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined | false>, intervalMs = 100): Promise<{ value: T; ms: number }> {
  const t0 = performance.now();
  let lastErr: unknown;
  while (performance.now() - t0 < timeoutMs) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return { value: v, ms: performance.now() - t0 };
    } catch (err) {
      lastErr = err;
    }
    await sleep(intervalMs);
  }
  throw new Error(`${what}: not within ${timeoutMs} ms${lastErr ? ` (last error: ${(lastErr as Error).message})` : ''}`);
}

/** Bodies of 200–500 bytes, so that N messages fill several 64 KiB commit-log files. */
const bodyOf = (tag: string, i: number) => `${tag}-${i}-`.padEnd(200 + ((i * 37) % 300), String.fromCharCode(97 + (i % 26)));

/** One master/slave pair of the given role with everything a test needs, started in beforeAll. */
function definePair(p: Pairing, role: HaMasterRole) {
  const calls = new BrokerCalls();
  const topic = `HA_${role === 'SYNC_MASTER' ? 'SYNC' : 'ASYNC'}_${p.name.replace('-', '_')}_${runId}`;
  const group = `GID_ha_${p.name.replace('-', '_')}_${runId}`;
  const sent = new Map<string, SendResult>();
  let pair: HaPair | undefined;
  let producer: Producer | undefined;

  beforeAll(async () => {
    // An Apache slave serves records as stored, so an Orbit master in front of one writes no record CRC item
    // (RocketMQ 5's __CRC32# property, which an Orbit broker cuts before clients see it and a 4.9 slave does not).
    const masterConf = p.master === 'orbit' && p.slave === 'apache' ? { enabledAppendPropCRC: 'false' } : undefined;
    pair = await startHaPair({ master: p.master, slave: p.slave, role, flush: role === 'SYNC_MASTER' ? 'SYNC_FLUSH' : 'ASYNC_FLUSH', mappedFileSizeCommitLog: FILE_SIZE, masterConf });
    const s = pair.startup;
    say(pair, `ready (spawn → ready line) namesrv ${round(s.namesrvMs)} ms, master ${round(s.masterMs)} ms, slave ${round(s.slaveMs)} ms; ` +
      `slave attached ${round(s.attach?.sinceSlaveReadyMs ?? NaN)} ms after its ready line; first probe send: ${codeText(s.attach?.probeCode ?? -1)} ${s.attach?.probeRemark ?? ''}`);
    await createTopic(pair.namesrvAddr, topic, QUEUES);
    producer = await newProducer(pair);
  }, 240_000);

  afterAll(async () => {
    await producer?.shutdown();
    await calls.shutdown();
    await pair?.stop();
  }, 60_000);

  async function newProducer(pr: HaPair): Promise<Producer> {
    const prod = new Producer({ namesrvAddr: pr.namesrvAddr, producerGroup: `PID_ha_${runId}`, sendMsgTimeoutMs: 10_000 });
    await prod.start();
    return prod;
  }

  const ctx = {
    calls,
    topic,
    group,
    sent,
    pair(): HaPair {
      if (!pair) throw new Error(`the ${p.name} ${role} pair did not start`);
      return pair;
    },
    producer(): Producer {
      if (!producer) throw new Error('no producer');
      return producer;
    },
    async replaceProducer(): Promise<Producer> {
      await producer?.shutdown();
      producer = await newProducer(ctx.pair());
      return producer;
    },
    /** Sends `count` messages through the SDK (keys k<i> and g<i mod 10>, tags Tag0..2); returns their results. */
    async sendMany(from: number, count: number, onEach?: (r: SendResult, i: number) => Promise<void>): Promise<SendResult[]> {
      const out: SendResult[] = [];
      for (let i = from; i < from + count; i++) {
        const r = await ctx.producer().send({ topic, body: bodyOf(topic, i), tags: `Tag${i % 3}`, keys: [`k${i}`, `g${i % 10}`], properties: { seq: String(i) } });
        sent.set(`k${i}`, r);
        out.push(r);
        await onEach?.(r, i);
      }
      return out;
    },
    /**
     * Every queue read from the master and from the slave must be the same records, and what the sends
     * returned; resolves with the count. Waits first for the slave's consume queues (its dispatcher runs
     * behind its commit log) and its topic config (pulls on an Apache slave need it: TOPIC_NOT_EXIST before).
     */
    async compareQueues(): Promise<number> {
      const pr = ctx.pair();
      await until(`${pr.label}: slave consume queues of ${topic} reach the master's`, 20_000, async () => {
        for (let q = 0; q < QUEUES; q++) {
          if ((await calls.maxOffset(pr.slave.addr, topic, q)) !== (await calls.maxOffset(pr.master.addr, topic, q))) return false;
        }
        return true;
      });
      await until(`${pr.label}: slave has the topic config of ${topic}`, 25_000, async () => (await calls.topicNames(pr.slave.addr)).includes(topic));
      let total = 0;
      for (let q = 0; q < QUEUES; q++) {
        const m = await calls.pullQueue(pr.master.addr, topic, q, { group });
        const s = await calls.pullQueue(pr.slave.addr, topic, q, { group });
        expect(s.length, `queue ${q}: messages pulled from the slave vs the master`).toBe(m.length);
        expect(m.map((x) => x.queueOffset), `queue ${q}: queue offsets on the master`).toEqual(m.map((_, i) => i));
        for (let i = 0; i < m.length; i++) {
          expect(messageFacts(s[i]), `queue ${q} message ${i}: slave record vs master record`).toEqual(messageFacts(m[i]));
          const key = (m[i].properties.KEYS ?? '').split(' ')[0];
          const r = sent.get(key);
          expect(r, `queue ${q} message ${i}: key ${key} was sent`).toBeDefined();
          expect([m[i].offsetMsgId, m[i].queueId, m[i].queueOffset, m[i].msgId], `queue ${q} message ${i} vs its send result`).toEqual([
            r?.offsetMsgId,
            r?.messageQueue.queueId,
            r?.queueOffset,
            r?.msgId,
          ]);
          // A replica keeps the master's store host: offset message ids are the same on both.
          expect(m[i].storeHost).toBe(pr.master.addr);
        }
        total += m.length;
      }
      expect(total, 'messages in all queues').toBe(sent.size);
      return total;
    },
  };
  return ctx;
}

/** Appends the processes' output tails to a failure: most HA failures are explained only by the brokers' logs. */
async function withTails(pair: () => HaPair, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    let tails = '';
    try {
      tails = pair().output(40);
    } catch {
      // the pair never started; its start error says why
    }
    if (err instanceof Error && tails) err.message += `\n${tails}`;
    throw err;
  }
}

describe.each(pairings)('HA pair $name (master → slave)', (p) => {
  describe('ASYNC_MASTER, ASYNC_FLUSH', () => {
    const c = definePair(p, 'ASYNC_MASTER');
    const t = (fn: () => Promise<void>) => () => withTails(c.pair, fn);

    it(`replicates ${N} messages byte for byte; the slave serves them (pull per queue, tag pull)`, t(async () => {
      const pr = c.pair();
      let maxBehind = 0;
      const t0 = performance.now();
      await c.sendMany(0, N, async (r, i) => {
        expect(r.sendStatus, `send ${i}`).toBe('SEND_OK');
        if (i % 50 === 49) maxBehind = Math.max(maxBehind, (await pr.lag()).behindBytes);
      });
      const sendMs = performance.now() - t0;
      const catchUpMs = await pr.waitForCatchUp(30_000);
      const { master } = await pr.lag();
      say(pr, `${N} sends in ${round(sendMs)} ms; slave behind at most ${maxBehind} bytes when sampled every 50 sends; ` +
        `caught up ${round(catchUpMs)} ms after the last SEND_OK; commitLogMaxOffset ${master} (${Math.ceil(master / FILE_SIZE)} files of ${FILE_SIZE})`);
      expect(master, 'the messages span several commit-log files').toBeGreaterThan(2 * FILE_SIZE);
      expect(await c.compareQueues()).toBe(N);

      const q0 = await c.calls.pullQueue(pr.master.addr, c.topic, 0, { group: c.group });
      const tagged = await c.calls.pullQueue(pr.slave.addr, c.topic, 0, { group: c.group, subscription: 'Tag1' });
      expect(tagged.map(messageFacts), 'slave, queue 0, subscription Tag1').toEqual(q0.filter((m) => m.properties.TAGS === 'Tag1').map(messageFacts));
    }), 180_000);

    it('finds messages on the slave by key and msgId (QUERY_MESSAGE 12) and by offset (VIEW_MESSAGE_BY_ID 33)', t(async () => {
      const pr = c.pair();
      expect(c.sent.size, 'the replication test sent messages').toBeGreaterThan(0);
      for (const i of [0, Math.floor(N / 2), N - 1]) {
        const r = c.sent.get(`k${i}`);
        if (!r) throw new Error(`k${i} was not sent`);
        const onMaster = await c.calls.queryByKey(pr.master.addr, c.topic, `k${i}`);
        const { value: onSlave } = await until(`QUERY_MESSAGE k${i} on the slave`, 10_000, async () => {
          const q = await c.calls.queryByKey(pr.slave.addr, c.topic, `k${i}`);
          return q.messages.length > 0 && q;
        });
        expect(onSlave.reply.code, codeText(onSlave.reply.code)).toBe(0);
        expect(onSlave.messages.map(messageFacts), `QUERY_MESSAGE k${i}: slave vs master`).toEqual(onMaster.messages.map(messageFacts));
        expect(onSlave.messages.map((m) => m.offsetMsgId)).toEqual([r.offsetMsgId]);
        const byId = await c.calls.queryByKey(pr.slave.addr, c.topic, r.msgId);
        expect(byId.messages.map((m) => m.offsetMsgId), `QUERY_MESSAGE by msgId ${r.msgId} on the slave`).toEqual([r.offsetMsgId]);

        const offset = decodeOffsetMsgId(r.offsetMsgId).offset;
        const viewed = await c.calls.viewByOffset(pr.slave.addr, offset);
        const viewedOnMaster = await c.calls.viewByOffset(pr.master.addr, offset);
        expect(viewed.reply.code, `VIEW_MESSAGE_BY_ID ${offset} on the slave: ${codeText(viewed.reply.code)} ${viewed.reply.remark ?? ''}`).toBe(0);
        expect(viewed.message && messageFacts(viewed.message)).toEqual(viewedOnMaster.message && messageFacts(viewedOnMaster.message));
      }
    }), 60_000);

    it('a consumer offset committed on the master reaches the slave within 15 s', t(async () => {
      const pr = c.pair();
      const offsetGroup = `${c.group}_offsets`;
      const want = Array.from({ length: QUEUES }, (_, q) => 3 * q + 1);
      const before = await c.calls.queryConsumerOffset(pr.slave.addr, offsetGroup, c.topic, 0);
      for (let q = 0; q < QUEUES; q++) {
        const u = await c.calls.updateConsumerOffset(pr.master.addr, offsetGroup, c.topic, q, want[q]);
        expect(u.code, `UPDATE_CONSUMER_OFFSET q${q} on the master: ${codeText(u.code)} ${u.remark ?? ''}`).toBe(0);
      }
      const { ms } = await until('consumer offsets on the slave', 25_000, async () => {
        for (let q = 0; q < QUEUES; q++) {
          const r = await c.calls.queryConsumerOffset(pr.slave.addr, offsetGroup, c.topic, q);
          if (r.code !== 0 || Number(r.ext.offset) !== want[q]) return false;
        }
        return true;
      }, 200);
      say(pr, `consumer offsets reached the slave ${round(ms)} ms after UPDATE_CONSUMER_OFFSET (before: QUERY_CONSUMER_OFFSET q0 on the slave said ${codeText(before.code)}, offset ${before.ext.offset ?? '-'} ${before.remark ?? ''})`);
      expect(ms).toBeLessThan(15_000);
    }), 60_000);

    it('a send addressed to the slave is refused with 14 SERVICE_NOT_AVAILABLE and stored nowhere', t(async () => {
      const pr = c.pair();
      const before = await pr.lag();
      const r = await c.calls.send(pr.slave.addr, c.topic, 'sent to the slave', { tags: 'TagX', keys: 'to-slave' });
      say(pr, `SEND_MESSAGE_V2 to the slave: ${codeText(r.code)} "${r.remark ?? ''}"`);
      expect(codeText(r.code)).toBe(codeText(14));
      expect(r.remark ?? '').toMatch(/^service not available now/);
      await sleep(500);
      expect(await pr.lag()).toEqual(before);
    }), 30_000);

    it(`a slave killed -9 and restarted on its store resumes from its own offset (${MORE} messages sent meanwhile)`, t(async () => {
      const pr = c.pair();
      await pr.slave.kill();
      await c.sendMany(N, MORE, async (r, i) => expect(r.sendStatus, `send ${i} with the slave down`).toBe('SEND_OK'));
      const readyMs = await pr.slave.start();
      const catchUpMs = await pr.waitForCatchUp(60_000);
      say(pr, `slave restarted after kill -9: ready in ${round(readyMs)} ms, caught up ${round(catchUpMs)} ms after its ready line`);
      expect(await c.compareQueues()).toBe(N + MORE);
    }), 150_000);

    it('after the master is killed -9 the slave serves reads and refuses writes; the restarted master is followed again', t(async () => {
      const pr = c.pair();
      const q0 = await c.calls.pullQueue(pr.slave.addr, c.topic, 0, { group: c.group });
      await pr.master.kill();
      const { ms: droppedMs } = await until('name server drops the killed master', 15_000, async () => {
        const b = (await getClusterInfo(pr.namesrvAddr)).brokerAddrTable?.[HA_BROKER_NAME];
        return b !== undefined && Object.keys(b.brokerAddrs ?? {}).join() === '1';
      });
      const again = await c.calls.pullQueue(pr.slave.addr, c.topic, 0, { group: c.group });
      expect(again.map(messageFacts), 'slave pull with the master down').toEqual(q0.map(messageFacts));
      const offset = await c.calls.queryConsumerOffset(pr.slave.addr, `${c.group}_offsets`, c.topic, 0);
      expect([offset.code, offset.ext.offset], 'QUERY_CONSUMER_OFFSET on the slave with the master down').toEqual([0, '1']);
      const refused: Reply = await c.calls.send(pr.slave.addr, c.topic, 'master down', { tags: 'TagX' });
      expect(codeText(refused.code), 'send to the slave with the master down').toBe(codeText(14));

      const readyMs = await pr.master.start();
      // A fresh producer: the old one may still hold the dead connection or keep the broker on its fault list.
      await c.replaceProducer();
      await c.sendMany(N + MORE, MORE, async (r, i) => expect(r.sendStatus, `send ${i} after the master restart`).toBe('SEND_OK'));
      const catchUpMs = await pr.waitForCatchUp(60_000);
      say(pr, `master killed -9: name server dropped it in ${round(droppedMs)} ms; restarted, ready in ${round(readyMs)} ms; ` +
        `slave caught up ${round(catchUpMs)} ms after the ${MORE} new sends`);
      expect(await c.compareQueues()).toBe(N + 2 * MORE);
    }), 180_000);
  });

  describe('SYNC_MASTER, SYNC_FLUSH', () => {
    const c = definePair(p, 'SYNC_MASTER');
    const t = (fn: () => Promise<void>) => () => withTails(c.pair, fn);
    const SYNC_N = 50;

    it('sends return SEND_OK with the slave attached, and the slave holds each message when its send returns', t(async () => {
      const pr = c.pair();
      const t0 = performance.now();
      await c.sendMany(0, SYNC_N, async (r, i) => {
        expect(r.sendStatus, `send ${i}`).toBe('SEND_OK');
        const lag = await pr.lag();
        expect(lag.behindBytes, `slave behind the master right after SEND_OK of send ${i}`).toBe(0);
      });
      say(pr, `${SYNC_N} SYNC_MASTER sends (each followed by a runtime-info check) in ${round(performance.now() - t0)} ms, all SEND_OK, slave never behind`);
      expect(await c.compareQueues()).toBe(SYNC_N);
    }), 120_000);

    it('after the slave is killed -9, sends get 11 SLAVE_NOT_AVAILABLE and are still stored on the master', t(async () => {
      const pr = c.pair();
      await pr.slave.kill();
      const t0 = performance.now();
      const seen: { code: number; remark?: string; atMs: number }[] = [];
      let last: Reply | undefined;
      while (performance.now() - t0 < 40_000) {
        last = await c.calls.send(pr.master.addr, c.topic, `slave down ${seen.length}`, { queueId: 0, keys: `down${seen.length}` });
        seen.push({ code: last.code, remark: last.remark, atMs: round(performance.now() - t0) });
        if (last.code === 11) break;
        await sleep(200);
      }
      say(pr, `sends after slave kill -9: ${seen.map((s) => `${s.code}@${s.atMs}ms`).join(', ')}; last remark "${last?.remark ?? ''}"`);
      expect(codeText(last?.code ?? -1), 'a send once the master noticed the dead slave').toBe(codeText(11));
      expect(seen.every((s) => s.code === 11 || s.code === 12), `only 11, or 12 FLUSH_SLAVE_TIMEOUT before the master notices: ${JSON.stringify(seen)}`).toBe(true);
      // The response carries the stored message's ids, as for a success.
      const stored = decodeOffsetMsgId(last?.ext.msgId ?? '');
      const viewed = await c.calls.viewByOffset(pr.master.addr, stored.offset);
      expect(viewed.message?.body.toString('utf8')).toBe(`slave down ${seen.length - 1}`);
      expect(Number(last?.ext.queueOffset)).toBe(viewed.message?.queueOffset);

      const viaSdk = await c.sendMany(SYNC_N, 1);
      expect(viaSdk[0].sendStatus, 'SDK send result with the slave down').toBe('SLAVE_NOT_AVAILABLE');
    }), 90_000);

    it('restarted, the slave catches up and sends return SEND_OK again', t(async () => {
      const pr = c.pair();
      const readyMs = await pr.slave.start();
      const catchUpMs = await pr.waitForCatchUp(60_000);
      const [r] = await c.sendMany(SYNC_N + 1, 1);
      say(pr, `slave restarted: ready in ${round(readyMs)} ms, caught up ${round(catchUpMs)} ms later; next send ${r.sendStatus}`);
      expect(r.sendStatus).toBe('SEND_OK');
      expect((await pr.lag()).behindBytes).toBe(0);
    }), 120_000);
  });
});
