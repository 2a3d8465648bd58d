import { describe, expect, it } from 'vitest';
import { BrokerError } from '../../common/errors';
import { encodeConsumeStats, encodeResetOffsetBody } from '../../remoting/body/admin-data';
import { RemotingCommand } from '../../remoting/remoting-command';
import { RequestCode } from '../../remoting/request-code';
import { ResponseCode } from '../../remoting/response-code';
import type { AdminContext } from './admin-context';
import { firstRate, parseProperties } from './broker-admin';
import { mergeConsumeStats, resetOffsetByTime } from './group-admin';
import { originalTopicOf, resendProperties } from './message-admin';
import { mergeTopicStats, validateTopicName } from './topic-admin';
import type { ClusterInfo, MessageView, TopicRouteData } from './types';

const mq = (topic: string, brokerName: string, queueId: number) => ({ topic, brokerName, queueId });

describe('mergeConsumeStats', () => {
  it('merges brokers, computes lag per queue (never negative), total diff and TPS', () => {
    const s = mergeConsumeStats('g', [
      {
        brokerName: 'b',
        stats: { consumeTps: 1.5, offsetTable: [[mq('T', 'b', 1), { brokerOffset: 10, consumerOffset: 4, lastTimestamp: 7 }]] },
      },
      {
        brokerName: 'a',
        stats: {
          consumeTps: 2,
          offsetTable: [
            [mq('T', 'a', 0), { brokerOffset: 5, consumerOffset: 5, lastTimestamp: 1 }],
            [mq('T', 'a', 1), { brokerOffset: 3, consumerOffset: 8, lastTimestamp: 1 }],
          ],
        },
      },
    ]);
    expect(s.consumeTps).toBe(3.5);
    expect(s.queues.map((q) => `${q.brokerName}/${q.queueId}:${q.lag}`)).toEqual(['a/0:0', 'a/1:0', 'b/1:6']);
    expect(s.totalDiff).toBe(6);
  });
});

describe('mergeTopicStats', () => {
  it('sorts rows by broker and queue', () => {
    const rows = mergeTopicStats([
      { brokerName: 'b', entries: [[mq('T', 'b', 0), { minOffset: 0, maxOffset: 2, lastUpdateTimestamp: 9 }]] },
      { brokerName: 'a', entries: [[mq('T', '', 1), { minOffset: 1, maxOffset: 3, lastUpdateTimestamp: 0 }]] },
    ]);
    expect(rows).toEqual([
      { brokerName: 'a', queueId: 1, minOffset: 1, maxOffset: 3, lastUpdateTimestamp: 0 },
      { brokerName: 'b', queueId: 0, minOffset: 0, maxOffset: 2, lastUpdateTimestamp: 9 },
    ]);
  });
});

describe('validateTopicName', () => {
  it('follows the broker rule', () => {
    expect(validateTopicName('Topic_A-1%|x')).toBeNull();
    expect(validateTopicName('')).toMatch(/empty/);
    expect(validateTopicName('a b')).toMatch(/may contain only/);
    expect(validateTopicName('x'.repeat(128))).toMatch(/longer than 127/);
  });
});

const route: TopicRouteData = {
  queueDatas: [{ brokerName: 'broker-a', readQueueNums: 2, writeQueueNums: 2, perm: 6, topicSysFlag: 0 }],
  brokerDatas: [{ cluster: 'C', brokerName: 'broker-a', brokerAddrs: { '0': '10.0.0.1:10911' } }],
  filterServerTable: {},
};
const info: ClusterInfo = { brokerAddrTable: { 'broker-a': route.brokerDatas[0] }, clusterAddrTable: { C: ['broker-a'] } };

function fakeCtx(handler: (addr: string, cmd: RemotingCommand) => RemotingCommand): AdminContext & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    timeoutMs: 1000,
    namesrvAddrs: ['n:9876'],
    invokeNamesrv: async () => {
      throw new Error('unused');
    },
    invoke: async (addr, cmd) => {
      calls.push(`${cmd.code}${cmd.extFields?.queueId !== undefined ? `#${cmd.extFields.queueId}` : ''}`);
      return handler(addr, cmd);
    },
    getBrokerClusterInfo: async () => info,
    getTopicRoute: async (t) => {
      if (t !== 'T') throw new BrokerError(ResponseCode.TOPIC_NOT_EXIST, 'no route');
      return route;
    },
  };
}

const ok = (cmd: RemotingCommand, ext?: Record<string, string>, body?: Buffer) => RemotingCommand.responseTo(cmd, 0, undefined, ext, body);

describe('resetOffsetByTime', () => {
  it('uses the broker reset when the group is online', async () => {
    const ctx = fakeCtx((_a, cmd) => ok(cmd, {}, encodeResetOffsetBody([[mq('T', 'broker-a', 1), 4], [mq('T', 'broker-a', 0), 3]])));
    const r = await resetOffsetByTime(ctx, 'g', 'T', 1000);
    expect(r.method).toBe('broker');
    expect(r.offsets).toEqual([
      { topic: 'T', brokerName: 'broker-a', queueId: 0, offset: 3 },
      { topic: 'T', brokerName: 'broker-a', queueId: 1, offset: 4 },
    ]);
    expect(ctx.calls).toEqual([String(RequestCode.INVOKE_BROKER_TO_RESET_OFFSET)]);
  });

  it('falls back to search + UPDATE_CONSUMER_OFFSET per queue when the group is offline', async () => {
    const updates: string[] = [];
    const ctx = fakeCtx((_a, cmd) => {
      switch (cmd.code) {
        case RequestCode.INVOKE_BROKER_TO_RESET_OFFSET:
          return RemotingCommand.responseTo(cmd, ResponseCode.CONSUMER_NOT_ONLINE, 'not online');
        case RequestCode.GET_CONSUME_STATS:
          return ok(cmd, {}, encodeConsumeStats({ consumeTps: 0, offsetTable: [[mq('T', 'broker-a', 0), { brokerOffset: 9, consumerOffset: 2, lastTimestamp: 0 }]] }));
        case RequestCode.GET_MAX_OFFSET:
          return ok(cmd, { offset: String(9 + Number(cmd.extFields!.queueId)) });
        case RequestCode.UPDATE_CONSUMER_OFFSET:
          updates.push(`${cmd.extFields!.queueId}=${cmd.extFields!.commitOffset}`);
          return ok(cmd);
        default:
          throw new Error(`unexpected ${cmd.code}`);
      }
    });
    const r = await resetOffsetByTime(ctx, 'g', 'T', -1);
    expect(r.method).toBe('offline');
    expect(updates).toEqual(['0=9', '1=10']);
    expect(r.offsets.map((o) => o.offset)).toEqual([9, 10]);
  });

  it('reports a broker error', async () => {
    const ctx = fakeCtx((_a, cmd) => RemotingCommand.responseTo(cmd, ResponseCode.SYSTEM_ERROR, 'THe consumer group <g> not exist'));
    await expect(resetOffsetByTime(ctx, 'g', 'T', 0)).rejects.toMatchObject({ responseCode: 1 });
  });
});

const msg = (topic: string, properties: Record<string, string>): MessageView => ({
  topic,
  queueId: 0,
  queueOffset: 0,
  commitLogOffset: 0,
  msgId: 'U1',
  offsetMsgId: 'O1',
  bornTimestamp: 0,
  bornHost: '',
  storeTimestamp: 0,
  storeHost: '',
  reconsumeTimes: 3,
  sysFlag: 0,
  flag: 0,
  properties,
  body: Buffer.from('x'),
});

describe('originalTopicOf / resendProperties', () => {
  it('finds the original topic of retry and DLQ messages', () => {
    expect(originalTopicOf(msg('%DLQ%g', { RETRY_TOPIC: 'Orders', REAL_TOPIC: '%RETRY%g' }))).toBe('Orders');
    expect(originalTopicOf(msg('%RETRY%g', { REAL_TOPIC: 'Orders' }))).toBe('Orders');
    expect(originalTopicOf(msg('Orders', {}))).toBe('Orders');
    expect(originalTopicOf(msg('%DLQ%g', {}))).toBeNull();
  });

  it('drops system properties and keeps keys, tags and the unique id', () => {
    const p = resendProperties(msg('%DLQ%g', { KEYS: 'k', TAGS: 't', UNIQ_KEY: 'U1', RETRY_TOPIC: 'Orders', DELAY: '3', CLUSTER: 'C', RECONSUME_TIME: '3' }));
    expect(p).toEqual({ KEYS: 'k', TAGS: 't', UNIQ_KEY: 'U1', ORIGIN_MESSAGE_ID: 'U1' });
  });
});

describe('broker-admin helpers', () => {
  it('parses properties text and runtime rates', () => {
    expect(parseProperties('brokerName=broker-a\n# c\nnamesrvAddr=127.0.0.1\\:9876\nempty=\n')).toEqual({
      brokerName: 'broker-a',
      namesrvAddr: '127.0.0.1:9876',
      empty: '',
    });
    expect(firstRate('12.50 11.0 10.2')).toBe(12.5);
    expect(firstRate(undefined)).toBe(0);
  });
});
