import { afterEach, describe, expect, it } from 'vitest';
import { logger } from '../common/logger';
import { encodeCommand } from './frame-codec';
import { RemotingClient } from './remoting-client';
import { RemotingCommand, SerializeType } from './remoting-command';
import { RemotingServer } from './remoting-server';
import { ResponseCode } from './response-code';
import { RawSocket } from './testing/raw-socket';
import { RemotingTimeoutError } from '../common/errors';

const log = logger.child({ module: 'test' });
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

async function startServer(): Promise<RemotingServer> {
  const server = new RemotingServer({ host: '127.0.0.1', port: 0 }, log);
  server.processors.register(100, {
    handle: (req) => RemotingCommand.responseTo(req, 0, undefined, { echo: req.extFields?.v ?? '' }, req.body),
  });
  server.processors.register(101, {
    handle: () => {
      throw new Error('boom');
    },
  });
  server.processors.register(102, { handle: () => new Promise(() => {}) });
  await server.start();
  cleanups.push(() => server.stop());
  return server;
}

describe('RemotingServer', () => {
  it('answers in the serialize type of the request', async () => {
    const server = await startServer();
    const raw = await RawSocket.connect(server.port);
    cleanups.push(() => raw.close());
    for (const type of [SerializeType.JSON, SerializeType.ROCKETMQ]) {
      raw.write(encodeCommand(new RemotingCommand({ code: 100, opaque: 5, extFields: { v: 'x' }, serializeType: type })));
      const res = await raw.next();
      expect(res?.serializeType).toBe(type);
      expect(res?.isResponse).toBe(true);
      expect(res?.opaque).toBe(5);
      expect(res?.extFields).toEqual({ echo: 'x' });
    }
  });

  it('answers REQUEST_CODE_NOT_SUPPORTED for unknown codes and SYSTEM_ERROR when a processor throws', async () => {
    const server = await startServer();
    const raw = await RawSocket.connect(server.port);
    cleanups.push(() => raw.close());
    raw.write(encodeCommand(new RemotingCommand({ code: 999, opaque: 1 })));
    const a = await raw.next();
    expect(a?.code).toBe(ResponseCode.REQUEST_CODE_NOT_SUPPORTED);
    expect(a?.remark).toBe(' request type 999 not supported');
    raw.write(encodeCommand(new RemotingCommand({ code: 101, opaque: 2 })));
    const b = await raw.next();
    expect(b?.code).toBe(ResponseCode.SYSTEM_ERROR);
    expect(b?.remark).toContain('boom');
  });

  it('sends nothing back for a oneway request', async () => {
    const server = await startServer();
    const raw = await RawSocket.connect(server.port);
    cleanups.push(() => raw.close());
    raw.write(encodeCommand(new RemotingCommand({ code: 100, opaque: 1, flag: 2 })));
    raw.write(encodeCommand(new RemotingCommand({ code: 100, opaque: 2 })));
    const res = await raw.next();
    expect(res?.opaque).toBe(2);
  });

  it('closes a connection that sends a malformed frame and keeps serving others', async () => {
    const server = await startServer();
    const bad = await RawSocket.connect(server.port);
    const good = await RawSocket.connect(server.port);
    cleanups.push(() => bad.close(), () => good.close());
    bad.write(Buffer.from([0x7f, 0xff, 0xff, 0xff, 1, 2, 3, 4]));
    expect(await bad.waitClosed()).toBe(true);
    const garbage = await RawSocket.connect(server.port);
    cleanups.push(() => garbage.close());
    garbage.write(Buffer.from('\x00\x00\x00\x0cGET / HTTP/1.1\r\n\r\n'));
    expect(await garbage.waitClosed()).toBe(true);
    good.write(encodeCommand(new RemotingCommand({ code: 100, opaque: 3 })));
    expect((await good.next())?.code).toBe(0);
  });

  it('reports a taken port clearly', async () => {
    const server = await startServer();
    const other = new RemotingServer({ host: '127.0.0.1', port: server.port }, log);
    await expect(other.start()).rejects.toThrow(/already in use/);
  });
});

describe('RemotingClient', () => {
  it('correlates concurrent responses, times out, and reconnects after the peer goes away', async () => {
    const server = await startServer();
    const client = new RemotingClient(log);
    cleanups.push(() => client.shutdown());
    const addr = `127.0.0.1:${server.port}`;
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => client.invoke(addr, RemotingCommand.request(100, { v: String(i) }), 3000)),
    );
    expect(results.map((r) => r.extFields?.echo)).toEqual(Array.from({ length: 50 }, (_, i) => String(i)));
    await expect(client.invoke(addr, RemotingCommand.request(102), 200)).rejects.toBeInstanceOf(RemotingTimeoutError);

    for (const ch of server.connections()) ch.close();
    await new Promise((r) => setTimeout(r, 50));
    const again = await client.invoke(addr, RemotingCommand.request(100, { v: 'back' }), 3000);
    expect(again.extFields?.echo).toBe('back');
  });

  it('fails fast with a connect error when nothing listens', async () => {
    const client = new RemotingClient(log);
    cleanups.push(() => client.shutdown());
    await expect(client.invoke('127.0.0.1:1', RemotingCommand.request(100), 1000)).rejects.toThrow(/connect/);
  });

  it('serves requests the server sends back over the same connection', async () => {
    const server = await startServer();
    const client = new RemotingClient(log);
    cleanups.push(() => client.shutdown());
    client.processors.register(40, { handle: (req) => RemotingCommand.responseTo(req, 0, 'client got it') });
    await client.invoke(`127.0.0.1:${server.port}`, RemotingCommand.request(100), 3000);
    const [ch] = server.connections();
    const res = await ch.invoke(RemotingCommand.request(40), 3000);
    expect(res.remark).toBe('client got it');
  });
});
