/** What processors and services see of the broker: its parts, without the start-up wiring. */
import type { Logger } from '../common/logger';
import type { HostAddress, MessageStore } from '../store/message-store';
import type { BrokerConfig } from './broker-config';
import type { ConsumerManager } from './clients/consumer-manager';
import type { ProducerManager } from './clients/producer-manager';
import type { PullRequestHoldService } from './long-polling/pull-request-hold-service';
import type { ConsumerOffsetManager } from './offset/consumer-offset-manager';
import type { EventLoopMonitor } from './stats/event-loop-monitor';
import type { BrokerStats } from './stats/broker-stats';
import type { SubscriptionGroupManager } from './subscription/subscription-group-manager';
import type { TopicConfigManager } from './topic/topic-config-manager';
import type { MessagePipeline } from './message-pipeline';
import type { RebalanceLockManager } from './clients/rebalance-lock-manager';
import type { Broker2Client } from './clients/broker-to-client';

export interface BrokerContext {
  readonly config: BrokerConfig;
  readonly log: Logger;
  readonly store: MessageStore;
  readonly topics: TopicConfigManager;
  readonly groups: SubscriptionGroupManager;
  readonly offsets: ConsumerOffsetManager;
  readonly consumers: ConsumerManager;
  readonly producers: ProducerManager;
  readonly pullHold: PullRequestHoldService;
  readonly stats: BrokerStats;
  readonly eventLoop: EventLoopMonitor;
  readonly pipeline: MessagePipeline;
  readonly locks: RebalanceLockManager;
  readonly broker2Client: Broker2Client;
  /** brokerIP1:listenPort, as written into stored records and offset message ids. */
  readonly storeHost: HostAddress;
  readonly brokerAddr: string;
  readonly delayLevels: number[];
  readonly bootTimestamp: number;
  /** Replication figures for GET_BROKER_RUNTIME_INFO (HA connections, offsets, the slave's master). */
  readonly replication?: { runtimeEntries(): Record<string, string> };
  readonly failover?: { runtimeEntries(): Record<string, string> };
  /** POP: the offset below which a group has acknowledged everything (lag counts popped, unacked messages). */
  readonly pop?: { ackFrontier(group: string, topic: string, queueId: number, consumerOffset: number): number };
}
