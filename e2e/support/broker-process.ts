/**
 * Extra `orbit broker` processes for the embedded cluster's name server, on free loopback ports. The embedded
 * cluster of `npm start` has no slave, so the specs that need a master/slave pair start one here
 * (`startSlaveBroker`: brokerRole=SLAVE, brokerId=1, the embedded master's brokerName and cluster), or a whole
 * pair of their own (`startBrokerProcess` twice), and stop them when they end (a clean stop unregisters a
 * broker, so later specs see the embedded master alone again).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..', '..');

/** A loopback port free now, whose neighbour below by two (the broker's VIP port) is free too. */
async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const s = net.createServer();
      s.once('error', reject);
      s.listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    if (port > 1026 && (await isFree(port - 2))) return port;
  }
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

export interface BrokerProcess {
  addr: string;
  /** SIGTERM (a clean stop: the broker unregisters), SIGKILL after 15 s; safe to call twice. */
  stop(): Promise<void>;
  /** SIGKILL: a crash, as failover tests need. */
  kill(): Promise<void>;
}

/** An `orbit broker -c broker.conf` with `conf` (RocketMQ keys) on top of loopback ports and a store under `dataDir`. */
export async function startBrokerProcess(opts: { namesrvAddr: string; dataDir: string; conf: Record<string, string> }): Promise<BrokerProcess> {
  const port = await freePort();
  const haPort = await freePort();
  const dir = path.join(opts.dataDir, `broker-${port}`);
  mkdirSync(dir, { recursive: true });
  const conf = path.join(dir, 'broker.conf');
  const entries: Record<string, string> = {
    namesrvAddr: opts.namesrvAddr,
    brokerIP1: '127.0.0.1',
    listenHost: '127.0.0.1',
    listenPort: String(port),
    haListenPort: String(haPort),
    storePathRootDir: path.join(dir, 'store'),
    registerNameServerPeriod: '2000',
    ...opts.conf,
  };
  writeFileSync(conf, `${Object.entries(entries).map(([k, v]) => `${k}=${v}`).join('\n')}\n`);
  const child: ChildProcess = spawn(process.execPath, [path.join(root, 'bin', 'orbit.js'), 'broker', '-c', conf], {
    cwd: root,
    env: { ...process.env, ORBIT_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`slave broker did not start in 60 s:\n${output}`)), 60_000);
    const check = () => {
      if (output.includes('boot success')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`slave broker exited with ${code}:\n${output}`));
    });
  });

  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(killer);
  };
  return { addr: `127.0.0.1:${port}`, stop: () => end('SIGTERM'), kill: () => end('SIGKILL') };
}

/** A slave of the embedded master (broker-a of DefaultCluster). */
export function startSlaveBroker(opts: { namesrvAddr: string; dataDir: string; brokerName?: string; cluster?: string }): Promise<BrokerProcess> {
  return startBrokerProcess({
    namesrvAddr: opts.namesrvAddr,
    dataDir: opts.dataDir,
    conf: {
      brokerClusterName: opts.cluster ?? 'DefaultCluster',
      brokerName: opts.brokerName ?? 'broker-a',
      brokerId: '1',
      brokerRole: 'SLAVE',
      // As the embedded master; both keep the default mappedFileSizeCommitLog, which replication needs equal.
      enablePropertyFilter: 'true',
    },
  });
}
