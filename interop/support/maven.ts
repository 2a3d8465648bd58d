import fs from 'node:fs';
import path from 'node:path';
import { apache5LibDir, apacheLibDir, cacheDir, interopDir, java5ClasspathFile, java5Jar, java5ProjectDir, javaClasspathFile, javaJar, javaProjectDir } from './paths';
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
  return copyJars(path.join(interopDir, 'apache', 'pom.xml'), apacheLibDir, APACHE_STAMP, 'rocketmq-broker-');
}

/** `mvn dependency:copy-dependencies` of `pom` into `dir`, once: `stamp` marks a completed copy. */
async function copyJars(pom: string, dir: string, stamp: string, mustHave: string): Promise<string> {
  if (fs.existsSync(stamp)) return dir;
  fs.mkdirSync(cacheDir, { recursive: true });
  await run('mvn', [...mavenArgs(), '-f', pom, 'dependency:copy-dependencies', `-DoutputDirectory=${dir}`], {
    cwd: path.dirname(pom),
  });
  const jars = fs.readdirSync(dir).filter((f) => f.endsWith('.jar'));
  if (!jars.some((j) => j.startsWith(mustHave))) throw new Error(`no ${mustHave}*.jar in ${dir}`);
  fs.writeFileSync(stamp, `${jars.length} jars\n`);
  return dir;
}

/**
 * Copies Apache RocketMQ 5.3.3 (namesrv, broker, proxy, tools and their dependencies) into
 * `interop/.cache/apache5-lib/`. Skipped when a previous copy completed.
 */
export async function ensureApache5Lib(): Promise<string> {
  return copyJars(path.join(interopDir, 'apache5', 'pom.xml'), apache5LibDir, path.join(apache5LibDir, '.complete'), 'rocketmq-proxy-');
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

/**
 * Builds `projectDir` (`mvn package` + its runtime classpath into `classpathFile`) unless `jar` and the
 * classpath file are newer than the pom and every source.
 */
async function buildJavaProject(projectDir: string, jar: string, classpathFile: string): Promise<string> {
  const sourcesMtime = Math.max(newestMtime(path.join(projectDir, 'src')), fs.statSync(path.join(projectDir, 'pom.xml')).mtimeMs);
  const fresh =
    fs.existsSync(jar) && fs.existsSync(classpathFile) && fs.statSync(jar).mtimeMs >= sourcesMtime && fs.statSync(classpathFile).mtimeMs >= sourcesMtime;
  if (!fresh) {
    fs.mkdirSync(cacheDir, { recursive: true });
    await run(
      'mvn',
      [...mavenArgs(), '-f', path.join(projectDir, 'pom.xml'), 'package', 'dependency:build-classpath', '-Dmdep.includeScope=runtime', `-Dmdep.outputFile=${classpathFile}`],
      { cwd: projectDir },
    );
    // As in ensureJavaBuild: stamp with the newest source time seen before the build.
    const stamp = new Date(sourcesMtime);
    fs.utimesSync(classpathFile, stamp, stamp);
    fs.utimesSync(jar, stamp, stamp);
  }
  const deps = fs.readFileSync(classpathFile, 'utf8').trim();
  return [jar, deps].filter(Boolean).join(path.delimiter);
}

/** Builds interop/java5 (the 5.x gRPC client scenarios); returns the `java -cp` value. */
export function ensureJava5Build(): Promise<string> {
  return buildJavaProject(java5ProjectDir, java5Jar, java5ClasspathFile);
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
