/** Live producers by group (for GET_PRODUCER_CONNECTION_LIST and transaction check-backs). */
import type { RemotingChannel } from '../../remoting/remoting-channel';
import type { ClientChannelInfo } from './consumer-manager';

export class ProducerManager {
  private readonly groups = new Map<string, Map<RemotingChannel, ClientChannelInfo>>();

  registerProducer(group: string, info: ClientChannelInfo): void {
    let g = this.groups.get(group);
    if (!g) this.groups.set(group, (g = new Map()));
    g.set(info.channel, info);
  }

  unregisterProducer(group: string, channel: RemotingChannel): void {
    const g = this.groups.get(group);
    if (!g) return;
    g.delete(channel);
    if (g.size === 0) this.groups.delete(group);
  }

  doChannelCloseEvent(channel: RemotingChannel): void {
    for (const [group, g] of this.groups) {
      g.delete(channel);
      if (g.size === 0) this.groups.delete(group);
    }
  }

  scanNotActiveChannel(expiryMs: number, now = Date.now()): void {
    for (const g of this.groups.values()) {
      for (const [ch, info] of g) if (info.lastUpdateTimestamp + expiryMs < now) ch.close();
    }
  }

  getGroup(group: string): ClientChannelInfo[] {
    return [...(this.groups.get(group)?.values() ?? [])];
  }

  /** One live connection of the group, rotating, for check-backs. */
  pickChannel(group: string): ClientChannelInfo | undefined {
    const list = this.getGroup(group).filter((i) => !i.channel.closed);
    if (list.length === 0) return undefined;
    return list[Math.floor(Math.random() * list.length)];
  }

  /** The connection of a client by its id, in any group (where a request-reply answer goes). */
  findChannel(clientId: string): ClientChannelInfo | undefined {
    for (const g of this.groups.values()) {
      for (const info of g.values()) if (info.clientId === clientId && !info.channel.closed) return info;
    }
    return undefined;
  }

  allGroups(): string[] {
    return [...this.groups.keys()];
  }
}
