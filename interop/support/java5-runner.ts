/**
 * One JVM running interop/java5 (Apache's 5.x gRPC Java client) scenarios one after another against a gRPC
 * endpoint. Each scenario prints `RESULT {json}`: ok, ms, mismatches (what failed) and facts (what it saw).
 */
import fs from 'node:fs';
import path from 'node:path';
import { ensureJava5Build } from './maven';
import { runsDir } from './paths';
import { spawnManaged, tail } from './process';

/** What one scenario reported. */
export interface Java5Result {
  scenario: string;
  ok: boolean;
  ms: number;
  mismatches: string[];
  facts: Record<string, unknown>;
}

/** A scenario to play: its name (Runner.java) and arguments (topic, group, ...). */
export interface Java5Spec {
  scenario: string;
  args: Record<string, string | number>;
}

export interface Java5Run {
  /** Settles when the scenario's RESULT line is printed; rejects if the JVM ends without it. */
  result(scenario: string): Promise<Java5Result>;
  output(): string;
  stop(): Promise<void>;
}

const specText = (s: Java5Spec): string => [s.scenario, ...Object.entries(s.args).map(([k, v]) => `${k}=${v}`)].join(',');

export async function startJava5Scenarios(endpoint: string, specs: Java5Spec[], opts: { ssl?: boolean; name?: string } = {}): Promise<Java5Run> {
  const classpath = await ensureJava5Build();
  fs.mkdirSync(runsDir, { recursive: true });
  const dir = fs.mkdtempSync(path.join(runsDir, 'java5-'));
  const proc = spawnManaged(
    opts.name ?? `java5 ${specs.map((s) => s.scenario).join(',')}`,
    'java',
    [
      '-Xms32m',
      '-Xmx192m',
      '-XX:+UseSerialGC',
      '-XX:TieredStopAtLevel=1',
      '-Djava.net.preferIPv4Stack=true',
      `-Duser.home=${dir}`,
      `-Drocketmq.log.root=${path.join(dir, 'logs')}`,
      '-Drocketmq.log.level=warn',
      '-cp',
      classpath,
      'dev.orbit.interop5.Runner',
      '--endpoint',
      endpoint,
      '--ssl',
      String(opts.ssl ?? false),
      ...specs.map(specText),
    ],
    { cwd: dir },
  );
  const waiters = new Map<string, { resolve: (r: Java5Result) => void; reject: (e: Error) => void }>();
  const promises = new Map<string, Promise<Java5Result>>();
  for (const s of specs) {
    const p = new Promise<Java5Result>((resolve, reject) => waiters.set(s.scenario, { resolve, reject }));
    p.catch(() => undefined);
    promises.set(s.scenario, p);
  }
  let buffered = '';
  proc.child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl).trim();
      buffered = buffered.slice(nl + 1);
      if (!line.startsWith('RESULT ')) continue;
      const r = JSON.parse(line.slice('RESULT '.length)) as Java5Result;
      waiters.get(r.scenario)?.resolve(r);
      waiters.delete(r.scenario);
    }
  });
  proc.child.once('exit', (code, signal) => {
    for (const [name, w] of waiters) {
      w.reject(new Error(`java5 runner exited (code ${code}, signal ${signal}) before scenario ${name} finished:\n${tail(proc.output(), 60)}`));
    }
    waiters.clear();
    if (process.env.ORBIT_INTEROP_KEEP !== '1') fs.rmSync(dir, { recursive: true, force: true });
  });
  return {
    result: (s) => promises.get(s) ?? Promise.reject(new Error(`scenario ${s} was not started`)),
    output: proc.output,
    stop: () => proc.stop(1000),
  };
}
