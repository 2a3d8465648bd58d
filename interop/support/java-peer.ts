/**
 * Runs interop/java's `dev.orbit.interop.xlang.JavaPeer` (rocketmq-client 4.9.2) as a producer or a push
 * consumer for the cross-language checks, and parses its `SENT`, `MSG`, `READY`, `DONE` lines.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ensureJavaBuild } from './maven';
import { runsDir } from './paths';
import { spawnManaged, tail, waitForOutput, type ManagedProcess } from './process';

/** A message as both sides describe it (the `MSG` JSON of JavaPeer). */
export interface PeerRecord {
  body: string;
  tags: string | null;
  keys: string[];
  /** User properties only. */
  props: Record<string, string>;
  reconsumeTimes: number;
  /** Whether the stored message had the COMPRESSED sysFlag bit. */
  compressed: boolean;
  topic: string;
  /** The client message id (UNIQ_KEY), as the consumer sees it. */
  msgId?: string;
}

/** What a producer sends: the spec JavaPeer reads (and the TS side sends). */
export interface PeerMessage {
  body: string;
  tags?: string;
  keys?: string[];
  props?: Record<string, string>;
}

export interface JavaPeerProcess {
  proc: ManagedProcess;
  /** Parsed `MSG` lines so far. */
  records(): PeerRecord[];
  /** Parsed `SENT` lines so far. */
  sent(): { msgId: string; status: string }[];
  output(): string;
  /** Resolves once `line` (READY, DONE) was printed. */
  waitFor(line: 'READY' | 'DONE', timeoutMs: number): Promise<void>;
  stop(): Promise<void>;
}

export interface JavaPeerOptions {
  namesrvAddr: string;
  topic: string;
  group: string;
  /** produce: the messages to send. */
  spec?: PeerMessage[];
  /** produce: send the spec as one batch (default: one send per message). */
  batch?: boolean;
  /** consume: how long the JVM keeps consuming (default 120 s). */
  seconds?: number;
}

export async function startJavaPeer(mode: 'produce' | 'consume', opts: JavaPeerOptions): Promise<JavaPeerProcess> {
  const { classpath } = await ensureJavaBuild();
  fs.mkdirSync(runsDir, { recursive: true });
  const dir = fs.mkdtempSync(path.join(runsDir, `xlang-${mode}-`));
  const props = [`-Dnamesrv=${opts.namesrvAddr}`, `-Dtopic=${opts.topic}`, `-Dgroup=${opts.group}`, `-Dseconds=${opts.seconds ?? 120}`];
  if (opts.spec) {
    const specFile = path.join(dir, 'spec.json');
    fs.writeFileSync(specFile, JSON.stringify(opts.spec));
    props.push(`-Dspec=${specFile}`, `-Dbatch=${opts.batch === true}`);
  }
  const proc = spawnManaged(
    `java peer ${mode}`,
    'java',
    [
      '-Xms32m',
      '-Xmx192m',
      '-XX:+UseSerialGC',
      '-XX:TieredStopAtLevel=1',
      '-Djava.net.preferIPv4Stack=true',
      `-Duser.home=${dir}`,
      `-Drocketmq.client.logRoot=${path.join(dir, 'logs')}`,
      '-Drocketmq.client.logLevel=WARN',
      // The Java client can miss the %RETRY% queue in its first rebalance (route fetched before the heartbeat
      // created the topic) and then waits for the periodic rebalance (20 s by default).
      '-Drocketmq.client.rebalance.waitInterval=2000',
      ...props,
      '-cp',
      classpath,
      'dev.orbit.interop.xlang.JavaPeer',
      mode,
    ],
    { cwd: dir },
  );
  proc.child.once('exit', () => {
    if (process.env.ORBIT_INTEROP_KEEP !== '1') fs.rmSync(dir, { recursive: true, force: true });
  });
  const lines = (prefix: string): string[] =>
    proc
      .output()
      .split('\n')
      .filter((l) => l.startsWith(prefix))
      .map((l) => l.slice(prefix.length).trim());
  return {
    proc,
    // fastjson leaves out null fields (a message without tags).
    records: () => lines('MSG ').map((l) => ({ tags: null, ...(JSON.parse(l) as Omit<PeerRecord, 'tags'>) }) as PeerRecord),
    sent: () => lines('SENT ').map((l) => JSON.parse(l) as { msgId: string; status: string }),
    output: () =>
      tail(proc.output(), 60)
        .split('\n')
        .map((l) => (l.length > 300 ? `${l.slice(0, 300)}...` : l))
        .join('\n'),
    waitFor: async (line, timeoutMs) => {
      await waitForOutput(proc, new RegExp(`^${line}$`, 'm'), timeoutMs);
    },
    stop: () => proc.stop(2000),
  };
}
