/**
 * ORBIT_GET_FAILOVER_STATE (9103) answer body: what a name server's failover controller knows per brokerName —
 * the master epoch, the master, the sync-state set, every replica's last heartbeat, and the elections so far.
 * Plain JSON (no fastjson-only forms), so any HTTP-side reader can parse it too.
 */
import { decodeJavaBody, encodeJavaBody, toSafeNumber } from '../fastjson';

export type FailoverReplicaRole = 'MASTER' | 'SLAVE';
export type FailoverMasterRole = 'ASYNC_MASTER' | 'SYNC_MASTER';

export interface FailoverReplica {
  /** Remoting address (ip:port) — the broker's identity in the controller. */
  brokerAddr: string;
  haAddr: string;
  brokerId: number;
  role: FailoverReplicaRole;
  /** The replica's commit-log end at its last heartbeat. */
  maxOffset: number;
  /** Slave: its HA connection to the master is up. A master: always true. */
  haConnected: boolean;
  epoch: number;
  lastHeartbeatMs: number;
  /** Heartbeat within the lease and its channel open. */
  alive: boolean;
}

export interface FailoverEvent {
  epoch: number;
  timeMs: number;
  newMasterAddr: string;
  oldMasterAddr: string | null;
  /** The new master's commit-log end when it was elected: where its epoch starts. */
  electedOffset: number;
  reason: string;
}

export interface FailoverGroupState {
  clusterName: string;
  brokerName: string;
  epoch: number;
  masterAddr: string | null;
  masterRole: FailoverMasterRole | null;
  /** Epoch-ms when the master's lease runs out in this name server's view (0: no master). */
  masterLeaseExpiresMs: number;
  /** Broker addresses of replicas that had everything the master acknowledged at its last heartbeat (master included). */
  syncStateSet: string[];
  replicas: FailoverReplica[];
  /** Oldest first, bounded. */
  history: FailoverEvent[];
}

export interface FailoverStateBody {
  groups: FailoverGroupState[];
}

export function encodeFailoverState(body: FailoverStateBody): Buffer {
  return encodeJavaBody(body);
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const strOrNull = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown): number => (v === undefined || v === null ? 0 : toSafeNumber(v));
const arr = (v: unknown): any[] => (Array.isArray(v) ? v : []);

export function decodeFailoverState(buf: Buffer | undefined): FailoverStateBody {
  const o = decodeJavaBody(buf) ?? {};
  return {
    groups: arr(o.groups).map((g: any) => ({
      clusterName: str(g?.clusterName),
      brokerName: str(g?.brokerName),
      epoch: num(g?.epoch),
      masterAddr: strOrNull(g?.masterAddr),
      masterRole: g?.masterRole === 'SYNC_MASTER' || g?.masterRole === 'ASYNC_MASTER' ? g.masterRole : null,
      masterLeaseExpiresMs: num(g?.masterLeaseExpiresMs),
      syncStateSet: arr(g?.syncStateSet).map(str),
      replicas: arr(g?.replicas).map((r: any) => ({
        brokerAddr: str(r?.brokerAddr),
        haAddr: str(r?.haAddr),
        brokerId: num(r?.brokerId),
        role: r?.role === 'MASTER' ? 'MASTER' : 'SLAVE',
        maxOffset: num(r?.maxOffset),
        haConnected: r?.haConnected === true,
        epoch: num(r?.epoch),
        lastHeartbeatMs: num(r?.lastHeartbeatMs),
        alive: r?.alive === true,
      })),
      history: arr(g?.history).map((e: any) => ({
        epoch: num(e?.epoch),
        timeMs: num(e?.timeMs),
        newMasterAddr: str(e?.newMasterAddr),
        oldMasterAddr: strOrNull(e?.oldMasterAddr),
        electedOffset: num(e?.electedOffset),
        reason: str(e?.reason),
      })),
    })),
  };
}
