/**
 * The broker's POP codes over real sockets: pop + ack, redelivery through the pop retry topic after the invisible
 * time, ChangeInvisibleTime (new receipt), long polling, orderly pops (queue blocked until ack, same offsets
 * again after invisibility), checkpoints surviving a broker restart, and bad requests answered with a code.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logger } from '../../common/logger';
import { MessageConst } from '../../common/message/message-const';
import { NamesrvController } from '../../namesrv/namesrv-controller';
import { defaultNamesrvConfig, parseNamesrvConfig } from '../../namesrv/namesrv-config';
import { RemotingClient } from '../../remoting/remoting-client';
import { RemotingCommand } from '../../remoting/remoting-command';
import { RequestCode } from '../../remoting/request-code';
import { ResponseCode } from '../../remoting/response-code';
import { parseExtraInfo, realTopicOf } from '../../remoting/header/pop-extra-info';
import { ackMessage, changeInvisibleTime, popMessage, type PopRequest, type PoppedMessage } from '../../client/impl/pop-api';
import { BrokerController } from '../broker-controller';
import { parseBrokerConfig } from '../broker-config';
import { decodeConsumeStats } from '../../remoting/body/admin-data';
import { sendV2, waitFor } from '../testing/remoting-calls';

const log = logger.child({ test: 'pop' });
const BROKER = 'broker-pop';
let dir: string;
let ns: NamesrvController;
let broker: BrokerController;
let client: RemotingClient;
let port = 0;

async function startBroker(): Promise<BrokerController> {
  const b = new BrokerController(
    parseBrokerConfig({
      brokerName: BROKER,
      namesrvAddr: ns.address,
      listenPort: port,
      storePathRootDir: dir,
      mappedFileSizeCommitLog: 4 * 1024 * 1024,
      mappedFileSizeConsumeQueue: 20 * 1000,
      flushDiskType: 'SYNC_FLUSH',
      reviveInterval: 200,
    }),
    { log },
  );
  await b.start();
  port = b.port;
  return b;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orbit-pop-'));
  ns = new NamesrvController(parseNamesrvConfig({ ...defaultNamesrvConfig(), host: '127.0.0.1', listenPort: 0, kvConfigPath: path.join(dir, 'kv.json') }), log);
  await ns.start();
  broker = await startBroker();
  client = new RemotingClient(log);
});

afterAll(async () => {
  await client?.shutdown();
  await broker?.shutdown();
  await ns?.shutdown();
  fs.rmSync(dir, { recursive: true, force: true });
});

let seq = 0;
const unique = (p: string) => `${p}_${Date.now()}_${seq++}`;

async function send(topic: string, body: string, queueId = 0, props: Record<string, string> = {}) {
  const res = await sendV2(client, broker.address, topic, body, { [MessageConst.UNIQ_CLIENT_MESSAGE_ID_KEYIDX]: `ID-${body}`, ...props }, queueId);
  expect(res.code, res.remark).toBe(ResponseCode.SUCCESS);
}

function pop(topic: string, group: string, over: Partial<PopRequest> = {}) {
  const h: PopRequest = { consumerGroup: group, topic, queueId: -1, maxMsgNums: 32, invisibleTime: 60_000, pollTime: 0, bornTime: Date.now(), initMode: 0, ...over };
  return popMessage(client, broker.address, BROKER, h, 10_000);
}

const bodies = (ms: PoppedMessage[]) => ms.map((m) => m.message.body.toString()).sort();

function target(group: string, topic: string, p: PoppedMessage) {
  const e = parseExtraInfo(p.extraInfo);
  return { group, topic: realTopicOf(topic, group, e.retryFlag), queueId: e.queueId, offset: e.queueOffset ?? p.message.queueOffset, extraInfo: p.extraInfo };
}

async function lagOf(group: string, topic: string): Promise<number> {
  const res = await client.invoke(broker.address, RemotingCommand.request(RequestCode.GET_CONSUME_STATS, { consumerGroup: group, topic }), 5000);
  expect(res.code).toBe(ResponseCode.SUCCESS);
  return decodeConsumeStats(res.body).offsetTable.reduce((n, [, w]) => n + w.brokerOffset - w.consumerOffset, 0);
}

/** Pops until `n` messages came back (redeliveries appear once the revive service ran). */
async function popUntil(topic: string, group: string, n: number, ms: number, over: Partial<PopRequest> = {}): Promise<PoppedMessage[]> {
  const got: PoppedMessage[] = [];
  await waitFor(`${n} popped from ${topic}`, async () => {
    got.push(...(await pop(topic, group, over)).messages);
    return got.length >= n;
  }, ms);
  return got;
}

describe('POP consumption', () => {
  it('pops each message once, and an acknowledged one never comes back', async () => {
    const topic = unique('T_pop');
    const group = unique('G_pop');
    for (const q of [0, 1, 2, 3]) await send(topic, `m${q}`, q);
    const first = await pop(topic, group);
    expect(first.status).toBe('FOUND');
    expect(bodies(first.messages)).toEqual(['m0', 'm1', 'm2', 'm3']);
    expect(first.messages.every((m) => m.reconsumeTimes === 0)).toBe(true);
    const again = await pop(topic, group);
    expect(again.status).toBe('NO_NEW_MSG');
    // Popped but unacknowledged messages are lag: the consume stats count them until acked.
    await waitFor('lag of the unacked pops', async () => (await lagOf(group, topic)) === 4, 5000);
    for (const m of first.messages) await ackMessage(client, broker.address, target(group, topic, m), 5000);
    await waitFor('lag 0 after the acks', async () => (await lagOf(group, topic)) === 0, 5000);
    // Nothing is revived for acknowledged messages, even after a short invisible time would have passed.
    const short = await pop(topic, group, { invisibleTime: 300 });
    expect(short.messages).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 900));
    expect((await pop(topic, group)).messages).toHaveLength(0);
  });

  it('redelivers an unacknowledged message after its invisible time, from the retry topic, with reconsumeTimes + 1', async () => {
    const topic = unique('T_revive');
    const group = unique('G_revive');
    await send(topic, 'a');
    await send(topic, 'b');
    const first = await pop(topic, group, { invisibleTime: 500 });
    expect(bodies(first.messages)).toEqual(['a', 'b']);
    await ackMessage(client, broker.address, target(group, topic, first.messages.find((m) => m.message.body.toString() === 'a')!), 5000);
    const t0 = Date.now();
    const again = await popUntil(topic, group, 1, 10_000, { invisibleTime: 500 });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(300);
    expect(bodies(again)).toEqual(['b']);
    const m = again[0];
    expect(m.message.topic).toBe(topic);
    expect(m.reconsumeTimes).toBe(1);
    expect(m.message.properties[MessageConst.UNIQ_CLIENT_MESSAGE_ID_KEYIDX]).toBe('ID-b');
    expect(m.message.properties[MessageConst.FIRST_POP_TIME]).toBeDefined();
    expect(parseExtraInfo(m.extraInfo).retryFlag).toBe('1');
    // Acked through the retry topic's receipt: not delivered a third time.
    await ackMessage(client, broker.address, target(group, topic, m), 5000);
    await new Promise((r) => setTimeout(r, 1200));
    expect((await pop(topic, group)).messages).toHaveLength(0);
  });

  it('ChangeInvisibleTime gives a new receipt: the message comes back at the new time, and acking the new receipt ends it', async () => {
    const topic = unique('T_change');
    const group = unique('G_change');
    await send(topic, 'c');
    const [m] = (await pop(topic, group, { invisibleTime: 60_000 })).messages;
    const t0 = Date.now();
    await changeInvisibleTime(client, broker.address, target(group, topic, m), 400, 5000);
    const back = await popUntil(topic, group, 1, 10_000);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(bodies(back)).toEqual(['c']);
    expect(back[0].reconsumeTimes).toBe(1);

    // Change, then ack with the receipt built from the answer (as a proxy does): no further delivery.
    const h = await changeInvisibleTime(client, broker.address, target(group, topic, back[0]), 300, 5000);
    const t = target(group, topic, back[0]);
    const e = parseExtraInfo(back[0].extraInfo);
    const renewed = `${t.offset} ${h.popTime} ${h.invisibleTime} ${h.reviveQid} ${e.retryFlag} ${e.brokerName} ${e.queueId} ${t.offset}`;
    await ackMessage(client, broker.address, { ...t, extraInfo: renewed }, 5000);
    await new Promise((r) => setTimeout(r, 1200));
    expect((await pop(topic, group)).messages).toHaveLength(0);
  });

  it('holds an empty pop until a message arrives (long polling), and times out with POLLING_TIMEOUT', async () => {
    const topic = unique('T_poll');
    const group = unique('G_poll');
    await send(topic, 'first');
    await pop(topic, group);
    const t0 = Date.now();
    const waiting = pop(topic, group, { pollTime: 5000 });
    await new Promise((r) => setTimeout(r, 300));
    await send(topic, 'arrived', 2);
    const r = await waiting;
    expect(bodies(r.messages)).toEqual(['arrived']);
    expect(Date.now() - t0).toBeLessThan(3000);
    const t1 = Date.now();
    const empty = await pop(topic, group, { pollTime: 600 });
    expect(empty.status).toBe('NO_NEW_MSG');
    expect(Date.now() - t1).toBeGreaterThanOrEqual(550);
  });

  it('orderly pops block the queue until the batch is acknowledged, and deliver the same offsets again after invisibility', async () => {
    const topic = unique('T_order');
    const group = unique('G_order');
    for (const b of ['o1', 'o2', 'o3']) await send(topic, b, 1);
    const order = { order: true, queueId: 1, maxMsgNums: 1, invisibleTime: 700 };
    const p1 = await pop(topic, group, { ...order, attemptId: 'a1' });
    expect(bodies(p1.messages)).toEqual(['o1']);
    expect(p1.reviveQid).toBe(999);
    // Blocked for another attempt, the same batch again for the same attempt id.
    expect((await pop(topic, group, { ...order, attemptId: 'a2' })).messages).toHaveLength(0);
    const p1again = await pop(topic, group, { ...order, attemptId: 'a1' });
    expect(bodies(p1again.messages)).toEqual(['o1']);
    // The repeat replaced the batch: the first answer's receipt is stale, so acking it leaves the queue blocked.
    await ackMessage(client, broker.address, target(group, topic, p1.messages[0]), 5000);
    expect((await pop(topic, group, { ...order, attemptId: 'a2' })).messages).toHaveLength(0);
    await ackMessage(client, broker.address, target(group, topic, p1again.messages[0]), 5000);
    const p2 = await pop(topic, group, { ...order, attemptId: 'a3' });
    expect(bodies(p2.messages)).toEqual(['o2']);
    expect(p2.messages[0].reconsumeTimes).toBe(0);
    // Not acknowledged: after its invisible time the same message, delivery count + 1, and never o3 before it.
    expect((await pop(topic, group, { ...order, attemptId: 'a4' })).messages).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 800));
    const p3 = await pop(topic, group, { ...order, attemptId: 'a5' });
    expect(bodies(p3.messages)).toEqual(['o2']);
    expect(p3.messages[0].reconsumeTimes).toBe(1);
    await ackMessage(client, broker.address, target(group, topic, p3.messages[0]), 5000);
    expect(bodies((await pop(topic, group, { ...order, attemptId: 'a6' })).messages)).toEqual(['o3']);
  });

  it('keeps checkpoints across a broker restart: an unacknowledged message is redelivered, an acknowledged one is not', async () => {
    const topic = unique('T_restart');
    const group = unique('G_restart');
    await send(topic, 'keep');
    await send(topic, 'done');
    const first = await pop(topic, group, { invisibleTime: 2500 });
    expect(bodies(first.messages)).toEqual(['done', 'keep']);
    await ackMessage(client, broker.address, target(group, topic, first.messages.find((m) => m.message.body.toString() === 'done')!), 5000);
    await broker.shutdown();
    broker = await startBroker();
    const back = await popUntil(topic, group, 1, 15_000);
    expect(bodies(back)).toEqual(['keep']);
    expect(back[0].reconsumeTimes).toBe(1);
    await new Promise((r) => setTimeout(r, 800));
    expect((await pop(topic, group)).messages).toHaveLength(0);
  });

  it('answers bad requests with a code and keeps serving', async () => {
    const topic = unique('T_bad');
    const group = unique('G_bad');
    await send(topic, 'x');
    const call = (code: number, ext: Record<string, string>) => client.invoke(broker.address, RemotingCommand.request(code, ext), 5000);
    const base = { consumerGroup: group, topic, queueId: '-1', maxMsgNums: '33', invisibleTime: '1000', pollTime: '0', bornTime: '0', initMode: '0' };
    expect((await call(RequestCode.POP_MESSAGE, base)).code).toBe(ResponseCode.INVALID_PARAMETER);
    expect((await call(RequestCode.POP_MESSAGE, { ...base, maxMsgNums: '1', topic: unique('T_missing') })).code).toBe(ResponseCode.TOPIC_NOT_EXIST);
    expect((await call(RequestCode.POP_MESSAGE, { ...base, maxMsgNums: 'lots' })).code).toBe(ResponseCode.SYSTEM_ERROR);
    const ack = { consumerGroup: group, topic, queueId: '0', offset: '0', extraInfo: 'not a receipt' };
    const bad = await call(RequestCode.ACK_MESSAGE, ack);
    expect(bad.code).toBe(ResponseCode.INVALID_PARAMETER);
    expect(bad.remark).toMatch(/receipt/);
    expect((await call(RequestCode.ACK_MESSAGE, { ...ack, offset: '99' })).code).toBe(ResponseCode.NO_MESSAGE);
    expect((await call(RequestCode.CHANGE_MESSAGE_INVISIBLETIME, { ...ack, invisibleTime: '10' })).code).toBe(ResponseCode.INVALID_PARAMETER);
    expect(bodies((await pop(topic, group)).messages)).toEqual(['x']);
  });
});
