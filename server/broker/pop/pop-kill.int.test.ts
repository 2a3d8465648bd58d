/**
 * kill -9 of a broker in the middle of POP consumption (SYNC_FLUSH, a real `orbit broker` process): after the
 * restart every message popped but not acknowledged before the kill is delivered again (its checkpoint survived),
 * through the pop retry topic (reconsumeTimes 1), and every stored message is consumed in the end.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logger } from '../../common/logger';
import { MessageConst } from '../../common/message/message-const';
import { RemotingClient } from '../../remoting/remoting-client';
import { ResponseCode } from '../../remoting/response-code';
import { parseExtraInfo, realTopicOf } from '../../remoting/header/pop-extra-info';
import { ackMessage, popMessage, type PoppedMessage } from '../../client/impl/pop-api';
import { startOrbitBrokers, type OrbitBrokersHandle } from '../../client/testing/orbit-brokers';
import { sendV2 } from '../testing/remoting-calls';

const log = logger.child({ test: 'pop-kill' });
const TOTAL = 200;
let cluster: OrbitBrokersHandle;
let client: RemotingClient;

beforeAll(async () => {
  cluster = await startOrbitBrokers({ brokerNames: ['broker-popkill'], flush: 'SYNC_FLUSH', brokerConf: { reviveInterval: '200' } });
  client = new RemotingClient(log);
}, 60_000);

afterAll(async () => {
  await client?.shutdown();
  await cluster?.stop();
});

describe('POP across a broker kill -9', () => {
  it('redelivers every popped, unacknowledged message and consumes everything', async () => {
    const b = cluster.brokers['broker-popkill'];
    const topic = `T_popkill_${Date.now()}`;
    const group = `G_popkill_${Date.now()}`;
    for (let i = 0; i < TOTAL; i++) {
      const res = await sendV2(client, b.addr, topic, `m${i}`, { [MessageConst.UNIQ_CLIENT_MESSAGE_ID_KEYIDX]: `ID${i}` }, i % 4);
      expect(res.code, res.remark).toBe(ResponseCode.SUCCESS);
    }
    const pop = (invisibleTime: number) =>
      popMessage(client, b.addr, 'broker-popkill', { consumerGroup: group, topic, queueId: -1, maxMsgNums: 16, invisibleTime, pollTime: 0, bornTime: Date.now(), initMode: 0 }, 5000);
    const ack = (p: PoppedMessage) => {
      const e = parseExtraInfo(p.extraInfo);
      return ackMessage(client, b.addr, { group, topic: realTopicOf(topic, group, e.retryFlag), queueId: e.queueId, offset: e.queueOffset ?? p.message.queueOffset, extraInfo: p.extraInfo }, 5000);
    };

    const acked = new Set<string>();
    const unacked = new Set<string>();
    while (acked.size + unacked.size < TOTAL / 2) {
      const r = await pop(2500);
      for (const [i, m] of r.messages.entries()) {
        const body = m.message.body.toString();
        if (i % 2 === 0) {
          await ack(m);
          acked.add(body);
        } else unacked.add(body);
      }
    }
    // Past the broker's 5 s offset save: after the restart the group's offset is past every popped message, so the
    // unacknowledged ones can only come back from their checkpoints.
    await new Promise((res) => setTimeout(res, 6000));
    await b.kill();
    await b.restart();

    const seenAfter = new Set<string>();
    const revived = new Set<string>();
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const r = await pop(2500).catch(() => undefined);
      for (const m of r?.messages ?? []) {
        seenAfter.add(m.message.body.toString());
        if (m.reconsumeTimes >= 1) revived.add(m.message.body.toString());
        await ack(m);
      }
      const all = new Set([...acked, ...seenAfter]);
      if (all.size === TOTAL && [...unacked].every((x) => seenAfter.has(x))) break;
      if (!r?.messages.length) await new Promise((res) => setTimeout(res, 200));
    }
    const missingUnacked = [...unacked].filter((x) => !seenAfter.has(x));
    expect(missingUnacked, cluster.output(40)).toEqual([]);
    expect([...unacked].filter((x) => !revived.has(x))).toEqual([]);
    const never = Array.from({ length: TOTAL }, (_, i) => `m${i}`).filter((x) => !acked.has(x) && !seenAfter.has(x));
    expect(never).toEqual([]);
  }, 90_000);
});
