/**
 * Apache RocketMQ 4.9.7's SQL92 filter, run as an oracle (interop/filter/FilterOracle.java on the Apache jars):
 * one long-lived JVM answering one JSON line per expression, so thousands of fast-check cases cost seconds.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import type { FilterOutcome } from '../../server/filter/testing/outcome';
import { apacheClasspath, ensureApacheLib } from './maven';
import { interopDir } from './paths';

export interface FilterOracle {
  ask(expr: string, props: Record<string, string>[]): Promise<FilterOutcome>;
  close(): Promise<void>;
}

export async function startFilterOracle(): Promise<FilterOracle> {
  await ensureApacheLib();
  const child: ChildProcess = spawn('java', ['-Xss8m', '-cp', apacheClasspath(), path.join(interopDir, 'filter', 'FilterOracle.java')], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const waiting: { resolve: (o: FilterOutcome) => void; reject: (e: Error) => void }[] = [];
  const lines = readline.createInterface({ input: child.stdout! });
  lines.on('line', (line) => {
    const w = waiting.shift();
    if (!w) return;
    try {
      w.resolve(JSON.parse(line) as FilterOutcome);
    } catch (err) {
      w.reject(err as Error);
    }
  });
  child.on('exit', (code) => {
    for (const w of waiting.splice(0)) w.reject(new Error(`filter oracle exited (${code}): ${stderr}`));
  });
  return {
    ask(expr, props) {
      return new Promise((resolve, reject) => {
        waiting.push({ resolve, reject });
        child.stdin!.write(`${JSON.stringify({ expr, props })}\n`);
      });
    },
    close() {
      return new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.stdin!.end();
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      });
    },
  };
}
