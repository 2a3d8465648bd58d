import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (two levels above this file). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const interopDir = path.join(repoRoot, 'interop');
/** Every download, build output and scratch store of the interop suite lives here (gitignored). */
export const cacheDir = path.join(interopDir, '.cache');
export const apacheLibDir = path.join(cacheDir, 'apache-lib');
export const javaProjectDir = path.join(interopDir, 'java');
export const javaClasspathFile = path.join(cacheDir, 'java-classpath.txt');
export const javaJar = path.join(javaProjectDir, 'target', 'orbit-interop-java-1.0.jar');
/** Parent of the per-run temp dirs (rocketmq homes, stores, client homes). */
export const runsDir = path.join(cacheDir, 'runs');
/** Apache RocketMQ 5.3.3 jars (interop/apache5/pom.xml) and the 5.x gRPC client scenarios (interop/java5). */
export const apache5LibDir = path.join(cacheDir, 'apache5-lib');
export const java5ProjectDir = path.join(interopDir, 'java5');
export const java5ClasspathFile = path.join(cacheDir, 'java5-classpath.txt');
export const java5Jar = path.join(java5ProjectDir, 'target', 'orbit-interop-java5-1.0.jar');
