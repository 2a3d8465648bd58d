/**
 * Plain ACL (aclEnable=true, one plain_acl.yml) against each target: refusals on the wire (code and remark),
 * the Java client 4.9.2 with AclClientRPCHook, Orbit's SDK and admin client with credentials, and ali-ons
 * with accessKey/secretKey (it signs the same way, plus an `OnsChannel` field).
 */
import fs from 'node:fs';
import path from 'node:path';
import ons from 'ali-ons';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterHandle } from './apache/apache-cluster';
import { logger } from '../server/common/logger';
import { AdminClient } from '../server/client/admin/admin-client';
import { createOrUpdateTopic } from '../server/client/admin/topic-admin';
import { Producer, PushConsumer, type MessageExt } from '../server/client';
import { signRequest, type AclCredentials } from '../server/client/impl/acl-signer';
import { RemotingClient } from '../server/remoting/remoting-client';
import { RemotingCommand } from '../server/remoting/remoting-command';
import { RequestCode } from '../server/remoting/request-code';
import {
  ACL_ADMIN,
  ACL_GROUP_DENIED,
  ACL_TOPIC_DENIED,
  ACL_TOPIC_OK,
  ACL_TOPIC_SUB_ONLY,
  ACL_USER,
  runJavaAclChecks,
  startAclCluster,
} from './support/acl-cluster';
import { resetAliOns } from './alions/alions-scenarios';
import { cacheDir } from './support/paths';
import { LOOPBACK } from './support/ports';
import { targets } from './support/targets';

const ACL_EXCEPTION = 'org.apache.rocketmq.acl.common.AclException';
const runId = `${Date.now().toString(36)}${process.pid.toString(36)}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const sendHeader = (topic: string, group = 'PID_acl_raw'): Record<string, string> => ({
  a: group,
  b: topic,
  c: 'TBW102',
  d: '4',
  e: '0',
  f: '0',
  g: String(Date.now()),
  h: '0',
  i: 'TAGS\u0001raw\u0002',
  j: '0',
  k: 'false',
  m: 'false',
});
const pullHeader = (topic: string, group: string): Record<string, string> => ({
  consumerGroup: group,
  topic,
  queueId: '0',
  queueOffset: '0',
  maxMsgNums: '1',
  sysFlag: '0',
  commitOffset: '0',
  suspendTimeoutMillis: '0',
  subscription: '*',
  subVersion: '0',
});

interface RawCase {
  name: string;
  make: () => RemotingCommand;
  cred?: AclCredentials;
  /** The AclException message, or null for "allowed". */
  refusal: string | null;
}

const RAW_CASES: RawCase[] = [
  { name: 'unsigned send', make: () => RemotingCommand.request(RequestCode.SEND_MESSAGE_V2, sendHeader(ACL_TOPIC_OK), Buffer.from('x')), refusal: 'No accessKey is configured' },
  {
    name: 'unknown access key',
    make: () => RemotingCommand.request(RequestCode.SEND_MESSAGE_V2, sendHeader(ACL_TOPIC_OK), Buffer.from('x')),
    cred: { accessKey: 'nobodyKey1', secretKey: 'whatever1' },
    refusal: 'No acl config for nobodyKey1',
  },
  {
    name: 'wrong secret',
    make: () => RemotingCommand.request(RequestCode.SEND_MESSAGE_V2, sendHeader(ACL_TOPIC_OK), Buffer.from('x')),
    cred: { accessKey: ACL_USER.accessKey, secretKey: 'wrongSecret1' },
    refusal: `Check signature failed for accessKey=${ACL_USER.accessKey}`,
  },
  {
    name: 'send to a DENY topic',
    make: () => RemotingCommand.request(RequestCode.SEND_MESSAGE_V2, sendHeader(ACL_TOPIC_DENIED), Buffer.from('x')),
    cred: ACL_USER,
    refusal: `No default permission for topic:${ACL_TOPIC_DENIED}`,
  },
  {
    name: 'send to a SUB-only topic',
    make: () => RemotingCommand.request(RequestCode.SEND_MESSAGE_V2, sendHeader(ACL_TOPIC_SUB_ONLY), Buffer.from('x')),
    cred: ACL_USER,
    refusal: `No default permission for topic:${ACL_TOPIC_SUB_ONLY}`,
  },
  {
    name: 'send to an unlisted topic (default DENY)',
    make: () => RemotingCommand.request(RequestCode.SEND_MESSAGE_V2, sendHeader('AclUnlisted'), Buffer.from('x')),
    cred: ACL_USER,
    refusal: 'No default permission for topic:AclUnlisted',
  },
  {
    name: 'pull with a DENY group',
    make: () => RemotingCommand.request(RequestCode.PULL_MESSAGE, pullHeader(ACL_TOPIC_OK, ACL_GROUP_DENIED)),
    cred: ACL_USER,
    refusal: `No default permission for group:${ACL_GROUP_DENIED}`,
  },
  {
    name: 'create a topic without admin',
    make: () =>
      RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC, {
        topic: 'AclByUser',
        defaultTopic: 'TBW102',
        readQueueNums: '4',
        writeQueueNums: '4',
        perm: '6',
        topicFilterType: 'SINGLE_TAG',
        topicSysFlag: '0',
        order: 'false',
      }),
    cred: ACL_USER,
    refusal: `Need admin permission for request code=17, but accessKey=${ACL_USER.accessKey} is not`,
  },
  {
    name: 'signed send to a PUB|SUB topic',
    make: () => RemotingCommand.request(RequestCode.SEND_MESSAGE_V2, sendHeader(ACL_TOPIC_OK), Buffer.from('x')),
    cred: ACL_USER,
    refusal: null,
  },
  {
    name: 'signed pull (default group perm SUB)',
    make: () => RemotingCommand.request(RequestCode.PULL_MESSAGE, pullHeader(ACL_TOPIC_OK, 'aclAnyGroup')),
    cred: ACL_USER,
    refusal: null,
  },
];

/** What each target answered, written to interop/.cache/acl-observed-<target>.json for comparison. */
const observed: Record<string, Record<string, { code: number; remark?: string }>> = {};

describe.each(targets)('plain ACL against $name', (target) => {
  let cluster: ClusterHandle | undefined;
  let startError: unknown;
  const seen: Record<string, { code: number; remark?: string }> = (observed[target.name] = {});

  const need = (): ClusterHandle => {
    if (startError) throw new Error(`${target.name} cluster did not start: ${(startError as Error).message}`, { cause: startError });
    if (!cluster) throw new Error(`${target.name} cluster did not start`);
    return cluster;
  };

  beforeAll(async () => {
    try {
      cluster = await startAclCluster(target.name);
      // Topics through the admin client, signed with the admin account (UPDATE_AND_CREATE_TOPIC needs admin).
      const admin = new AdminClient({ namesrvAddr: cluster.namesrvAddr, ...ACL_ADMIN });
      try {
        for (const topic of [ACL_TOPIC_OK, ACL_TOPIC_DENIED, ACL_TOPIC_SUB_ONLY]) {
          await createOrUpdateTopic(admin, { topic, readQueueNums: 4, writeQueueNums: 4, perm: 6 });
        }
        const deadline = Date.now() + 15_000;
        for (;;) {
          try {
            await admin.getTopicRoute(ACL_TOPIC_OK);
            break;
          } catch (err) {
            if (Date.now() > deadline) throw err;
            await sleep(200);
          }
        }
      } finally {
        await admin.shutdown();
      }
    } catch (err) {
      startError = err;
    }
  });

  afterAll(async () => {
    await cluster?.stop();
    fs.mkdirSync(cacheDir, { recursive: true });
    fs.writeFileSync(path.join(cacheDir, `acl-observed-${target.name}.json`), JSON.stringify(seen, null, 2) + '\n');
  });

  it('answers refusals with SYSTEM_ERROR (1) and the AclException remark', async () => {
    const c = need();
    const client = new RemotingClient(logger, { idleTimeoutMs: 0 });
    try {
      const failures: string[] = [];
      for (const rc of RAW_CASES) {
        const cmd = rc.make();
        if (rc.cred) signRequest(cmd, rc.cred);
        const res = await client.invoke(c.brokerAddr, cmd, 5000);
        seen[rc.name] = { code: res.code, remark: res.remark };
        if (rc.refusal === null) {
          if (res.code === 1 && res.remark?.includes(ACL_EXCEPTION)) failures.push(`${rc.name}: refused: ${res.remark}`);
        } else if (res.code !== 1 || !res.remark?.startsWith(`${ACL_EXCEPTION}: ${rc.refusal}`)) {
          failures.push(`${rc.name}: expected 1 "${ACL_EXCEPTION}: ${rc.refusal}…", got ${res.code} "${res.remark}"`);
        }
      }
      expect(failures).toEqual([]);
    } finally {
      await client.shutdown();
    }
  });

  it('Java client 4.9.2 with AclClientRPCHook: sends and consumes; wrong secret, denied topic and no credentials are refused', async () => {
    const c = need();
    const lines = await runJavaAclChecks(c.namesrvAddr, `GID_acl_java_${runId}`);
    for (const l of lines.values()) seen[`java ${l.check}`] = { code: l.code ?? 0, remark: `${l.outcome} ${l.detail}` };
    expect(lines.get('sendConsume')?.outcome, JSON.stringify(lines.get('sendConsume'))).toBe('OK');
    const refused = (check: string, msg: string) => {
      const l = lines.get(check);
      expect(l?.outcome, `${check}: ${JSON.stringify(l)}`).toBe('REFUSED');
      expect(l?.code).toBe(1);
      expect(l?.detail.startsWith(`${ACL_EXCEPTION}: ${msg}`), `${check}: ${l?.detail}`).toBe(true);
    };
    refused('wrongSecret', `Check signature failed for accessKey=${ACL_USER.accessKey}`);
    refused('deniedTopic', `No default permission for topic:${ACL_TOPIC_DENIED}`);
    refused('noCredentials', 'No accessKey is configured');
  });

  it("Orbit's SDK with credentials sends and consumes; a wrong secret is refused", async () => {
    const c = need();
    const group = `GID_acl_sdk_${runId}`;
    const p = new Producer({ namesrvAddr: c.namesrvAddr, producerGroup: `PID_acl_sdk_${runId}`, clientIP: LOOPBACK, ...ACL_USER });
    const bad = new Producer({
      namesrvAddr: c.namesrvAddr,
      producerGroup: `PID_acl_bad_${runId}`,
      clientIP: LOOPBACK,
      accessKey: ACL_USER.accessKey,
      secretKey: 'wrongSecret1',
      retryTimesWhenSendFailed: 0,
    });
    const consumer = new PushConsumer({
      namesrvAddr: c.namesrvAddr,
      consumerGroup: group,
      consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET',
      clientIP: LOOPBACK,
      ...ACL_USER,
    });
    try {
      await p.start();
      await bad.start();
      const body = `sdk-${runId}`;
      const r = await p.send({ topic: ACL_TOPIC_OK, body, tags: 'TagA' });
      expect(r.sendStatus).toBe('SEND_OK');
      const err = await bad.send({ topic: ACL_TOPIC_OK, body: 'bad' }).then(
        () => undefined,
        (e: unknown) => e as Error & { responseCode?: number; remark?: string },
      );
      seen['sdk wrong secret'] = { code: err?.responseCode ?? -1, remark: err?.remark ?? err?.message };
      expect(err?.responseCode, String(err)).toBe(1);
      expect(err?.remark ?? '').toContain(`Check signature failed for accessKey=${ACL_USER.accessKey}`);

      const got: MessageExt[] = [];
      consumer.subscribe(ACL_TOPIC_OK, '*');
      consumer.registerMessageListenerConcurrently((msgs) => {
        got.push(...msgs);
        return 'CONSUME_SUCCESS';
      });
      await consumer.start();
      const deadline = Date.now() + 40_000;
      while (!got.some((m) => m.body.toString() === body)) {
        if (Date.now() > deadline) throw new Error(`the SDK consumer did not get '${body}' in 40 s (got ${got.length} messages)`);
        await sleep(100);
      }
    } finally {
      await consumer.shutdown().catch(() => {});
      await p.shutdown().catch(() => {});
      await bad.shutdown().catch(() => {});
    }
  });

  it('ali-ons with accessKey/secretKey sends and consumes; a wrong secret is refused', async () => {
    const c = need();
    await resetAliOns(); // the consumer's shared inner producer must not be one of a stopped cluster
    const noHttp = { request: async () => Promise.reject(new Error('no HTTP name-server lookup')) };
    const quiet = { info() {}, debug() {}, warn() {}, error() {} };
    const base = (role: string, secretKey = ACL_USER.secretKey) => ({
      httpclient: noHttp,
      nameSrv: c.namesrvAddr,
      // Unique per target: ali-ons keeps one MQClient per client id for the whole process.
      instanceName: `acl-${role}-${target.name}-${process.pid}-${runId}`,
      clientIP: LOOPBACK,
      logger: quiet,
      accessKey: ACL_USER.accessKey,
      secretKey,
    });
    const producer = new ons.Producer({ ...base('producer'), producerGroup: `PID_acl_ons_${runId}` });
    const badProducer = new ons.Producer({ ...base('bad', 'wrongSecret1'), producerGroup: `PID_acl_ons_bad_${runId}` });
    const consumer = new ons.Consumer({
      ...base('consumer'),
      consumerGroup: `GID_acl_ons_${runId}`,
      consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET',
      persistConsumerOffsetInterval: 1000,
    });
    for (const e of [producer, badProducer, consumer]) e.on('error', () => {});
    try {
      const body = `ons-${runId}`;
      let received = false;
      consumer.subscribe(ACL_TOPIC_OK, '*', async (msg) => {
        if (msg.body.toString('utf8') === body) received = true;
      });
      await consumer.ready();
      await producer.ready();
      const r = await producer.send(new ons.Message(ACL_TOPIC_OK, 'TagA', body));
      expect(r.sendStatus).toBe('SEND_OK');
      await badProducer.ready();
      const err = await badProducer.send(new ons.Message(ACL_TOPIC_OK, 'TagA', 'bad')).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      seen['ali-ons wrong secret'] = { code: -1, remark: err?.message };
      // ali-ons does not pass the broker's remark on: it reports "Send [N] times, still failed ...".
      expect(err, 'a send with a wrong secret must fail').toBeInstanceOf(Error);
      const deadline = Date.now() + 40_000;
      while (!received) {
        if (Date.now() > deadline) throw new Error(`ali-ons consumer did not get '${body}' in 40 s`);
        await sleep(100);
      }
    } finally {
      for (const e of [consumer, producer, badProducer]) await e.close().catch(() => {});
      await resetAliOns();
    }
  });
});
