/**
 * Test support: the raw remoting calls the broker and replication integration tests make (send v2, pull a whole
 * queue, runtime info, a store's whole log), over a caller's RemotingClient, plus a polling wait.
 */
import { createHash } from 'node:crypto';
import { MessageConst } from '../../common/message/message-const';
import { decodeMessages } from '../../common/message/message-decoder';
import { encodeProperties } from '../../common/message/properties';
import { decodeKVTable } from '../../remoting/body/route-data';
import { PullMessageResponseHeader, PullSysFlag } from '../../remoting/header/pull-message';
import { encodeSendMessageV2 } from '../../remoting/header/send-message';
import type { RemotingClient } from '../../remoting/remoting-client';
import { RemotingCommand } from '../../remoting/remoting-command';
import { RequestCode } from '../../remoting/request-code';
import { ResponseCode } from '../../remoting/response-code';
import type { MessageStore } from '../../store/message-store';

export interface PulledRecord {
  offset: number;
  phy: number;
  /** length:sha1 of the body. */
  body: string;
  keys?: string;
}

/** SEND_MESSAGE_V2 with WAIT_STORE_MSG_OK (a SYNC_MASTER waits for its slave). */
export function sendV2(client: RemotingClient, addr: string, topic: string, body: Buffer | string, props: Record<string, string> = {}, queueId = 0) {
  const ext = encodeSendMessageV2({
    producerGroup: 'PG_TEST',
    topic,
    defaultTopic: 'TBW102',
    defaultTopicQueueNums: 4,
    queueId,
    sysFlag: 0,
    bornTimestamp: Date.now(),
    flag: 0,
    properties: encodeProperties({ [MessageConst.WAIT_STORE_MSG_OK]: 'true', ...props }),
    reconsumeTimes: 0,
    unitMode: false,
    batch: false,
  });
  return client.invoke(addr, RemotingCommand.request(RequestCode.SEND_MESSAGE_V2, ext, typeof body === 'string' ? Buffer.from(body) : body), 8000);
}

/** Every record of one queue from offset 0, as the broker serves it. */
export async function pullAll(client: RemotingClient, addr: string, topic: string, queueId: number): Promise<PulledRecord[]> {
  const out: PulledRecord[] = [];
  let offset = 0;
  for (;;) {
    const res = await client.invoke(
      addr,
      RemotingCommand.request(RequestCode.PULL_MESSAGE, {
        consumerGroup: 'CG_TEST',
        topic,
        queueId: String(queueId),
        queueOffset: String(offset),
        maxMsgNums: '32',
        sysFlag: String(PullSysFlag.SUBSCRIPTION),
        commitOffset: '0',
        suspendTimeoutMillis: '0',
        subscription: '*',
        subVersion: String(Date.now()),
        expressionType: 'TAG',
      }),
      5000,
    );
    if (res.code !== ResponseCode.SUCCESS) return out;
    for (const m of decodeMessages(res.body!)) {
      out.push({ offset: m.queueOffset, phy: m.commitLogOffset, body: `${m.body.length}:${createHash('sha1').update(m.body).digest('hex')}`, keys: m.properties[MessageConst.KEYS] });
    }
    offset = PullMessageResponseHeader.decode(res.extFields).nextBeginOffset;
  }
}

export async function runtimeInfo(client: RemotingClient, addr: string): Promise<Record<string, string>> {
  const res = await client.invoke(addr, RemotingCommand.request(RequestCode.GET_BROKER_RUNTIME_INFO), 3000);
  return decodeKVTable(res.body);
}

export async function waitFor(what: string, fn: () => Promise<boolean> | boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await fn()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The whole log of a store as one buffer, read through the replication interface (memory chunks included). */
export async function logBytes(store: MessageStore): Promise<Buffer> {
  const r = store.replica!;
  const parts: Buffer[] = [];
  let at = r.minOffset();
  while (at < r.maxOffset()) {
    const chunk = await r.read(at, 1 << 20, r.maxOffset());
    if (!chunk || chunk.length === 0) break;
    parts.push(chunk);
    at += chunk.length;
  }
  return Buffer.concat(parts);
}
