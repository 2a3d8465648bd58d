/** Shared by the broker benchmarks: argument parsing, the bench/java build, topic creation, formatting. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AdminClient } from '../../server/client/admin/admin-client';
import { logger } from '../../server/common/logger';
import { run } from '../../interop/support/process';

export const benchDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const javaDir = path.join(benchDir, 'java');
export const benchJar = path.join(javaDir, 'target', 'orbit-bench-java-1.0.jar');
const classpathFile = path.join(javaDir, 'target', 'classpath.txt');
export const resultsDir = path.join(benchDir, 'results');

/** The SDK's info lines (rebalance, reconnects) would drown the figures; ORBIT_LOG_LEVEL still wins. */
export function quietClientLogs(): void {
  if (!process.env.ORBIT_LOG_LEVEL) logger.level = 'warn';
}

export const out = (s: string): void => {
  process.stdout.write(`${s}\n`);
};
export const fmt = (n: number, d = 0): string =>
  Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }) : '-';

/** `--name value` lookup with a default. */
export function argGetter(argv: string[]): (name: string, def: string) => string {
  return (name, def) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : def;
  };
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * Builds bench/java (rocketmq-client 4.9.2) unless the jar and its classpath file are newer than the pom
 * and every source; returns the `java -cp` value. Maven arguments as interop/support/maven.ts
 * (`ORBIT_INTEROP_MAVEN_ARGS`, e.g. `-o` to stay offline).
 */
export async function ensureBenchJar(): Promise<string> {
  const sources = Math.max(newestMtime(path.join(javaDir, 'src')), fs.statSync(path.join(javaDir, 'pom.xml')).mtimeMs);
  const fresh =
    fs.existsSync(benchJar) &&
    fs.existsSync(classpathFile) &&
    fs.statSync(benchJar).mtimeMs >= sources &&
    fs.statSync(classpathFile).mtimeMs >= sources;
  if (!fresh) {
    out('building bench/java (mvn package) ...');
    const extra = process.env.ORBIT_INTEROP_MAVEN_ARGS;
    await run(
      'mvn',
      [
        '-q',
        '-B',
        ...(extra ? extra.split(/\s+/).filter(Boolean) : []),
        '-f',
        path.join(javaDir, 'pom.xml'),
        'package',
        'dependency:build-classpath',
        '-Dmdep.includeScope=runtime',
        `-Dmdep.outputFile=${classpathFile}`,
      ],
      { cwd: javaDir },
    );
    const now = new Date();
    fs.utimesSync(classpathFile, now, now);
    fs.utimesSync(benchJar, now, now);
  }
  const deps = fs.readFileSync(classpathFile, 'utf8').trim();
  return [benchJar, deps].filter(Boolean).join(path.delimiter);
}

/** UPDATE_AND_CREATE_TOPIC on every master, then waits until the name server routes the topic. */
export async function createTopic(namesrvAddr: string, topic: string, queues: number): Promise<void> {
  const admin = new AdminClient({ namesrvAddr, timeoutMs: 10_000 });
  try {
    await admin.createOrUpdateTopic({ topic, readQueueNums: queues, writeQueueNums: queues, perm: 6 });
    const deadline = Date.now() + 15_000;
    for (;;) {
      try {
        const route = await admin.getTopicRoute(topic);
        if (route.queueDatas.length > 0) return;
      } catch {
        // not routed yet
      }
      if (Date.now() > deadline) throw new Error(`topic ${topic} not routed by ${namesrvAddr} after 15 s`);
      await sleep(200);
    }
  } finally {
    await admin.shutdown();
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** `key=value` pairs of a `RESULT ...` line. */
export function parseResultLine(text: string): Record<string, string> | undefined {
  const line = text
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('RESULT '));
  if (!line) return undefined;
  const fields: Record<string, string> = {};
  for (const part of line.slice(7).trim().split(/\s+/)) {
    const eq = part.indexOf('=');
    if (eq > 0) fields[part.slice(0, eq)] = part.slice(eq + 1);
  }
  return fields;
}

/** Renders rows as an aligned text table (first row = header). */
export function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows
    .map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '))
    .join('\n');
}
