/** Test helper: run an `orbit` verb as a child process and wait for its `listening on HOST:PORT` line. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
export const ORBIT_BIN = path.join(repoRoot, 'bin', 'orbit.js');

export interface OrbitProcess {
  child: ChildProcess;
  /** HOST:PORT from the ready line. */
  addr: string;
  port: number;
  stdout(): string;
  stderr(): string;
  /** SIGTERM (or the given signal) and wait for exit; resolves the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export function spawnOrbit(args: string[], opts: { timeoutMs?: number; env?: Record<string, string> } = {}): Promise<OrbitProcess> {
  const child = spawn(process.execPath, [ORBIT_BIN, ...args], {
    cwd: repoRoot,
    env: { ...process.env, ORBIT_LOG_LEVEL: process.env.ORBIT_LOG_LEVEL ?? 'warn', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`orbit ${args.join(' ')} not ready in time\nstdout: ${out}\nstderr: ${err}`));
    }, opts.timeoutMs ?? 20_000);
    let ready = false;
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (!ready) reject(new Error(`orbit ${args.join(' ')} exited with ${code}\nstdout: ${out}\nstderr: ${err}`));
    });
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /listening on (?:https?:\/\/)?([^\s]+):(\d+)/.exec(out);
      if (m && !ready) {
        ready = true;
        clearTimeout(timer);
        resolve({
          child,
          addr: `${m[1]}:${m[2]}`,
          port: Number(m[2]),
          stdout: () => out,
          stderr: () => err,
          stop: async (signal = 'SIGTERM') => {
            if (child.exitCode === null && child.signalCode === null) child.kill(signal);
            return exited;
          },
        });
      }
    });
  });
}

/** Run an `orbit` verb to completion. */
export function runOrbit(args: string[], timeoutMs = 20_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [ORBIT_BIN, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
