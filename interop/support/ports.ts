import net from 'node:net';

export const LOOPBACK = '127.0.0.1';

const handedOut = new Set<number>();

function canListen(port: number): Promise<boolean> {
  if (port < 1024 || port > 65535) return Promise.resolve(false);
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen({ port, host: LOOPBACK, exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

function ephemeralPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen({ port: 0, host: LOOPBACK, exclusive: true }, () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * A free loopback port P such that P+d is free too for every d in `alsoFree` (a RocketMQ broker also binds
 * listenPort-2 for its VIP channel, and haListenPort defaults to listenPort+1). Ports handed out earlier in
 * this process are never reused, so two calls in a row do not collide before anything binds.
 */
export async function findFreePort(alsoFree: number[] = []): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = await ephemeralPort();
    const all = [port, ...alsoFree.map((d) => port + d)];
    if (all.some((p) => handedOut.has(p))) continue;
    const free = await Promise.all(alsoFree.map((d) => canListen(port + d)));
    if (free.every(Boolean)) {
      for (const p of all) handedOut.add(p);
      return port;
    }
  }
  throw new Error(`no free port with offsets ${alsoFree.join(',')} found on ${LOOPBACK}`);
}

/** A port for a RocketMQ-style broker: port-2 (VIP channel) and port+1 (HA) free as well. */
export const findFreeBrokerPort = (): Promise<number> => findFreePort([-2, 1]);
