import fs from 'node:fs';
import path from 'node:path';
import { ensureJavaBuild } from './maven';
import { runsDir } from './paths';
import { spawnManaged, tail, type ManagedProcess } from './process';

/** The Java scenarios, in the order the runner plays them (names as in Runner.java). */
export const JAVA_SCENARIOS = [
  'syncSend',
  'asyncSend',
  'onewaySend',
  'tagFilter',
  'keys',
  'batchSend',
  'orderly',
  'broadcasting',
  'pullConsumer',
  'litePullConsumer',
  'autoCreateTopic',
  'delayLevel3',
  'orderlySuspend',
  'transactions',
  'retryToDlq',
  'consumerKilled',
  'sqlFilter',
  'sqlRefused',
] as const;
// Runner.java also has `msgTrace` (enableMsgTrace clients): interop/java-trace.interop.test.ts plays it on Orbit and
// e2e/apache-trace.spec.ts on Apache, each checking the console's trace view, so it is not in this list.
export type JavaScenario = (typeof JAVA_SCENARIOS)[number];

/**
 * Scenarios that mostly wait (retries 10 s + 30 s apart with the default delay table; a consumer JVM killed
 * and taken over): java-client.interop.test.ts plays them in a second JVM, in parallel with the others.
 */
export const JAVA_SLOW_SCENARIOS: readonly JavaScenario[] = ['retryToDlq', 'consumerKilled'];

/**
 * broker.conf keys the Java scenarios need on either target: `transactions` wants an UNKNOW half message
 * checked back within a few seconds (Apache and Orbit both read these, in ms). The delay table is left at
 * its default (`1s 5s 10s 30s 1m ...`): `delayLevel3` and `retryToDlq` assert its 10 s and 30 s levels.
 * `sqlFilter` and `sqlRefused` need SQL92 filters on (enablePropertyFilter).
 */
export const JAVA_BROKER_CONF: Record<string, string> = {
  transactionTimeOut: '1000',
  transactionCheckInterval: '1000',
  enablePropertyFilter: 'true',
  // `msgTrace`: the trace topic exists from the start (Apache and Orbit read the key alike).
  traceTopicEnable: 'true',
};

export interface ScenarioOutcome {
  name: string;
  ok: boolean;
  /** `OK 1234ms` or the mismatch message. */
  detail: string;
}

export interface JavaRun {
  /** Settles when the runner prints the scenario's line; rejects if the JVM ends without it. */
  result(name: string): Promise<ScenarioOutcome>;
  /** Everything the JVM printed. */
  output(): string;
  /** Ends the JVM if still running. */
  stop(): Promise<void>;
}

/**
 * Starts one JVM that plays `scenarios` one after another against `namesrvAddr` (a JVM start costs more
 * than most scenarios). Each scenario's outcome is available as soon as its `SCENARIO` line is printed.
 */
export async function startJavaScenarios(namesrvAddr: string, scenarios: readonly string[], opts: { waitSeconds?: number } = {}): Promise<JavaRun> {
  const { classpath } = await ensureJavaBuild();
  fs.mkdirSync(runsDir, { recursive: true });
  const dir = fs.mkdtempSync(path.join(runsDir, 'java-client-'));
  const runId = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
  const proc: ManagedProcess = spawnManaged(
    'java scenarios',
    'java',
    [
      '-Xms32m',
      '-Xmx256m',
      '-XX:+UseSerialGC',
      '-XX:TieredStopAtLevel=1',
      '-Djava.net.preferIPv4Stack=true',
      `-Duser.home=${dir}`,
      `-Drocketmq.client.logRoot=${path.join(dir, 'logs')}`,
      '-Drocketmq.client.logLevel=WARN',
      `-Dnamesrv=${namesrvAddr}`,
      `-Drun=${runId}`,
      `-DwaitSeconds=${opts.waitSeconds ?? 15}`,
      '-cp',
      classpath,
      'dev.orbit.interop.Runner',
      ...scenarios,
    ],
    { cwd: dir },
  );

  const waiters = new Map<string, { resolve: (o: ScenarioOutcome) => void; reject: (e: Error) => void }>();
  const promises = new Map<string, Promise<ScenarioOutcome>>();
  for (const name of scenarios) {
    const p = new Promise<ScenarioOutcome>((resolve, reject) => waiters.set(name, { resolve, reject }));
    p.catch(() => undefined); // observed through result(); avoid unhandled rejections for unasked ones
    promises.set(name, p);
  }
  let buffered = '';
  proc.child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl).trim();
      buffered = buffered.slice(nl + 1);
      const m = /^SCENARIO (\S+) (OK|FAIL)\s*(.*)$/.exec(line);
      if (!m) continue;
      waiters.get(m[1])?.resolve({ name: m[1], ok: m[2] === 'OK', detail: `${m[2]} ${m[3]}`.trim() });
      waiters.delete(m[1]);
    }
  });
  proc.child.once('exit', (code, signal) => {
    for (const [name, w] of waiters) {
      w.reject(new Error(`java runner exited (code ${code}, signal ${signal}) before scenario ${name} finished:\n${tail(proc.output(), 60)}`));
    }
    waiters.clear();
    if (process.env.ORBIT_INTEROP_KEEP !== '1') fs.rmSync(dir, { recursive: true, force: true });
  });

  return {
    result: (name) => promises.get(name) ?? Promise.reject(new Error(`scenario ${name} was not started`)),
    output: proc.output,
    stop: () => proc.stop(1000),
  };
}
