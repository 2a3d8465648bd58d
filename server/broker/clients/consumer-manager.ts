/**
 * Live consumers by group: their connections, what they subscribe to, and membership changes. A change in
 * a group's members tells every member to rebalance (NOTIFY_CONSUMER_IDS_CHANGED), as RocketMQ does.
 */
import type { Logger } from '../../common/logger';
import type { RemotingChannel } from '../../remoting/remoting-channel';
import type {
  ConsumeFromWhere,
  ConsumeType,
  MessageModel,
  SubscriptionData,
} from '../../remoting/body/heartbeat';

export interface ClientChannelInfo {
  channel: RemotingChannel;
  clientId: string;
  language: string;
  version: number;
  lastUpdateTimestamp: number;
}

export interface ConsumerGroupInfo {
  groupName: string;
  channels: Map<RemotingChannel, ClientChannelInfo>;
  subscriptions: Map<string, SubscriptionData>;
  consumeType: ConsumeType;
  messageModel: MessageModel;
  consumeFromWhere: ConsumeFromWhere;
  lastUpdateTimestamp: number;
}

export type ConsumerIdsChangeListener = (group: string, channels: RemotingChannel[]) => void;

export class ConsumerManager {
  private readonly groups = new Map<string, ConsumerGroupInfo>();

  constructor(
    private readonly onIdsChanged: ConsumerIdsChangeListener,
    private readonly log: Logger,
  ) {}

  /** Returns true when the group's members or the topics they subscribe to changed. */
  registerConsumer(
    group: string,
    info: ClientChannelInfo,
    consumeType: ConsumeType,
    messageModel: MessageModel,
    consumeFromWhere: ConsumeFromWhere,
    subscriptions: SubscriptionData[],
    notify: boolean,
  ): boolean {
    let g = this.groups.get(group);
    if (!g) {
      g = { groupName: group, channels: new Map(), subscriptions: new Map(), consumeType, messageModel, consumeFromWhere, lastUpdateTimestamp: Date.now() };
      this.groups.set(group, g);
    }
    g.consumeType = consumeType;
    g.messageModel = messageModel;
    g.consumeFromWhere = consumeFromWhere;
    g.lastUpdateTimestamp = Date.now();

    const prev = g.channels.get(info.channel);
    let changed = false;
    if (!prev) {
      changed = true;
      this.log.info({ group, clientId: info.clientId, remote: info.channel.remoteAddr }, 'new consumer connected');
    } else if (prev.clientId !== info.clientId) {
      changed = true;
    }
    g.channels.set(info.channel, info);

    // The newest heartbeat's subscriptions win; a topic a client no longer lists is dropped. A topic added or
    // dropped is a change as well (Apache's updateSubscription): the members rebalance for it at once instead of
    // at their next 20 s round.
    const seen = new Set<string>();
    for (const s of subscriptions) {
      seen.add(s.topic);
      const old = g.subscriptions.get(s.topic);
      if (!old) changed = true;
      if (!old || s.subVersion > old.subVersion || s.subString !== old.subString) g.subscriptions.set(s.topic, s);
    }
    for (const topic of [...g.subscriptions.keys()]) {
      if (seen.has(topic)) continue;
      g.subscriptions.delete(topic);
      changed = true;
    }

    if (changed && notify) this.onIdsChanged(group, [...g.channels.keys()]);
    return changed;
  }

  unregisterConsumer(group: string, channel: RemotingChannel, notify: boolean): void {
    const g = this.groups.get(group);
    if (!g || !g.channels.delete(channel)) return;
    this.log.info({ group, remote: channel.remoteAddr }, 'consumer unregistered');
    if (g.channels.size === 0) this.groups.delete(group);
    else if (notify) this.onIdsChanged(group, [...g.channels.keys()]);
  }

  /** A connection closed: it leaves every group it was in. */
  doChannelCloseEvent(channel: RemotingChannel): void {
    for (const [group, g] of this.groups) {
      if (!g.channels.delete(channel)) continue;
      this.log.info({ group, remote: channel.remoteAddr }, 'consumer connection closed');
      if (g.channels.size === 0) this.groups.delete(group);
      else this.onIdsChanged(group, [...g.channels.keys()]);
    }
  }

  /** Drops consumers that have not sent a heartbeat within `expiryMs`. */
  scanNotActiveChannel(expiryMs: number, now = Date.now()): void {
    for (const g of this.groups.values()) {
      for (const [ch, info] of g.channels) {
        if (info.lastUpdateTimestamp + expiryMs < now) {
          this.log.warn({ group: g.groupName, clientId: info.clientId }, 'consumer expired (no heartbeat)');
          ch.close();
        }
      }
    }
  }

  getGroup(group: string): ConsumerGroupInfo | undefined {
    return this.groups.get(group);
  }

  groupsSubscribing(topic: string): string[] {
    const out: string[] = [];
    for (const [name, g] of this.groups) if (g.subscriptions.has(topic)) out.push(name);
    return out;
  }

  allGroups(): Map<string, ConsumerGroupInfo> {
    return this.groups;
  }

  findChannel(group: string, clientId: string): ClientChannelInfo | undefined {
    const g = this.groups.get(group);
    if (!g) return undefined;
    for (const info of g.channels.values()) if (info.clientId === clientId) return info;
    return undefined;
  }
}
