/**
 * The clusters a test file runs its checks against: env ORBIT_INTEROP_TARGETS, a comma-separated list of
 * `orbit` and `apache` (default both). A test file does `describe.each(targets)('$name', ...)`.
 */
import { startApacheCluster, type ClusterHandle, type FlushDiskType } from '../apache/apache-cluster';
import { startOrbitCluster } from './orbit-cluster';

export interface TargetStartOptions {
  flush?: FlushDiskType;
  /** Extra broker.conf keys, given to either broker. */
  brokerConf?: Record<string, string>;
}

export interface Target {
  name: TargetName;
  start(opts?: TargetStartOptions): Promise<ClusterHandle>;
}

export const ALL_TARGETS = {
  orbit: (opts: TargetStartOptions = {}) => startOrbitCluster({ flush: opts.flush, brokerConf: opts.brokerConf }),
  apache: (opts: TargetStartOptions = {}) => startApacheCluster({ flush: opts.flush, extraBrokerConf: opts.brokerConf }),
} as const;
export type TargetName = keyof typeof ALL_TARGETS;

export function parseTargets(text: string | undefined): Target[] {
  const names = (text ?? 'orbit,apache')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (names.length === 0) throw new Error('ORBIT_INTEROP_TARGETS names no target (known: orbit, apache)');
  return names.map((name) => {
    if (!(name in ALL_TARGETS)) throw new Error(`ORBIT_INTEROP_TARGETS: unknown target '${name}' (known: orbit, apache)`);
    const key = name as TargetName;
    return { name: key, start: ALL_TARGETS[key] };
  });
}

export const targets: Target[] = parseTargets(process.env.ORBIT_INTEROP_TARGETS);

/** The wire-diff test needs both, whatever ORBIT_INTEROP_TARGETS says. */
export const orbitTarget: Target = { name: 'orbit', start: ALL_TARGETS.orbit };
export const apacheTarget: Target = { name: 'apache', start: ALL_TARGETS.apache };
