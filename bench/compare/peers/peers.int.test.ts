/**
 * The peer systems of `npm run bench -- compare` against their real servers (skipped where the server
 * binary is not installed): start, prepare, each client workload for about a second, stop.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientArgs, QueueSystemServer, ServerHandle, SystemClient } from '../types';
import { portOpen } from './common';
import { ensureDebianPackages, findBinary } from './install';
import { natsClient, natsServer } from './nats';
import { redisClient, redisServer } from './redis';
import { parseHostPort } from '../../../server/common/net';

const run = Date.now().toString(36);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function workloads(server: QueueSystemServer, client: SystemClient): void {
  let h: ServerHandle;
  let args: ClientArgs;
  let published = 0;

  beforeAll(async () => {
    h = await server.start('async');
    const stream = `peer_test_${run}`;
    await server.prepare(h, stream);
    args = {
      url: h.url, stream, size: 128, concurrency: 4, batch: 16, seconds: 1, warmup: 0, rate: 500,
      expect: 0, timeoutSeconds: 10, group: `g_${run}`,
    };
  });

  afterAll(async () => {
    await h?.stop();
  });

  it('starts on loopback with a pid', async () => {
    expect(h.url).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(h.pids).toHaveLength(1);
    expect(await portOpen(parseHostPort(h.url).port)).toBe(true);
  });

  it('publish: acked messages, RTs measured', async () => {
    const r = await client.publish(args);
    expect(r.failures).toBe(0);
    expect(r.totalOk).toBeGreaterThan(0);
    expect(r.tps).toBeGreaterThan(0);
    expect(r.p50RtMs).toBeGreaterThan(0);
    expect(r.maxRtMs).toBeGreaterThanOrEqual(r.p99RtMs);
    published = r.totalOk;
  });

  it('consume: reads everything published, from the start', async () => {
    const r = await client.consume({ ...args, expect: published, group: `${args.group}_consume` });
    expect(r.consumed).toBe(published);
    expect(r.tps).toBeGreaterThan(0);
  });

  it('batch: whole batches acked', async () => {
    const r = await client.batch(args);
    expect(r.failures).toBe(0);
    expect(r.totalOk).toBeGreaterThan(0);
    expect(r.totalOk % args.batch).toBe(0);
    expect(r.p50RtMs).toBeGreaterThan(0);
  });

  it('latency: every message sent at the rate is received', async () => {
    const r = await client.latency({ ...args, group: `${args.group}_latency` });
    expect(r.sent).toBeGreaterThan(args.rate * 0.8);
    expect(r.received).toBe(r.sent);
    expect(r.rate).toBeCloseTo(r.sent / args.seconds);
    expect(r.p50Ms).toBeGreaterThan(0);
    expect(r.p999Ms).toBeGreaterThanOrEqual(r.p50Ms);
    expect(r.maxMs).toBeGreaterThanOrEqual(r.p999Ms);
  });

  it('stop ends the server and frees its port', async () => {
    const { port } = parseHostPort(h.url);
    await h.stop();
    expect(alive(h.pids[0])).toBe(false);
    expect(await portOpen(port)).toBe(false);
  });
}

describe('peer install', () => {
  it('finds binaries on PATH and installs nothing when all are there', async () => {
    expect(findBinary('node')).toMatch(/node$/);
    expect(findBinary('no-such-binary-orbit')).toBeUndefined();
    await expect(ensureDebianPackages({ node: 'nodejs' })).resolves.toBeUndefined();
  });
});

describe.skipIf(!findBinary('nats-server'))('NATS JetStream peer', () => {
  it('offers async only (nats-server 2.9 has no sync_interval)', async () => {
    expect(natsServer.ackLevels).toEqual(['async']);
    await expect(natsServer.start('sync')).rejects.toThrow(/async/);
  });
  workloads(natsServer, natsClient);
});

describe.skipIf(!findBinary('redis-server'))('Redis Streams peer', () => {
  it('sync = appendfsync always', async () => {
    const h = await redisServer.start('sync');
    const r = new Redis({ ...parseHostPort(h.url), lazyConnect: true });
    try {
      await r.connect();
      expect(await r.config('GET', 'appendfsync')).toEqual(['appendfsync', 'always']);
      expect(await r.config('GET', 'appendonly')).toEqual(['appendonly', 'yes']);
    } finally {
      r.disconnect();
      await h.stop();
    }
  });
  workloads(redisServer, redisClient);
});
