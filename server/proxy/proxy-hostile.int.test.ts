/**
 * The proxy's answers to bad input, through a raw grpc-js client (plaintext and TLS) and raw sockets: every case
 * gets a proper status, and the endpoint keeps serving after each (the last test asks it again).
 */
import http2 from 'node:http2';
import net from 'node:net';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTO_LOADER_OPTIONS } from './grpc/messaging-service';
import { startProxyCluster, type ProxyCluster } from './testing/proxy-cluster';

let cluster: ProxyCluster;
const run = `${process.pid}_${Date.now().toString(36)}`;
const TOPIC = `proxy_bad_${run}`;
const FIFO_TOPIC = `proxy_bad_fifo_${run}`;
type Client = grpc.Client & Record<string, (...args: any[]) => any>;
const clients: grpc.Client[] = [];

function client(tls = false): Client {
  const pkg = grpc.loadPackageDefinition(protoLoader.loadSync(['apache/rocketmq/v2/service.proto'], PROTO_LOADER_OPTIONS)) as any;
  const Ctor = pkg.apache.rocketmq.v2.MessagingService as typeof grpc.Client;
  const creds = tls ? grpc.credentials.createSsl(null, null, null, { checkServerIdentity: () => undefined, rejectUnauthorized: false } as never) : grpc.credentials.createInsecure();
  // The certificate is self-signed for localhost: name it so Node does not warn about an IP as TLS server name.
  const c = new Ctor(cluster.proxy.address, creds, tls ? { 'grpc.ssl_target_name_override': 'localhost' } : {}) as Client;
  clients.push(c);
  return c;
}

function md(clientId = `bad-client-${run}`): grpc.Metadata {
  const m = new grpc.Metadata();
  if (clientId) m.set('x-mq-client-id', clientId);
  m.set('x-mq-language', 'HTTP');
  return m;
}

function call<T = any>(c: Client, method: string, req: object, meta = md()): Promise<T> {
  return new Promise((resolve, reject) => c[method](req, meta, { deadline: Date.now() + 5000 }, (err: Error | null, res: T) => (err ? reject(err) : resolve(res))));
}

const message = (over: Record<string, unknown> = {}, sys: Record<string, unknown> = {}) => ({
  topic: { name: TOPIC },
  body: Buffer.from('x'),
  systemProperties: { messageId: '01000000000000000000000001', messageType: 'NORMAL', bornTimestamp: { seconds: Math.floor(Date.now() / 1000) }, ...sys },
  ...over,
});

const sendCode = async (messages: object[]) => (await call(client(), 'SendMessage', { messages })).status.code;

beforeAll(async () => {
  cluster = await startProxyCluster();
  await cluster.createTopic(TOPIC);
  await cluster.createTopic(FIFO_TOPIC, 'FIFO');
}, 60_000);

afterAll(async () => {
  for (const c of clients) c.close();
  await cluster?.stop();
}, 30_000);

describe('gRPC proxy: routes and sessions', () => {
  it('answers QueryRoute over plaintext and TLS with broker id 0, queue 0 and the client-given endpoints', async () => {
    for (const tls of [false, true]) {
      const res = await call(client(tls), 'QueryRoute', { topic: { name: FIFO_TOPIC }, endpoints: { scheme: 'IPv4', addresses: [{ host: '127.0.0.1', port: cluster.proxy.port }] } });
      expect(res.status.code).toBe('OK');
      expect(res.messageQueues).toHaveLength(4);
      const q0 = res.messageQueues[0];
      expect(q0).toMatchObject({ id: 0, permission: 'READ_WRITE', acceptMessageTypes: ['FIFO'], broker: { name: 'broker-a', id: 0 } });
      expect(q0.broker.endpoints.addresses).toEqual([{ host: '127.0.0.1', port: cluster.proxy.port }]);
    }
  });

  it('serves a call whose deadline is a year away, as the Java client\'s Telemetry sends it (grpc-js alone ends it at once)', async () => {
    // QueryRouteRequest { topic: Resource { name } } by hand, sent with Java's exact grpc-timeout header.
    const name = Buffer.from(TOPIC);
    const pb = Buffer.concat([Buffer.from([0x0a, name.length + 2, 0x12, name.length]), name]);
    const frame = Buffer.alloc(5);
    frame.writeUInt32BE(pb.length, 1);
    const session = http2.connect(`http://${cluster.proxy.address}`);
    const req = session.request({
      ':method': 'POST',
      ':path': '/apache.rocketmq.v2.MessagingService/QueryRoute',
      'content-type': 'application/grpc',
      te: 'trailers',
      'grpc-timeout': '31535999M',
      'x-mq-client-id': `deadline-${run}`,
    });
    req.end(Buffer.concat([frame, pb]));
    const trailers = await new Promise<http2.IncomingHttpHeaders>((resolve) => {
      let headers: http2.IncomingHttpHeaders = {};
      req.on('response', (h) => (headers = h));
      req.on('trailers', resolve);
      req.on('close', () => resolve(headers));
      req.resume();
    });
    session.close();
    expect(trailers['grpc-status']).toBe('0');
  });

  it('refuses unknown and system topics', async () => {
    expect((await call(client(), 'QueryRoute', { topic: { name: `nope_${run}` } })).status.code).toBe('TOPIC_NOT_FOUND');
    expect((await call(client(), 'QueryRoute', { topic: { name: 'RMQ_SYS_TRANS_HALF_TOPIC' } })).status.code).toBe('ILLEGAL_TOPIC');
    expect((await call(client(), 'QueryRoute', { topic: { name: 'bad topic!' } })).status.code).toBe('ILLEGAL_TOPIC');
  });

  it('assigns one any-queue (-1) per broker to a non-FIFO group', async () => {
    const res = await call(client(), 'QueryAssignment', { topic: { name: TOPIC }, group: { name: `g_${run}` } });
    expect(res.status.code).toBe('OK');
    expect(res.assignments.map((a: any) => [a.messageQueue.broker.name, a.messageQueue.id])).toEqual([['broker-a', -1]]);
  });

  it('wants a client id and settings before Heartbeat', async () => {
    expect((await call(client(), 'Heartbeat', {}, md(''))).status.code).toBe('CLIENT_ID_REQUIRED');
    expect((await call(client(), 'Heartbeat', {}, md(`never-${run}`))).status.code).toBe('UNRECOGNIZED_CLIENT_TYPE');
    expect((await call(client(), 'NotifyClientTermination', {}, md(`never-${run}`))).status.code).toBe('UNRECOGNIZED_CLIENT_TYPE');
  });

  it('answers settings with the server values, and refuses settings without publishing or subscription', async () => {
    const c = client();
    const stream = c.Telemetry(md(`tel-${run}`));
    const reply = new Promise<any>((resolve) => stream.once('data', resolve));
    stream.write({ settings: { clientType: 'PRODUCER', publishing: { topics: [{ name: TOPIC }] } } });
    const r = await reply;
    expect(r.status.code).toBe('OK');
    expect(r.settings.publishing).toMatchObject({ maxBodySize: 4 * 1024 * 1024, validateMessageType: true });
    expect(r.settings.backoffPolicy).toMatchObject({ maxAttempts: 3, exponentialBackoff: { multiplier: 2 } });
    expect((await call(c, 'Heartbeat', { clientType: 'PRODUCER' }, md(`tel-${run}`))).status.code).toBe('OK');
    stream.end();

    const bad = c.Telemetry(md(`tel2-${run}`));
    const failed = new Promise<grpc.ServiceError>((resolve) => bad.once('error', resolve));
    bad.write({ settings: { clientType: 'PRODUCER' } });
    expect((await failed).code).toBe(grpc.status.INVALID_ARGUMENT);
  });

  it('answers consumer settings with batch size, long polling and the group retry policy', async () => {
    const stream = client().Telemetry(md(`cons-${run}`));
    const reply = new Promise<any>((resolve) => stream.once('data', resolve));
    stream.write({ settings: { clientType: 'PUSH_CONSUMER', subscription: { group: { name: `cg_${run}` }, subscriptions: [{ topic: { name: TOPIC }, expression: { type: 'TAG', expression: '*' } }] } } });
    const r = await reply;
    expect(r.settings.subscription).toMatchObject({ receiveBatchSize: 32, fifo: false, longPollingTimeout: { seconds: 20 } });
    expect(r.settings.backoffPolicy.maxAttempts).toBe(17);
    expect(r.settings.backoffPolicy.customizedBackoff.next).toHaveLength(18);
    stream.end();
  });
});

describe('gRPC proxy: SendMessage validation', () => {
  it('returns the 5.x codes for each bad message', async () => {
    expect(await sendCode([])).toBe('MESSAGE_CORRUPTED');
    expect(await sendCode([message(), message({ topic: { name: FIFO_TOPIC } })])).toBe('MESSAGE_CORRUPTED');
    expect(await sendCode([message({ body: Buffer.alloc(0) })])).toBe('MESSAGE_BODY_EMPTY');
    expect(await sendCode([message({ body: Buffer.alloc(4 * 1024 * 1024 + 1) })])).toBe('MESSAGE_BODY_TOO_LARGE');
    expect(await sendCode([message({}, { messageId: '' })])).toBe('ILLEGAL_MESSAGE_ID');
    expect(await sendCode([message({}, { tag: 'a|b' })])).toBe('ILLEGAL_MESSAGE_TAG');
    expect(await sendCode([message({}, { keys: ['  '] })])).toBe('ILLEGAL_MESSAGE_KEY');
    expect(await sendCode([message({ userProperties: { UNIQ_KEY: 'x' } })])).toBe('ILLEGAL_MESSAGE_PROPERTY_KEY');
    expect(await sendCode([message({ userProperties: { k: 'a\u0001b' } })])).toBe('ILLEGAL_MESSAGE_PROPERTY_KEY');
    expect(await sendCode([message({}, { messageGroup: 'g'.repeat(64) })])).toBe('ILLEGAL_MESSAGE_GROUP');
    expect(await sendCode([message({}, { deliveryTimestamp: { seconds: Math.floor(Date.now() / 1000) + 2 * 86400 } })])).toBe('ILLEGAL_DELIVERY_TIME');
    expect(await sendCode([message({}, { messageGroup: 'g1' })])).toBe('MESSAGE_PROPERTY_CONFLICT_WITH_TYPE');
    expect(await sendCode([message({ topic: { name: FIFO_TOPIC } })])).toBe('MESSAGE_PROPERTY_CONFLICT_WITH_TYPE');
    expect(await sendCode([message({ topic: { name: `nope_${run}` } })])).toBe('TOPIC_NOT_FOUND');
  });

  it('sends a batch of several messages to one queue with one entry each', async () => {
    const res = await call(client(), 'SendMessage', { messages: [message({}, { messageId: 'A1' }), message({}, { messageId: 'A2' })] });
    expect(res.status.code).toBe('OK');
    expect(res.entries.map((e: any) => e.messageId)).toEqual(['A1', 'A2']);
  });

  it('refuses EndTransaction without a transaction id or with an unknown one', async () => {
    expect((await call(client(), 'EndTransaction', { topic: { name: TOPIC }, messageId: 'x', resolution: 'COMMIT' })).status.code).toBe('INVALID_TRANSACTION_ID');
    expect((await call(client(), 'EndTransaction', { topic: { name: TOPIC }, messageId: 'x', transactionId: 'nope', resolution: 'COMMIT' })).status.code).toBe(
      'INTERNAL_SERVER_ERROR',
    );
  });
});

/** A ReceiveMessage stream's frames, in order, once the server ended it. */
function receiveFrames(req: object, meta = md()): Promise<any[]> {
  return new Promise((resolve, reject) => {
    const frames: any[] = [];
    const stream = client().ReceiveMessage(req, meta, { deadline: Date.now() + 30_000 });
    stream.on('data', (f: any) => frames.push(f));
    stream.on('end', () => resolve(frames));
    stream.on('error', reject);
  });
}

describe('gRPC proxy: consumer bad input', () => {
  const G = `g_bad_consumer_${run}`;
  const handle = (popTime: number, invisible = 60_000) => `0 ${popTime} ${invisible} 1 0 broker-a 0 0 0`;

  it('ends a ReceiveMessage from a client without settings with UNRECOGNIZED_CLIENT_TYPE (status first, then the delivery time)', async () => {
    const frames = await receiveFrames({ group: { name: G }, messageQueue: { topic: { name: TOPIC } }, invisibleDuration: { seconds: 15 } }, md(`nosettings-${run}`));
    expect(frames[0].status.code).toBe('UNRECOGNIZED_CLIENT_TYPE');
    expect(frames[frames.length - 1].deliveryTimestamp).toBeDefined();
  });

  it('refuses a bad, an expired and an unknown-broker receipt handle, each per entry', async () => {
    const res = await call(client(), 'AckMessage', {
      group: { name: G },
      topic: { name: TOPIC },
      entries: [
        { messageId: 'm1', receiptHandle: 'not a handle' },
        { messageId: 'm2', receiptHandle: handle(Date.now() - 120_000) },
        { messageId: 'm3', receiptHandle: handle(Date.now()).replace('broker-a', 'broker-zz') },
      ],
    });
    expect(res.status.code).toBe('MULTIPLE_RESULTS');
    expect(res.entries.map((e: any) => e.status.code)).toEqual(['INVALID_RECEIPT_HANDLE', 'INVALID_RECEIPT_HANDLE', 'NOT_FOUND']);
    expect(res.entries[1].status.message).toMatch(/expired/);
  });

  it('refuses ChangeInvisibleDuration out of range and ForwardMessageToDeadLetterQueue with a bad handle', async () => {
    const change = await call(client(), 'ChangeInvisibleDuration', { group: { name: G }, topic: { name: TOPIC }, receiptHandle: handle(Date.now()), messageId: 'm', invisibleDuration: { seconds: 13 * 3600 } });
    expect(change.status.code).toBe('ILLEGAL_INVISIBLE_TIME');
    const dlq = await call(client(), 'ForwardMessageToDeadLetterQueue', { group: { name: G }, topic: { name: TOPIC }, receiptHandle: 'x', messageId: 'm', deliveryAttempt: 1, maxDeliveryAttempts: 3 });
    expect(dlq.status.code).toBe('INVALID_RECEIPT_HANDLE');
  });
});

describe('gRPC proxy: transport', () => {
  it('answers RPCs it does not serve with UNIMPLEMENTED', async () => {
    await expect(call(client(), 'UpdateOffset', {})).rejects.toMatchObject({ code: grpc.status.UNIMPLEMENTED });
    const stream = client().PullMessage({ group: { name: `g_${run}` } }, md());
    await expect(new Promise((_, reject) => stream.on('error', reject))).rejects.toMatchObject({ code: grpc.status.UNIMPLEMENTED });
  });

  it('answers a malformed protobuf with a gRPC error status', async () => {
    const raw = new grpc.Client(cluster.proxy.address, grpc.credentials.createInsecure());
    clients.push(raw);
    const err = await new Promise<grpc.ServiceError>((resolve) =>
      raw.makeUnaryRequest(
        '/apache.rocketmq.v2.MessagingService/SendMessage',
        (b: Buffer) => b,
        (b: Buffer) => b,
        Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01]),
        md(),
        (e) => resolve(e as grpc.ServiceError),
      ),
    );
    expect(err.code).toBe(grpc.status.INTERNAL);
  });

  it('answers a truncated HTTP/2 gRPC request and survives garbage bytes on the port', async () => {
    const session = http2.connect(`http://${cluster.proxy.address}`);
    const req = session.request({ ':method': 'POST', ':path': '/apache.rocketmq.v2.MessagingService/QueryRoute', 'content-type': 'application/grpc', te: 'trailers' });
    const frame = Buffer.alloc(5);
    frame.writeUInt32BE(100, 1); // says 100 bytes follow, then the stream ends after 3
    req.end(Buffer.concat([frame, Buffer.from([1, 2, 3])]));
    const trailers = await new Promise<http2.IncomingHttpHeaders>((resolve) => {
      let headers: http2.IncomingHttpHeaders = {};
      req.on('response', (h) => (headers = h));
      req.on('trailers', resolve);
      req.on('close', () => resolve(headers));
      req.resume();
    });
    session.close();
    expect(trailers['grpc-status']).toBeDefined();
    expect(trailers['grpc-status']).not.toBe('0');

    for (const bytes of [Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'), Buffer.from([0x16, 0x03, 0x01, 0x00, 0x05, 1, 2, 3, 4, 5]), Buffer.alloc(64, 0xee)]) {
      await new Promise<void>((resolve) => {
        const s = net.connect(cluster.proxy.port, '127.0.0.1', () => s.end(bytes));
        s.on('error', () => resolve());
        s.on('close', () => resolve());
        s.resume();
        setTimeout(() => {
          s.destroy();
          resolve();
        }, 3000).unref();
      });
    }
    expect((await call(client(), 'QueryRoute', { topic: { name: TOPIC } })).status.code).toBe('OK');
  }, 20_000);
});
