import fs from 'node:fs';
import path from 'node:path';
import { apacheLibDir, cacheDir, interopDir, javaClasspathFile, javaJar, javaProjectDir } from './paths';
import { run } from './process';

/** Extra Maven arguments, e.g. `-o` or `-Dmaven.repo.local=...` (CI). */
function mavenArgs(): string[] {
  const extra = process.env.ORBIT_INTEROP_MAVEN_ARGS;
  return ['-q', '-B', ...(extra ? extra.split(/\s+/).filter(Boolean) : [])];
}

const APACHE_STAMP = path.join(apacheLibDir, '.complete');

/**
 * Copies the Apache RocketMQ 4.9.7 namesrv/broker/tools jars and their dependencies into
 * `interop/.cache/apache-lib/`. Skipped when a previous copy completed.
 */
export async function ensureApacheLib(): Promise<string> {
  if (fs.existsSync(APACHE_STAMP)) return apacheLibDir;
  fs.mkdirSync(cacheDir, { recursive: true });
  const pom = path.join(interopDir, 'apache', 'pom.xml');
  await run('mvn', [...mavenArgs(), '-f', pom, 'dependency:copy-dependencies', `-DoutputDirectory=${apacheLibDir}`], {
    cwd: path.dirname(pom),
  });
  const jars = fs.readdirSync(apacheLibDir).filter((f) => f.endsWith('.jar'));
  if (!jars.some((j) => j.startsWith('rocketmq-broker-'))) throw new Error(`no rocketmq-broker jar in ${apacheLibDir}`);
  fs.writeFileSync(APACHE_STAMP, `${jars.length} jars\n`);
  return apacheLibDir;
}

/** `java -cp` value for the Apache cluster: every jar of apache-lib. */
export function apacheClasspath(): string {
  return path.join(apacheLibDir, '*');
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

export interface JavaBuild {
  /** Classpath for `java -cp`: the scenario jar, rocketmq-client 4.9.2 and its dependencies. */
  classpath: string;
  /** The same jar, used with -javaagent in the Apache JVMs (loopback-only listening). */
  agentJar: string;
}

/**
 * Builds interop/java (scenario classes + loopback agent) and writes its runtime classpath to
 * `interop/.cache/java-classpath.txt`. Skipped when the jar is newer than the pom and every source.
 */
export async function ensureJavaBuild(): Promise<JavaBuild> {
  const sourcesMtime = Math.max(newestMtime(path.join(javaProjectDir, 'src')), fs.statSync(path.join(javaProjectDir, 'pom.xml')).mtimeMs);
  const fresh =
    fs.existsSync(javaJar) &&
    fs.existsSync(javaClasspathFile) &&
    fs.statSync(javaJar).mtimeMs >= sourcesMtime &&
    fs.statSync(javaClasspathFile).mtimeMs >= sourcesMtime;
  if (!fresh) {
    fs.mkdirSync(cacheDir, { recursive: true });
    await run(
      'mvn',
      [
        ...mavenArgs(),
        '-f',
        path.join(javaProjectDir, 'pom.xml'),
        'package',
        'dependency:build-classpath',
        '-Dmdep.includeScope=runtime',
        `-Dmdep.outputFile=${javaClasspathFile}`,
      ],
      { cwd: javaProjectDir },
    );
    // build-classpath leaves the file alone when unchanged; stamp both with the newest source time seen
    // before the build, so a source added while Maven ran still counts as newer and triggers a rebuild.
    const stamp = new Date(sourcesMtime);
    fs.utimesSync(javaClasspathFile, stamp, stamp);
    fs.utimesSync(javaJar, stamp, stamp);
  }
  const deps = fs.readFileSync(javaClasspathFile, 'utf8').trim();
  return { classpath: [javaJar, deps].filter(Boolean).join(path.delimiter), agentJar: javaJar };
}
