/**
 * The Spring apps of interop/spring: each is a Maven project whose main class plays its scenarios against
 * `-Drocketmq.name-server=...`, prints `SCENARIO name OK|FAIL detail` lines and exits 0 when all passed.
 *
 *   boot-starter   RocketMQTemplate + @RocketMQMessageListener (rocketmq-spring-boot-starter 2.3.0, client 5.2.0)
 *   stream-binder  Spring Cloud Stream + spring-cloud-starter-stream-rocketmq 2023.0.3.3 (client 5.3.1)
 *
 * Built once (`mvn package dependency:build-classpath`, runtime classpath in interop/.cache/spring-<app>-classpath.txt);
 * skipped while the jar is newer than the pom and every source.
 */
import fs from 'node:fs';
import path from 'node:path';
import { cacheDir, interopDir, runsDir } from './paths';
import { run, spawnManaged, tail } from './process';

export interface SpringApp {
  name: 'boot-starter' | 'stream-binder';
  mainClass: string;
  /** The scenarios the app reports, in order. */
  scenarios: readonly string[];
}

export const BOOT_STARTER_APP: SpringApp = {
  name: 'boot-starter',
  mainClass: 'dev.orbit.interop.spring.starter.StarterApp',
  scenarios: [
    'syncSend',
    'asyncSend',
    'sendOneWay',
    'keys',
    'tags',
    'selectorExpression',
    'selectorSql92',
    'batch',
    'stringListener',
    'syncSendOrderly',
    'delayLevel',
    'transaction',
    'sendAndReceive',
  ],
};

export const STREAM_BINDER_APP: SpringApp = {
  name: 'stream-binder',
  mainClass: 'dev.orbit.interop.spring.stream.StreamApp',
  scenarios: ['roundTrip', 'tagsAndKeys', 'delayLevel', 'subscriptionTag'],
};

export const SPRING_APPS: readonly SpringApp[] = [BOOT_STARTER_APP, STREAM_BINDER_APP];

/**
 * broker.conf keys the boot-starter `transaction` scenario needs on either target: the UNKNOW half message
 * is checked back within a few seconds. The delay table stays the default one (level 1 = 1 s, 2 = 5 s).
 */
export const SPRING_BROKER_CONF: Record<string, string> = {
  transactionTimeOut: '1000',
  transactionCheckInterval: '1000',
  // selectorSql92: a listener with selectorType = SQL92.
  enablePropertyFilter: 'true',
};

const projectDir = (app: SpringApp): string => path.join(interopDir, 'spring', app.name);
const jarPath = (app: SpringApp): string => path.join(projectDir(app), 'target', `orbit-interop-spring-${app.name}-1.0.jar`);
const classpathFile = (app: SpringApp): string => path.join(cacheDir, `spring-${app.name}-classpath.txt`);

/** Extra Maven arguments, e.g. `-o` or `-Dmaven.repo.local=...` (CI), as for interop/java. */
function mavenArgs(): string[] {
  const extra = process.env.ORBIT_INTEROP_MAVEN_ARGS;
  return ['-q', '-B', ...(extra ? extra.split(/\s+/).filter(Boolean) : [])];
}

function newestMtime(p: string): number {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const entry of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

const building = new Map<string, Promise<string>>();

/** Builds the app when a source or the pom is newer than its jar; resolves to its `java -cp` value. */
export function ensureSpringBuild(app: SpringApp): Promise<string> {
  let p = building.get(app.name);
  if (!p) {
    p = build(app);
    building.set(app.name, p);
    p.catch(() => building.delete(app.name));
  }
  return p;
}

async function build(app: SpringApp): Promise<string> {
  const dir = projectDir(app);
  const jar = jarPath(app);
  const cpFile = classpathFile(app);
  const sourcesMtime = Math.max(newestMtime(path.join(dir, 'src')), newestMtime(path.join(dir, 'pom.xml')));
  const fresh = fs.existsSync(jar) && fs.existsSync(cpFile) && fs.statSync(jar).mtimeMs >= sourcesMtime && fs.statSync(cpFile).mtimeMs >= sourcesMtime;
  if (!fresh) {
    fs.mkdirSync(cacheDir, { recursive: true });
    await run(
      'mvn',
      [...mavenArgs(), '-f', path.join(dir, 'pom.xml'), 'package', 'dependency:build-classpath', '-Dmdep.includeScope=runtime', `-Dmdep.outputFile=${cpFile}`],
      { cwd: dir },
    );
    // build-classpath leaves the file alone when unchanged; touch both so the freshness check holds.
    const now = new Date();
    fs.utimesSync(cpFile, now, now);
    fs.utimesSync(jar, now, now);
  }
  const deps = fs.readFileSync(cpFile, 'utf8').trim();
  return [jar, deps].filter(Boolean).join(path.delimiter);
}

export interface SpringRunResult {
  /** Exit code (null when killed). */
  code: number | null;
  /** Everything the JVM printed. */
  output: string;
  /** Scenario name → `OK ...` or `FAIL mismatch`, as printed. */
  scenarios: Map<string, { ok: boolean; detail: string }>;
}

/** Runs the app to completion against `namesrvAddr` (small heap, C1 only); never rejects on a non-zero exit. */
export async function runSpringApp(app: SpringApp, namesrvAddr: string, opts: { timeoutMs?: number; waitSeconds?: number } = {}): Promise<SpringRunResult> {
  const classpath = await ensureSpringBuild(app);
  fs.mkdirSync(runsDir, { recursive: true });
  const dir = fs.mkdtempSync(path.join(runsDir, `spring-${app.name}-`));
  const proc = spawnManaged(
    `spring ${app.name}`,
    'java',
    [
      '-Xms32m',
      '-Xmx256m',
      '-XX:+UseSerialGC',
      '-XX:TieredStopAtLevel=1',
      '-Djava.net.preferIPv4Stack=true',
      `-Duser.home=${dir}`,
      `-Drocketmq.client.logRoot=${path.join(dir, 'logs')}`,
      // The client's own log (in the run directory, kept with ORBIT_INTEROP_KEEP=1): WARN unless asked.
      `-Drocketmq.client.logLevel=${process.env.ORBIT_INTEROP_CLIENT_LOG_LEVEL ?? 'WARN'}`,
      `-Drocketmq.name-server=${namesrvAddr}`,
      `-DwaitSeconds=${opts.waitSeconds ?? 30}`,
      '-cp',
      classpath,
      app.mainClass,
    ],
    { cwd: dir, logFile: path.join(dir, 'app.out') },
  );
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => proc.child.kill('SIGKILL'), opts.timeoutMs ?? 120_000);
    proc.child.once('exit', (c) => {
      clearTimeout(timer);
      resolve(c);
    });
    proc.child.once('error', () => resolve(-1));
  });
  const output = proc.output();
  if (process.env.ORBIT_INTEROP_KEEP !== '1') fs.rmSync(dir, { recursive: true, force: true });
  const scenarios = new Map<string, { ok: boolean; detail: string }>();
  for (const line of output.split('\n')) {
    const m = /^SCENARIO (\S+) (OK|FAIL)\s*(.*)$/.exec(line.trim());
    if (m) scenarios.set(m[1], { ok: m[2] === 'OK', detail: `${m[2]} ${m[3]}`.trim() });
  }
  return { code, output, scenarios };
}

/** The failure text of one scenario: its line, or the exit code and the output tail when it never reported. */
export function scenarioFailure(app: SpringApp, result: SpringRunResult, scenario: string): string | undefined {
  const s = result.scenarios.get(scenario);
  if (s?.ok) return undefined;
  const why = s ? s.detail : `no SCENARIO line (exit code ${result.code})`;
  return `${app.name} ${scenario}: ${why}\n--- ${app.name} output (tail):\n${tail(result.output, 40)}`;
}
