import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';

/** A child process started by the harness; {@link stop} always ends it. */
export interface ManagedProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** Everything the process wrote so far (stdout and stderr interleaved), for failure messages. */
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process has exited. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL at once (a crash: no shutdown hook runs); resolves once the process has exited. */
  kill(): Promise<void>;
  /** True until the process has exited. */
  running(): boolean;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/** If the test worker dies, its JVMs and brokers die with it. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of live) {
      try {
        child.kill('SIGKILL');
      } catch {
        // already gone
      }
    }
  });
}

export interface SpawnOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Also append the output here. */
  logFile?: string;
  /** Keep at most this many characters of output in memory. */
  maxOutputChars?: number;
}

export function spawnManaged(name: string, command: string, args: string[], opts: SpawnOptions = {}): ManagedProcess {
  installExitHook();
  const child = spawn(command, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  const max = opts.maxOutputChars ?? 200_000;
  let out = '';
  const log = opts.logFile ? fs.createWriteStream(opts.logFile, { flags: 'a' }) : undefined;
  const onData = (chunk: Buffer): void => {
    const text = chunk.toString('utf8');
    out += text;
    if (out.length > max) out = out.slice(out.length - max);
    log?.write(text);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
  void exited.then(() => {
    live.delete(child);
    log?.end();
  });
  return {
    name,
    child,
    output: () => out,
    running: () => child.exitCode === null && child.signalCode === null,
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
    async stop(graceMs = 5000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Resolves when `pattern` shows up in the process output; rejects (with the output) on exit or timeout.
 */
export function waitForOutput(proc: ManagedProcess, pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let done = false;
    const finish = (fn: () => void): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      clearInterval(poll);
      proc.child.off('exit', onExit);
      fn();
    };
    const check = (): void => {
      const m = proc.output().match(pattern);
      if (m) finish(() => resolve(m));
    };
    const onExit = (code: number | null, signal: string | null): void => {
      check();
      finish(() => reject(new Error(`${proc.name} exited (code ${code}, signal ${signal}) before printing ${pattern}:\n${tail(proc.output())}`)));
    };
    const timer = setTimeout(
      () => finish(() => reject(new Error(`${proc.name} did not print ${pattern} within ${timeoutMs} ms:\n${tail(proc.output())}`))),
      timeoutMs,
    );
    const poll = setInterval(check, 50);
    proc.child.on('exit', onExit);
    check();
  });
}

export function tail(text: string, lines = 40): string {
  return text.split('\n').slice(-lines).join('\n');
}

/** Runs a command to completion; rejects with its output on a non-zero exit. */
export async function run(command: string, args: string[], opts: SpawnOptions & { timeoutMs?: number } = {}): Promise<string> {
  const proc = spawnManaged(command, command, args, opts);
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => proc.child.kill('SIGKILL'), opts.timeoutMs ?? 600_000);
    proc.child.once('exit', (c) => {
      clearTimeout(timer);
      resolve(c);
    });
    proc.child.once('error', () => resolve(-1));
  });
  if (code !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (exit ${code}):\n${tail(proc.output(), 60)}`);
  }
  return proc.output();
}
