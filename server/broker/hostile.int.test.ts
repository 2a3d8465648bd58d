/**
 * The broker never crashes on a client's bytes: well-framed requests with every code it serves and
 * nonsense in every header field and body, and raw garbage on the socket. Afterwards it still serves.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logger } from '../common/logger';
import { RemotingClient } from '../remoting/remoting-client';
import { RemotingCommand, SerializeType } from '../remoting/remoting-command';
import { RequestCode } from '../remoting/request-code';
import { ResponseCode } from '../remoting/response-code';
import { encodeSendMessageV2 } from '../remoting/header/send-message';
import { BrokerController } from './broker-controller';
import { parseBrokerConfig } from './broker-config';

const log = logger.child({ test: 'broker-hostile' });
let dir: string;
let broker: BrokerController;
let client: RemotingClient;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orbit-broker-hostile-'));
  broker = new BrokerController(
    parseBrokerConfig({ brokerName: 'broker-h', listenPort: 0, storePathRootDir: dir, mappedFileSizeCommitLog: 1024 * 1024, mappedFileSizeConsumeQueue: 20 * 1000 }),
    { log },
  );
  await broker.start();
  client = new RemotingClient(log);
});

afterAll(async () => {
  await client?.shutdown();
  await broker?.shutdown();
  fs.rmSync(dir, { recursive: true, force: true });
});

const FIELDS = [
  'topic', 'queueId', 'queueOffset', 'maxMsgNums', 'sysFlag', 'commitOffset', 'suspendTimeoutMillis', 'subscription',
  'subVersion', 'consumerGroup', 'producerGroup', 'group', 'offset', 'commitLogOffset', 'tranStateTableOffset',
  'commitOrRollback', 'key', 'maxNum', 'beginTimestamp', 'endTimestamp', 'timestamp', 'readQueueNums', 'writeQueueNums',
  'perm', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'delayLevel', 'msgId', 'clientId', 'statsName',
  'statsKey', 'isForce', 'defaultTopic', 'topicFilterType', 'order', 'maxReconsumeTimes', 'groupName',
  'invisibleTime', 'pollTime', 'bornTime', 'initMode', 'expType', 'exp', 'attemptId', 'extraInfo', 'attributes',
];

const nasty = fc.oneof(
  fc.constantFrom('', '-1', '0', '1', '2147483648', '-9223372036854775808', '99999999999999999999', 'NaN', 'true', 'null', '%RETRY%', '*', '||', 'TBW102', 'SCHEDULE_TOPIC_XXXX', 'RMQ_SYS_TRANS_HALF_TOPIC'),
  fc.string({ maxLength: 40 }),
  fc.integer().map(String),
);

const codes = (b: BrokerController): number[] => b.supportedCodes();

describe('hostile input', () => {
  it('answers every served code with nonsense fields without falling over', async () => {
    const served = codes(broker);
    const seen = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...served),
        fc.dictionary(fc.constantFrom(...FIELDS), nasty, { maxKeys: 12 }),
        fc.option(fc.uint8Array({ maxLength: 300 }), { nil: undefined }),
        fc.constantFrom(SerializeType.JSON, SerializeType.ROCKETMQ),
        async (code, ext, body, serializeType) => {
          const cmd = RemotingCommand.request(code, ext, body ? Buffer.from(body) : undefined);
          // The ROCKETMQ binary header holds the code in 16 bits (Apache truncates bigger ones, so 5.x's POP codes go
          // as JSON only); Orbit's encoder refuses what does not fit.
          cmd.serializeType = code > 32767 ? SerializeType.JSON : serializeType;
          try {
            const res = await client.invoke(broker.address, cmd, 3000);
            expect(res.isResponse).toBe(true);
            seen.set(res.code, (seen.get(res.code) ?? 0) + 1);
          } catch (err) {
            // Oneway-only codes or held pulls may time out; the connection itself must survive.
            expect(String(err)).toMatch(/timeout|Timeout/);
          }
        },
      ),
      { numRuns: 300 },
    );
    // The runs reached the processors: several different answers, most of them refusals.
    expect([...seen.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(200);
    expect(seen.size).toBeGreaterThanOrEqual(2);
  }, 120_000);

  it('survives raw garbage on fresh connections', async () => {
    const [host, port] = broker.address.split(':');
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 2000 }), async (bytes) => {
        await new Promise<void>((resolve) => {
          const s = net.connect(Number(port), host, () => s.end(Buffer.from(bytes)));
          s.setTimeout(2000, () => s.destroy());
          s.on('close', () => resolve());
          s.on('error', () => resolve());
        });
      }),
      { numRuns: 100 },
    );
  }, 120_000);

  it('still stores and serves a message afterwards', async () => {
    const ext = encodeSendMessageV2({
      producerGroup: 'PG_H',
      topic: 'T_after_hostile',
      defaultTopic: 'TBW102',
      defaultTopicQueueNums: 4,
      queueId: 0,
      sysFlag: 0,
      bornTimestamp: Date.now(),
      flag: 0,
      properties: '',
      reconsumeTimes: 0,
      unitMode: false,
      batch: false,
    });
    const res = await client.invoke(broker.address, RemotingCommand.request(RequestCode.SEND_MESSAGE_V2, ext, Buffer.from('ok')), 3000);
    expect(res.code).toBe(ResponseCode.SUCCESS);
  });
});
