/**
 * A multi-broker Orbit cluster for the SDK's fault tests: one `orbit namesrv` and one `orbit broker` process
 * per name (each a master with its own store), on free loopback ports. A broker can be SIGKILLed and
 * restarted on the same port and store.
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
}

export interface OrbitBrokersHandle {
  namesrvAddr: string;
  brokers: Record<string, OrbitBroker>;
  /** Tail of every process's output, for failure messages. */
  output(lines?: number): string;
  stop(): Promise<void>;
}

export interface OrbitBrokersOptions {
  brokerNames: string[];
  flush?: 'SYNC_FLUSH' | 'ASYNC_FLUSH';
  brokerConf?: Record<string, string>;
}



export async function startOrbitBrokers(opts: OrbitBrokersOptions): Promise<OrbitBrokersHandle> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orbit-fault-'));
  const env = { ...process.env, HOME: path.join(dir, 'home'), ORBIT_LOG_LEVEL: process.env.ORBIT_LOG_LEVEL ?? 'warn' };
  const flush = opts.flush ?? 'SYNC_FLUSH';
  const procs: ManagedProcess[] = [];
  const dead: ManagedProcess[] = [];
  const namesrvPort = await findFreePort();
  const namesrvAddr = `${LOOPBACK}:${namesrvPort}`;

  const stop = async (): Promise<void> => {
    for (const p of [...procs].reverse()) await p.stop(3000);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const output = (lines = 30): string => [...dead, ...procs].map((p) => `--- ${p.name}:\n${tail(p.output(), lines)}`).join('\n');

  try {
    const namesrv = spawnManaged(
      'orbit namesrv',
      process.execPath,
      [ORBIT_BIN, 'namesrv', '--host', LOOPBACK, '--port', String(namesrvPort), '--data-dir', path.join(dir, 'namesrv')],
      { env, cwd: repoRoot },
    );
    procs.push(namesrv);
    await waitForOutput(namesrv, new RegExp(`listening on ${escapeRegExp(namesrvAddr)}`), 30_000);

    const brokers: Record<string, OrbitBroker> = {};
    for (const name of opts.brokerNames) {
      const port = await findFreeBrokerPort();
      const addr = `${LOOPBACK}:${port}`;
      const store = path.join(dir, name);
      fs.mkdirSync(store, { recursive: true });
      const conf = path.join(dir, `${name}.conf`);
      fs.writeFileSync(
        conf,
        confText({
          ...loopbackBrokerConf({ clusterName: FAULT_CLUSTER_NAME, brokerName: name, namesrvAddr, brokerPort: port, store, flush }),
          mappedFileSizeCommitLog: 16 * 1024 * 1024,
          ...opts.brokerConf,
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
            name,
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
        kill: async () => {
          const p = proc;
          if (!p) return;
          procs.splice(procs.indexOf(p), 1);
          dead.push(p);
          const exited = new Promise<void>((resolve) => {
            if (p.child.exitCode !== null || p.child.signalCode !== null) resolve();
            else p.child.once('exit', () => resolve());
          });
          p.child.kill('SIGKILL');
          await exited;
        },
        restart: start,
      };
    }
    return { namesrvAddr, brokers, output, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
