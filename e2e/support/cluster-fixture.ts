/**
 * Puts the embedded cluster into states the console must show, over the wire like any client would:
 * a consumer group that committed offset 0 (so it lags), and dead-lettered messages.
 */
import { AdminClient } from '../../server/client/admin/admin-client';
import { logger } from '../../server/common/logger';
import { defaultSubscriptionGroupConfig } from '../../server/remoting/body/admin-data';
import { encodeHeartbeatData } from '../../server/remoting/body/heartbeat';
import { ConsumerSendMsgBackRequestHeader } from '../../server/remoting/header/consumer-send-msg-back';
import { UnregisterClientRequestHeader } from '../../server/remoting/header/client-manage';
import { UpdateConsumerOffsetRequestHeader } from '../../server/remoting/header/consumer-offset';
import { RemotingClient } from '../../server/remoting/remoting-client';
import { RemotingCommand } from '../../server/remoting/remoting-command';
import { RequestCode } from '../../server/remoting/request-code';

function expectOk(res: RemotingCommand, what: string): RemotingCommand {
  if (res.code !== 0) throw new Error(`${what}: response ${res.code} ${res.remark ?? ''}`);
  return res;
}

export class ClusterFixture {
  readonly admin: AdminClient;
  private readonly remoting = new RemotingClient(logger.child({ module: 'e2e-fixture' }), { idleTimeoutMs: 0 });

  constructor(readonly namesrvAddr: string) {
    this.admin = new AdminClient({ namesrvAddr, timeoutMs: 5000 });
  }

  async createTopic(topic: string, queues = 4): Promise<void> {
    await this.admin.createOrUpdateTopic({ topic, readQueueNums: queues, writeQueueNums: queues, perm: 6 });
    // The route reaches the name server with the broker's registration; wait for it.
    for (let i = 0; i < 50; i++) {
      try {
        await this.admin.getTopicRoute(topic);
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    throw new Error(`no route for ${topic}`);
  }

  async send(topic: string, count: number, keys?: (i: number) => string) {
    const out = [];
    for (let i = 0; i < count; i++) out.push(await this.admin.sendMessage({ topic, body: JSON.stringify({ n: i }), keys: keys?.(i), tags: 'e2e' }));
    return out;
  }

  private async brokerAddr(topic: string): Promise<string> {
    const route = await this.admin.getTopicRoute(topic);
    return route.brokerDatas[0].brokerAddrs['0'];
  }

  /** A subscription group with SubscriptionGroupConfig's defaults (16 retries, consume from min, broadcast allowed) and no offsets yet. */
  async createGroup(group: string): Promise<void> {
    await this.admin.createOrUpdateSubscriptionGroup(defaultSubscriptionGroupConfig(group));
  }

  /**
   * A consumer of `group` on `topic` that heart-beats once, commits offset 0 on every queue and goes away:
   * an offline group whose lag is everything stored.
   */
  async registerLaggingGroup(group: string, topic: string, queues = 4): Promise<void> {
    await this.createGroup(group);
    const addr = await this.brokerAddr(topic);
    const clientID = `127.0.0.1@e2e-${group}`;
    const heartbeat = encodeHeartbeatData({
      clientID,
      producerDataSet: [],
      consumerDataSet: [
        {
          groupName: group,
          consumeType: 'CONSUME_PASSIVELY',
          messageModel: 'CLUSTERING',
          consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET',
          subscriptionDataSet: [{ topic, subString: '*', tagsSet: [], codeSet: [], subVersion: Date.now(), expressionType: 'TAG', classFilterMode: false }],
          unitMode: false,
        },
      ],
    });
    expectOk(await this.remoting.invoke(addr, RemotingCommand.request(RequestCode.HEART_BEAT, undefined, heartbeat), 5000), 'heartbeat');
    for (let queueId = 0; queueId < queues; queueId++) {
      const ext = UpdateConsumerOffsetRequestHeader.encode({ consumerGroup: group, topic, queueId, commitOffset: 0 });
      expectOk(await this.remoting.invoke(addr, RemotingCommand.request(RequestCode.UPDATE_CONSUMER_OFFSET, ext), 5000), 'commit offset');
    }
    const unregister = UnregisterClientRequestHeader.encode({ clientID, consumerGroup: group });
    expectOk(await this.remoting.invoke(addr, RemotingCommand.request(RequestCode.UNREGISTER_CLIENT, unregister), 5000), 'unregister');
  }

  /** Sends `count` messages to `topic` and hands each straight to `%DLQ%<group>` (delay level −1), as a consumer giving up does. */
  async deadLetter(group: string, topic: string, count: number) {
    const sent = await this.send(topic, count, (i) => `dlq-${i}`);
    for (const s of sent) {
      const addr = await this.brokerAddr(topic);
      const offset = Number(BigInt(`0x${s.offsetMsgId.slice(16)}`));
      const ext = ConsumerSendMsgBackRequestHeader.encode({ offset, group, delayLevel: -1, originMsgId: s.msgId, originTopic: topic, maxReconsumeTimes: 16 });
      expectOk(await this.remoting.invoke(addr, RemotingCommand.request(RequestCode.CONSUMER_SEND_MSG_BACK, ext), 5000), 'send back');
    }
    return sent;
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.admin.shutdown(), this.remoting.shutdown()]);
  }
}
