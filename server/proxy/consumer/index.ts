/**
 * The consumer RPCs' plug-in point: ReceiveMessage, AckMessage, ChangeInvisibleDuration and
 * ForwardMessageToDeadLetterQueue (POP over remoting, built with the broker's POP codes). Each entry a table
 * returns replaces the UNIMPLEMENTED default the service table installs for that name. Handlers get the ProxyDeps:
 * `deps.clients.get(clientId)?.settings.subscription` (group, subscriptions, merged `effective` settings),
 * `deps.access.masterAddr(brokerName, topic)` and `deps.access.invoke(addr, cmd)` to reach a broker,
 * `deps.access.groupConfig(group, topic)` for retry policy and orderliness, `grpc/message-view.ts` to turn a
 * popped record into a gRPC Message, and `unary()` from `grpc/rpc.ts` for status handling.
 */
import type * as grpc from '@grpc/grpc-js';
import type { ProxyDeps } from '../proxy-deps';

export const CONSUMER_RPC_NAMES = ['ReceiveMessage', 'AckMessage', 'ChangeInvisibleDuration', 'ForwardMessageToDeadLetterQueue'] as const;

export type ConsumerRpcName = (typeof CONSUMER_RPC_NAMES)[number];

export type ConsumerRpcTable = Partial<Record<ConsumerRpcName, grpc.UntypedHandleCall>>;

/** No consumer RPC is served yet: every one answers UNIMPLEMENTED. */
export function consumerRpcs(_deps: ProxyDeps): ConsumerRpcTable {
  return {};
}
