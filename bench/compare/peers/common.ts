/**
 * What the NATS and Redis peers share: a server child process on loopback with a throw-away data dir.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { LOOPBACK } from '../../../interop/support/ports';
import type { ServerHandle } from '../types';

export const HOST = LOOPBACK;

export function makeTempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `orbit-bench-${prefix}-`));
}

/** True when something accepts TCP connections on host:port. */
export function portOpen(port: number, host = HOST, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect({ host, port });
    const done = (ok: boolean): void => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(timeoutMs, () => done(false));
    sock.once('connect', () => done(true));
    sock.once('error', () => done(false));
  });
}


/** Ends child server processes if the process that started them exits without stopping them. */
const live = new Set<ChildProcess>();
let exitHook = false;
function installExitHook(): void {
  if (exitHook) return;
  exitHook = true;
  process.once('exit', () => {
    for (const c of live) {
      try {
        c.kill('SIGKILL');
      } catch {
        // gone
      }
    }
  });
}

export interface ServerProcess {
  child: ChildProcess;
  /** The last lines the server wrote (stdout and stderr). */
  tail(lines?: number): string;
  exited: Promise<void>;
  /** Resolves when `pattern` shows in the output; rejects if the process exits or `ms` pass first. */
  waitFor(pattern: RegExp, ms: number): Promise<void>;
  /** SIGTERM, SIGKILL after 5 s; resolves when it has exited. */
  stop(): Promise<void>;
}

export function spawnServer(name: string, bin: string, args: string[], cwd: string): ServerProcess {
  installExitHook();
  const child = spawn(bin, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  let out = '';
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  const onData = (chunk: Buffer): void => {
    out += chunk.toString('utf8');
    if (out.length > 64_000) out = out.slice(-32_000);
    for (let i = waiters.length - 1; i >= 0; i--) {
      if (waiters[i].pattern.test(out)) {
        waiters[i].resolve();
        waiters.splice(i, 1);
      }
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  let spawnError: Error | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', (e) => {
      spawnError = e;
      resolve();
    });
  });
  void exited.then(() => live.delete(child));
  const tail = (lines = 20): string => out.trimEnd().split('\n').slice(-lines).join('\n');
  const isExited = (): boolean => child.exitCode !== null || child.signalCode !== null || spawnError !== undefined;
  return {
    child,
    tail,
    exited,
    waitFor(pattern, ms) {
      if (pattern.test(out)) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => fail(`did not get ready within ${ms} ms`), ms);
        const fail = (why: string): void => {
          clearTimeout(timer);
          const err = spawnError ? ` (${spawnError.message})` : '';
          reject(new Error(`${name} ${why}${err}; its last output:\n${tail()}`));
        };
        waiters.push({
          pattern,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
        void exited.then(() => fail(`exited (code ${child.exitCode}, signal ${child.signalCode})`));
      });
    },
    async stop() {
      if (isExited()) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** A ServerHandle over a spawned server whose stop also removes its data dir. */
export function serverHandle(proc: ServerProcess, port: number, dir: string): ServerHandle {
  let stopped: Promise<void> | undefined;
  return {
    url: `${HOST}:${port}`,
    pids: proc.child.pid !== undefined ? [proc.child.pid] : [],
    stop() {
      stopped ??= (async () => {
        await proc.stop();
        fs.rmSync(dir, { recursive: true, force: true });
      })();
      return stopped;
    },
  };
}

/** Starts a server process; on any failure kills it, removes `dir` and rethrows. */
export async function startOrCleanUp(proc: ServerProcess, dir: string, ready: () => Promise<void>): Promise<void> {
  try {
    await ready();
  } catch (e) {
    await proc.stop();
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

// ---------------------------------------------------------------- workload drivers

