/**
 * The gRPC scenarios shared by grpc-java5 and grpc-node: which topic type and groups each needs, the broker.conf
 * keys they rely on, and the set-up the clients cannot do themselves (done over remoting before they start):
 * topics with their `message.type`, a FIFO group (consumeMessageOrderly), a group with retryMaxTimes 2.
 */
import type { GrpcClusterHandle } from './grpc-targets';
import type { TopicMessageType } from './remoting-admin';

/**
 * Check-backs of an unresolved transaction within ~3 s (both brokers read these, in ms). Apache 5.x writes the
 * commit/rollback op records in batches every `transactionOpBatchInterval` (3 s by default): with a time-out
 * below that it checks back (and commits a second time) transactions that were already ended.
 */
export const GRPC_BROKER_CONF: Record<string, string> = {
  transactionTimeOut: '2000',
  transactionCheckInterval: '1000',
  transactionOpBatchInterval: '100',
};

/** retryMaxTimes of the DLQ scenario's group: a 5.x consumer gets max attempts = retryMaxTimes + 1. */
export const DLQ_RETRY_MAX_TIMES = 2;

export type GrpcScenario = 'send' | 'normal' | 'delay' | 'transaction' | 'push' | 'invisible' | 'dlq' | 'fifo';

export interface ScenarioSetup {
  scenario: GrpcScenario;
  /** Scenarios of one lane run one after another; lanes run in parallel. */
  lane: number;
  /** Topics to create: argument name → message.type (default: one NORMAL `topic`). */
  topics: Record<string, TopicMessageType>;
  /** Groups to create: argument name → options. */
  groups: Record<string, { orderly?: boolean; retryMaxTimes?: number }>;
  extra?: Record<string, string | number>;
}

export const GRPC_SCENARIOS: ScenarioSetup[] = [
  {
    scenario: 'send',
    lane: 2,
    topics: { normalTopic: 'NORMAL', fifoTopic: 'FIFO', delayTopic: 'DELAY', txTopic: 'TRANSACTION' },
    groups: {},
  },
  { scenario: 'normal', lane: 0, topics: { topic: 'NORMAL' }, groups: { group: {}, tagGroup: {} } },
  { scenario: 'delay', lane: 0, topics: { topic: 'DELAY' }, groups: { group: {} }, extra: { delayMs: 5000 } },
  { scenario: 'transaction', lane: 0, topics: { topic: 'TRANSACTION' }, groups: { group: {} } },
  { scenario: 'push', lane: 0, topics: { topic: 'NORMAL' }, groups: { group: {} } },
  { scenario: 'invisible', lane: 1, topics: { topic: 'NORMAL' }, groups: { group: {} } },
  {
    scenario: 'dlq',
    lane: 1,
    topics: { topic: 'NORMAL' },
    groups: { group: { retryMaxTimes: DLQ_RETRY_MAX_TIMES }, dlqGroup: {} },
    extra: { maxAttempts: DLQ_RETRY_MAX_TIMES + 1 },
  },
  { scenario: 'fifo', lane: 2, topics: { topic: 'FIFO' }, groups: { group: { orderly: true } } },
];
export const GRPC_LANES = 1 + Math.max(...GRPC_SCENARIOS.map((s) => s.lane));

export interface PreparedScenario {
  scenario: GrpcScenario;
  lane: number;
  /** topic, the groups by argument name, and the extras. */
  args: Record<string, string | number>;
}

/** Creates every scenario's topic and groups (names unique per call: `<prefix>_<scenario>_<target>_<run>`). */
export async function prepareGrpcScenarios(cluster: GrpcClusterHandle, prefix: string, target: string): Promise<PreparedScenario[]> {
  const run = Date.now().toString(36);
  const out: PreparedScenario[] = [];
  for (const s of GRPC_SCENARIOS) {
    const args: Record<string, string | number> = { ...s.extra };
    for (const [arg, messageType] of Object.entries(s.topics)) {
      const topic = `${prefix}_${s.scenario}${arg === 'topic' ? '' : `_${arg}`}_${target}_${run}`;
      await cluster.createTopic(topic, { queues: 4, messageType });
      args[arg] = topic;
    }
    for (const [arg, opts] of Object.entries(s.groups)) {
      const group = `GID_${prefix}_${s.scenario}_${arg}_${run}`;
      await cluster.createGroup(group, opts);
      args[arg] = group;
    }
    out.push({ scenario: s.scenario, lane: s.lane, args });
  }
  return out;
}
