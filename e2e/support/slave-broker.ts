/**
 * A slave for the embedded cluster's master: an `orbit broker` process with brokerRole=SLAVE, brokerId=1 and
 * the master's brokerName and cluster, registered with the same name server, on free loopback ports. The
 * embedded cluster of `npm start` has no slave, so the specs that need a master/slave pair start this one and
 * stop it when they end (a clean stop unregisters it, so later specs see the master alone again).
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

export interface SlaveBroker {
  addr: string;
  stop(): Promise<void>;
}

export async function startSlaveBroker(opts: { namesrvAddr: string; dataDir: string; brokerName?: string; cluster?: string }): Promise<SlaveBroker> {
  const port = await freePort();
  const haPort = await freePort();
  const dir = path.join(opts.dataDir, `ha-slave-${port}`);
  mkdirSync(dir, { recursive: true });
  const conf = path.join(dir, 'broker.conf');
  writeFileSync(
    conf,
    [
      `brokerClusterName=${opts.cluster ?? 'DefaultCluster'}`,
      `brokerName=${opts.brokerName ?? 'broker-a'}`,
      'brokerId=1',
      'brokerRole=SLAVE',
      `namesrvAddr=${opts.namesrvAddr}`,
      'brokerIP1=127.0.0.1',
      'listenHost=127.0.0.1',
      `listenPort=${port}`,
      `haListenPort=${haPort}`,
      `storePathRootDir=${path.join(dir, 'store')}`,
      // As the embedded master; both keep the default mappedFileSizeCommitLog, which replication needs equal.
      'enablePropertyFilter=true',
      'registerNameServerPeriod=2000',
      '',
    ].join('\n'),
  );
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

  return {
    addr: `127.0.0.1:${port}`,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(killer);
    },
  };
}
