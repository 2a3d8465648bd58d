/** The name server's failover codes (9101–9103): heartbeats, election proposals, the state for admin tools. */
import { encodeFailoverState, type FailoverMasterRole } from '../../remoting/body/failover-state';
import {
  FailoverElectRequestHeader,
  FailoverElectResponseHeader,
  FailoverHeartbeatRequestHeader,
  FailoverHeartbeatResponseHeader,
} from '../../remoting/header/failover';
import type { RequestProcessor } from '../../remoting/processor-table';
import type { RemotingChannel } from '../../remoting/remoting-channel';
import { RemotingCommand } from '../../remoting/remoting-command';
import { RequestCode } from '../../remoting/request-code';
import { ResponseCode } from '../../remoting/response-code';
import type { FailoverController } from './failover-controller';

export const FAILOVER_CODES = [RequestCode.ORBIT_FAILOVER_HEARTBEAT, RequestCode.ORBIT_FAILOVER_ELECT, RequestCode.ORBIT_GET_FAILOVER_STATE] as const;

const masterRoleOf = (v: string | undefined): FailoverMasterRole | undefined => (v === 'SYNC_MASTER' || v === 'ASYNC_MASTER' ? v : undefined);

export class FailoverProcessor implements RequestProcessor {
  constructor(private readonly controller: FailoverController) {}

  handle(req: RemotingCommand, channel: RemotingChannel): RemotingCommand {
    const ok = (ext?: Record<string, string>, body?: Buffer) => RemotingCommand.responseTo(req, ResponseCode.SUCCESS, undefined, ext, body);
    switch (req.code) {
      case RequestCode.ORBIT_FAILOVER_HEARTBEAT: {
        const h = FailoverHeartbeatRequestHeader.decode(req.extFields);
        if (h.role !== 'MASTER' && h.role !== 'SLAVE') return RemotingCommand.responseTo(req, ResponseCode.SYSTEM_ERROR, `role must be MASTER or SLAVE, not ${h.role}`);
        const a = this.controller.heartbeat({
          clusterName: h.clusterName,
          brokerName: h.brokerName,
          brokerAddr: h.brokerAddr,
          haAddr: h.haAddr,
          brokerId: h.brokerId,
          role: h.role,
          masterRole: masterRoleOf(h.masterRole),
          epoch: h.epoch,
          maxOffset: h.maxOffset,
          haConnected: h.haConnected,
          // A lease longer than a minute would keep a dead master "alive" for an election's whole patience.
          leaseMs: Math.min(Math.max(h.leaseMs, 100), 60_000),
          inSyncWindowMs: h.inSyncWindowMs,
          channel,
        });
        return ok(FailoverHeartbeatResponseHeader.encode(a));
      }
      case RequestCode.ORBIT_FAILOVER_ELECT: {
        const h = FailoverElectRequestHeader.decode(req.extFields);
        return ok(FailoverElectResponseHeader.encode(this.controller.elect(h)));
      }
      default:
        return ok(undefined, encodeFailoverState(this.controller.state()));
    }
  }
}
