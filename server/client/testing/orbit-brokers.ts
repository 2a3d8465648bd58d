/**
 * A multi-broker Orbit cluster for the SDK's fault and failover tests: `orbit namesrv` processes (one unless told)
 * and one `orbit broker` process per broker (by default each a master with its own store, named by `brokerNames`;
 * `brokers` gives replicas of one brokerName their own keys and config), on free loopback ports. A broker or a name
 * server can be SIGKILLed and restarted on the same port and store.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findFreeBrokerPort, findFreePort, LOOPBACK } from '../../../interop/support/ports';
import { spawnManaged, tail, waitForOutput, type ManagedProcess } from '../../../interop/support/process';
import { confText, escapeRegExp, loopbackBrokerConf } from '../../../interop/support/broker-conf';

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');
const ORBIT_BIN = path.join(repoRoot, 'bin', 'orbit.js');
export const FAULT_CLUSTER_NAME = 'FaultCluster';

export interface OrbitBroker {
  name: string;
  addr: string;
  /** SIGKILL; resolves once the process is gone. */
  kill(): Promise<void>;
  /** Starts the broker again (same port, store and config); resolves once it registered. */
  restart(): Promise<void>;
  running(): boolean;
  /** The running process's pid (SIGSTOP/SIGCONT faults). */
  pid(): number | undefined;
}

export interface OrbitNamesrv {
  addr: string;
  kill(): Promise<void>;
  restart(): Promise<void>;
}

export interface OrbitBrokersHandle {
  /** Every name server, `;`-separated (a client's namesrvAddr). */
  namesrvAddr: string;
  namesrvs: OrbitNamesrv[];
  brokers: Record<string, OrbitBroker>;
  /** Tail of every process's output, for failure messages. */
  output(lines?: number): string;
  stop(): Promise<void>;
}

export interface BrokerSpec {
  /** The key in `brokers`, the store directory and the process label. */
  key: string;
  brokerName: string;
  /** broker.conf keys of this broker, over `brokerConf`. */
  conf?: Record<string, string>;
}

export interface OrbitBrokersOptions {
  /** Masters, one per name (the key is the brokerName). */
  brokerNames?: string[];
  brokers?: BrokerSpec[];
  namesrvCount?: number;
  flush?: 'SYNC_FLUSH' | 'ASYNC_FLUSH';
  brokerConf?: Record<string, string>;
}

/** SIGKILL of whatever `current()` runs now, moved from the running list to the dead one (its output stays). */
function killer(current: () => ManagedProcess | undefined, procs: ManagedProcess[], dead: ManagedProcess[]): () => Promise<void> {
  return async () => {
    const p = current();
    if (!p) return;
    procs.splice(procs.indexOf(p), 1);
    dead.push(p);
    await killProcess(p);
  };
}

function killProcess(p: ManagedProcess): Promise<void> {
  const exited = new Promise<void>((resolve) => {
    if (p.child.exitCode !== null || p.child.signalCode !== null) resolve();
    else p.child.once('exit', () => resolve());
  });
  p.child.kill('SIGKILL');
  return exited;
}

export async function startOrbitBrokers(opts: OrbitBrokersOptions): Promise<OrbitBrokersHandle> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orbit-fault-'));
  const env = { ...process.env, HOME: path.join(dir, 'home'), ORBIT_LOG_LEVEL: process.env.ORBIT_LOG_LEVEL ?? 'warn' };
  const flush = opts.flush ?? 'SYNC_FLUSH';
  const procs: ManagedProcess[] = [];
  const dead: ManagedProcess[] = [];
  const namesrvPorts: number[] = [];
  for (let i = 0; i < (opts.namesrvCount ?? 1); i++) namesrvPorts.push(await findFreePort());
  const namesrvAddr = namesrvPorts.map((p) => `${LOOPBACK}:${p}`).join(';');
  const specs: BrokerSpec[] = opts.brokers ?? (opts.brokerNames ?? []).map((n) => ({ key: n, brokerName: n }));

  const stop = async (): Promise<void> => {
    for (const p of [...procs].reverse()) await p.stop(3000);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const output = (lines = 30): string => [...dead, ...procs].map((p) => `--- ${p.name}:\n${tail(p.output(), lines)}`).join('\n');

  try {
    const namesrvs: OrbitNamesrv[] = [];
    for (const [i, port] of namesrvPorts.entries()) {
      const addr = `${LOOPBACK}:${port}`;
      let proc: ManagedProcess | undefined;
      const start = async (): Promise<void> => {
        const p = spawnManaged(
          `orbit namesrv ${addr}`,
          process.execPath,
          [ORBIT_BIN, 'namesrv', '--host', LOOPBACK, '--port', String(port), '--data-dir', path.join(dir, `namesrv-${i}`)],
          { env, cwd: repoRoot },
        );
        proc = p;
        procs.push(p);
        await waitForOutput(p, new RegExp(`listening on ${escapeRegExp(addr)}`), 30_000);
      };
      await start();
      namesrvs.push({
        addr,
        restart: start,
        kill: killer(() => proc, procs, dead),
      });
    }

    const brokers: Record<string, OrbitBroker> = {};
    for (const { key: name, brokerName, conf: own } of specs) {
      const port = await findFreeBrokerPort();
      const addr = `${LOOPBACK}:${port}`;
      const store = path.join(dir, name);
      fs.mkdirSync(store, { recursive: true });
      const conf = path.join(dir, `${name}.conf`);
      fs.writeFileSync(
        conf,
        confText({
          ...loopbackBrokerConf({ clusterName: FAULT_CLUSTER_NAME, brokerName, namesrvAddr, brokerPort: port, store, flush }),
          mappedFileSizeCommitLog: 16 * 1024 * 1024,
          ...opts.brokerConf,
          ...own,
        }),
      );
      let proc: ManagedProcess | undefined;
      const start = async (): Promise<void> => {
        const p = spawnManaged(
          `orbit broker ${name} ${addr}`,
          process.execPath,
          [
            ORBIT_BIN,
            'broker',
            '--namesrv',
            namesrvAddr,
            '--host',
            LOOPBACK,
            '--port',
            String(port),
            '--store',
            store,
            '--name',
            brokerName,
            '--cluster',
            FAULT_CLUSTER_NAME,
            '--flush',
            flush === 'SYNC_FLUSH' ? 'sync' : 'async',
            '-c',
            conf,
          ],
          { env, cwd: repoRoot },
        );
        proc = p;
        procs.push(p);
        await waitForOutput(p, new RegExp(`boot success.*listening on ${escapeRegExp(addr)}`), 30_000);
      };
      await start();
      brokers[name] = {
        name,
        addr,
        running: () => !!proc && proc.child.exitCode === null && proc.child.signalCode === null,
        pid: () => proc?.child.pid,
        kill: killer(() => proc, procs, dead),
        restart: start,
      };
    }
    return { namesrvAddr, namesrvs, brokers, output, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
