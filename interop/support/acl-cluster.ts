/**
 * A cluster of either target with plain ACL on (aclEnable=true) and the same plain_acl.yml:
 * Apache reads it from $ROCKETMQ_HOME/conf/plain_acl.yml, Orbit from the `aclFilePath` broker key.
 * Also the Java ACL runner (interop/java dev.orbit.interop.acl.AclRunner).
 */
import fs from 'node:fs';
import path from 'node:path';
import { startApacheCluster, type ClusterHandle } from '../apache/apache-cluster';
import { ensureJavaBuild } from './maven';
import { startOrbitCluster } from './orbit-cluster';
import { runsDir } from './paths';
import { spawnManaged, tail } from './process';
import type { TargetName } from './targets';

export const ACL_USER = { accessKey: 'orbitUser1', secretKey: 'orbitSecret1' };
export const ACL_ADMIN = { accessKey: 'orbitAdmin1', secretKey: 'orbitAdminSecret1' };
export const ACL_TOPIC_OK = 'AclOk';
export const ACL_TOPIC_DENIED = 'AclDenied';
export const ACL_TOPIC_SUB_ONLY = 'AclSubOnly';
export const ACL_GROUP_DENIED = 'aclDeniedGroup';

/** One user with topic/group perms and defaults DENY (topics) / SUB (groups); one admin without perms. */
export const ACL_YML = `# interop ACL (RocketMQ 4.9.x plain ACL format)
accounts:
  - accessKey: ${ACL_USER.accessKey}
    secretKey: ${ACL_USER.secretKey}
    whiteRemoteAddress:
    admin: false
    defaultTopicPerm: DENY
    defaultGroupPerm: SUB
    topicPerms:
      - ${ACL_TOPIC_OK}=PUB|SUB
      - ${ACL_TOPIC_DENIED}=DENY
      - ${ACL_TOPIC_SUB_ONLY}=SUB
    groupPerms:
      - ${ACL_GROUP_DENIED}=DENY
  - accessKey: ${ACL_ADMIN.accessKey}
    secretKey: ${ACL_ADMIN.secretKey}
    admin: true
`;

export async function startAclCluster(target: TargetName, aclYml = ACL_YML): Promise<ClusterHandle> {
  if (target === 'apache') {
    return startApacheCluster({ extraBrokerConf: { aclEnable: 'true' }, homeFiles: { 'conf/plain_acl.yml': aclYml } });
  }
  fs.mkdirSync(runsDir, { recursive: true });
  const dir = fs.mkdtempSync(path.join(runsDir, 'orbit-acl-'));
  const file = path.join(dir, 'plain_acl.yml');
  fs.writeFileSync(file, aclYml);
  const cluster = await startOrbitCluster({ brokerConf: { aclEnable: 'true', aclFilePath: file } });
  return {
    ...cluster,
    stop: async () => {
      await cluster.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface AclJavaLine {
  check: string;
  outcome: 'OK' | 'REFUSED' | 'SENT' | 'ERROR';
  code?: number;
  detail: string;
}

/** Runs AclRunner to its end; returns its `ACL <check> ...` lines by check name. */
export async function runJavaAclChecks(namesrvAddr: string, group: string, timeoutMs = 150_000): Promise<Map<string, AclJavaLine>> {
  const { classpath } = await ensureJavaBuild();
  fs.mkdirSync(runsDir, { recursive: true });
  const dir = fs.mkdtempSync(path.join(runsDir, 'java-acl-'));
  const proc = spawnManaged(
    'java acl',
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
      '-cp',
      classpath,
      'dev.orbit.interop.acl.AclRunner',
      namesrvAddr,
      ACL_USER.accessKey,
      ACL_USER.secretKey,
      ACL_TOPIC_OK,
      ACL_TOPIC_DENIED,
      group,
    ],
    { cwd: dir },
  );
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`java ACL runner did not finish in ${timeoutMs} ms:\n${tail(proc.output(), 40)}`)), timeoutMs);
      proc.child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  } finally {
    await proc.stop(1000);
    if (process.env.ORBIT_INTEROP_KEEP !== '1') fs.rmSync(dir, { recursive: true, force: true });
  }
  const out = new Map<string, AclJavaLine>();
  for (const line of proc.output().split('\n')) {
    const m = /^ACL (\S+) (OK|REFUSED|SENT|ERROR)\s*(.*)$/.exec(line.trim());
    if (!m) continue;
    const [, check, outcome, rest] = m;
    if (outcome === 'REFUSED') {
      const r = /^(-?\d+) (.*)$/.exec(rest);
      out.set(check, { check, outcome, code: r ? Number(r[1]) : undefined, detail: r ? r[2] : rest });
    } else out.set(check, { check, outcome: outcome as AclJavaLine['outcome'], detail: rest });
  }
  if (out.size === 0) throw new Error(`java ACL runner printed no result:\n${tail(proc.output(), 40)}`);
  return out;
}
