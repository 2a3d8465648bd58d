/** Requests the broker sends to its clients over their own connections (Broker2Client). */
import type { Logger } from '../../common/logger';
import type { RemotingChannel } from '../../remoting/remoting-channel';
import { RemotingCommand } from '../../remoting/remoting-command';
import { RequestCode } from '../../remoting/request-code';
import { NotifyConsumerIdsChangedRequestHeader } from '../../remoting/header/client-manage';

export class Broker2Client {
  constructor(private readonly log: Logger) {}

  notifyConsumerIdsChanged(channel: RemotingChannel, group: string): void {
    if (channel.closed) return;
    try {
      channel.invokeOneway(
        RemotingCommand.request(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED, NotifyConsumerIdsChangedRequestHeader.encode({ consumerGroup: group })),
      );
    } catch (err) {
      this.log.warn({ err, group, remote: channel.remoteAddr }, 'notify consumer ids changed failed');
    }
  }

  oneway(channel: RemotingChannel, cmd: RemotingCommand): void {
    if (channel.closed) return;
    try {
      channel.invokeOneway(cmd);
    } catch (err) {
      this.log.warn({ err, code: cmd.code, remote: channel.remoteAddr }, 'oneway to client failed');
    }
  }

  invoke(channel: RemotingChannel, cmd: RemotingCommand, timeoutMs: number): Promise<RemotingCommand> {
    return channel.invoke(cmd, timeoutMs);
  }
}
