/**
 * A request that creates topics is answered only after the name servers have the new topic table, as
 * Apache's broker does: a consumer fetches its retry topic's route right after the heartbeat that created it.
 * The name server here is a stand-in that answers REGISTER_BROKER slowly, so a background registration
 * would lose the race every time.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logger } from '../common/logger';
import { RemotingClient } from '../remoting/remoting-client';
import { RemotingCommand } from '../remoting/remoting-command';
import { RemotingServer } from '../remoting/remoting-server';
import { RequestCode } from '../remoting/request-code';
import { ResponseCode } from '../remoting/response-code';
import { encodeJavaBody } from '../remoting/fastjson';
import { decodeRegisterBrokerBody } from '../remoting/body/route-data';
import { encodeHeartbeatData } from '../remoting/body/heartbeat';
import { BrokerController } from './broker-controller';
import { parseBrokerConfig } from './broker-config';

const log = logger.child({ test: 'broker-registration' });
const REGISTER_DELAY_MS = 400;
let dir: string;
let namesrv: RemotingServer;
let broker: BrokerController;
let client: RemotingClient;
/** Topics the stand-in name server has been told about, with when each registration was answered. */
const registered: { topics: string[]; answeredAt: number }[] = [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orbit-broker-reg-'));
  namesrv = new RemotingServer({ host: '127.0.0.1', port: 0 }, log);
  namesrv.processors.register(RequestCode.REGISTER_BROKER, {
    handle: async (req) => {
      await new Promise((r) => setTimeout(r, REGISTER_DELAY_MS));
      const body = decodeRegisterBrokerBody(req.body, String(req.extFields?.compressed) === 'true');
      registered.push({ topics: Object.keys(body.topicConfigSerializeWrapper.topicConfigTable), answeredAt: Date.now() });
      return RemotingCommand.responseTo(req, ResponseCode.SUCCESS, undefined, {});
    },
  });
  namesrv.processors.register(RequestCode.UNREGISTER_BROKER, { handle: (req) => RemotingCommand.responseTo(req, ResponseCode.SUCCESS) });
  await namesrv.start();
  broker = new BrokerController(
    parseBrokerConfig({
      brokerName: 'broker-reg',
      namesrvAddr: `127.0.0.1:${namesrv.port}`,
      listenPort: 0,
      storePathRootDir: dir,
      mappedFileSizeCommitLog: 1024 * 1024,
      mappedFileSizeConsumeQueue: 20 * 1000,
    }),
    { log },
  );
  await broker.start();
  client = new RemotingClient(log);
});

afterAll(async () => {
  await client?.shutdown();
  await broker?.shutdown();
  await namesrv?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('registration of new topics', () => {
  it("answers the heartbeat that created a group's retry topic after the name server has it", async () => {
    const group = `G_reg_${Date.now()}`;
    const created = await client.invoke(
      broker.address,
      RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, undefined, encodeJavaBody({ groupName: group })),
      5000,
    );
    expect(created.code).toBe(ResponseCode.SUCCESS);
    const hb = encodeHeartbeatData({
      clientID: '127.0.0.1@reg',
      producerDataSet: [],
      consumerDataSet: [
        {
          groupName: group,
          consumeType: 'CONSUME_PASSIVELY',
          messageModel: 'CLUSTERING',
          consumeFromWhere: 'CONSUME_FROM_LAST_OFFSET',
          subscriptionDataSet: [],
          unitMode: false,
        },
      ],
    });
    const res = await client.invoke(broker.address, RemotingCommand.request(RequestCode.HEART_BEAT, undefined, hb), 8000);
    const answeredAt = Date.now();
    expect(res.code).toBe(ResponseCode.SUCCESS);
    const withRetry = registered.find((r) => r.topics.includes(`%RETRY%${group}`));
    expect(withRetry, 'a registration carrying the new retry topic').toBeDefined();
    expect(withRetry!.answeredAt).toBeLessThanOrEqual(answeredAt);
  });

  it('answers a send that auto-created its topic after the name server has it', async () => {
    const topic = `T_reg_${Date.now()}`;
    const res = await client.invoke(
      broker.address,
      RemotingCommand.request(
        RequestCode.SEND_MESSAGE_V2,
        { a: 'PG_REG', b: topic, c: 'TBW102', d: '4', e: '0', f: '0', g: String(Date.now()), h: '0', i: '', j: '0', k: 'false', m: 'false' },
        Buffer.from('x'),
      ),
      8000,
    );
    const answeredAt = Date.now();
    expect(res.code).toBe(ResponseCode.SUCCESS);
    const withTopic = registered.find((r) => r.topics.includes(topic));
    expect(withTopic, 'a registration carrying the auto-created topic').toBeDefined();
    expect(withTopic!.answeredAt).toBeLessThanOrEqual(answeredAt);
  });
});
