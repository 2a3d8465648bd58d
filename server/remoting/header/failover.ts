/**
 * Orbit's failover controller (docs/architecture.md, "Automatic failover"):
 *
 * ORBIT_FAILOVER_HEARTBEAT (9101), broker → every name server, every failoverHeartbeatInterval: who the broker is,
 *   its role and epoch, its log end; a master adds its role (SYNC/ASYNC) and its in-sync window. The answer says
 *   the group's epoch and master as this name server sees them, and whether a master's claim stands (`fenced`).
 * ORBIT_FAILOVER_ELECT (9102), slave → every name server: "make me master at `proposedEpoch`". A name server grants
 *   a proposal only above every epoch it has seen or granted, only when the group's master lease has run out, and
 *   only to a member of the last sync-state set with the longest log among the live replicas; the slave becomes
 *   master only with the grants of a majority.
 */
import { defineHeader } from './define-header';

export const FailoverHeartbeatRequestHeader = defineHeader('FailoverHeartbeatRequestHeader', {
  clusterName: { type: 'string', required: true },
  brokerName: { type: 'string', required: true },
  brokerAddr: { type: 'string', required: true },
  haAddr: { type: 'string', required: true },
  brokerId: { type: 'long', required: true },
  /** MASTER or SLAVE. */
  role: { type: 'string', required: true },
  /** ASYNC_MASTER / SYNC_MASTER: the role a master has, and a slave elected from this group takes. */
  masterRole: { type: 'string' },
  epoch: { type: 'int', required: true },
  maxOffset: { type: 'long', required: true },
  haConnected: { type: 'boolean', required: true },
  /** How long the name server may count this heartbeat as alive. */
  leaseMs: { type: 'long', required: true },
  /**
   * Master: a slave counts as in sync while it has everything this master had no more than this long ago
   * (5.x's haMaxTimeSlaveNotCatchup). The name server judges it from both heartbeats' offsets, since the 4.9 HA
   * stream does not say which broker a connection belongs to.
   */
  inSyncWindowMs: { type: 'long' },
});

export const FailoverHeartbeatResponseHeader = defineHeader('FailoverHeartbeatResponseHeader', {
  /** Highest epoch this name server has seen or granted. */
  epoch: { type: 'int', required: true },
  masterAddr: { type: 'string' },
  masterHaAddr: { type: 'string' },
  masterRole: { type: 'string' },
  /** The master's lease is still running here. */
  masterAlive: { type: 'boolean', required: true },
  /** A master whose claim is superseded: it must step down and follow `masterAddr`. */
  fenced: { type: 'boolean', required: true },
  /** For a broker that must become a slave: a free slave id of the group. */
  slaveId: { type: 'long' },
});

export const FailoverElectRequestHeader = defineHeader('FailoverElectRequestHeader', {
  clusterName: { type: 'string', required: true },
  brokerName: { type: 'string', required: true },
  brokerAddr: { type: 'string', required: true },
  proposedEpoch: { type: 'int', required: true },
  maxOffset: { type: 'long', required: true },
});

export const FailoverElectResponseHeader = defineHeader('FailoverElectResponseHeader', {
  granted: { type: 'boolean', required: true },
  /** Highest epoch this name server has seen or granted (after this request). */
  epoch: { type: 'int', required: true },
  reason: { type: 'string' },
  masterRole: { type: 'string' },
});
