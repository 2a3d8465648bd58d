/**
 * MessagingService, RPC by RPC: the one place that lists what the proxy serves. Producer-side and route RPCs are
 * here; the consumer RPCs come from consumer/index.ts; every other RPC (PullMessage, UpdateOffset, GetOffset,
 * QueryOffset, RecallMessage, SyncLiteSubscription, and consumer RPCs not plugged in) answers UNIMPLEMENTED.
 */
import type * as grpc from '@grpc/grpc-js';
import { isProducer } from './client/settings';
import { telemetryHandler } from './client/telemetry';
import { consumerRpcs } from './consumer/index';
import { okStatus, ProxyError } from './grpc/codes';
import { messagingServiceDefinition } from './grpc/messaging-service';
import { validGroup, validTopic } from './grpc/names';
import type { Endpoints, Resource } from './grpc/proto-types';
import { requireClientId } from './grpc/request-context';
import { unary, unimplemented } from './grpc/rpc';
import type { EndTransactionRequest } from './producer/transaction-service';
import type { ProxyDeps } from './proxy-deps';
import { acceptMessageTypes, advertisedEndpoints, routeToAssignments, routeToMessageQueues, topicMessageType } from './route/route-convert';

interface QueryRouteRequest {
  topic?: Resource;
  endpoints?: Endpoints;
}
interface QueryAssignmentRequest extends QueryRouteRequest {
  group?: Resource;
}

export function serviceImplementation(deps: ProxyDeps): grpc.UntypedServiceImplementation {
  const u = <Req, Res extends object>(name: string, fn: (ctx: Parameters<Parameters<typeof unary<Req, Res>>[3]>[0], req: Req) => Promise<Res>) =>
    unary<Req, Res>(name, deps.auth, deps.log, fn);
  const endpoints = (req: QueryRouteRequest) => advertisedEndpoints(req.endpoints, deps.selfHost(), deps.selfPort());

  const table: Record<string, grpc.UntypedHandleCall> = {
    QueryRoute: u('QueryRoute', async (_ctx, req: QueryRouteRequest) => {
      const topic = validTopic(req.topic);
      const route = await deps.access.route(topic);
      if (!route) throw new ProxyError('TOPIC_NOT_FOUND', `topic ${topic} not found`);
      const accept = acceptMessageTypes(topicMessageType(await deps.access.topicConfig(topic)));
      return { status: okStatus(), messageQueues: routeToMessageQueues(topic, route, endpoints(req), accept) };
    }),
    QueryAssignment: u('QueryAssignment', async (_ctx, req: QueryAssignmentRequest) => {
      const topic = validTopic(req.topic);
      const group = validGroup(req.group);
      const route = await deps.access.route(topic);
      if (!route) throw new ProxyError('TOPIC_NOT_FOUND', `topic ${topic} not found`);
      const fifo = (await deps.access.groupConfig(group, topic))?.consumeMessageOrderly === true;
      const assignments = routeToAssignments(topic, route, endpoints(req), fifo);
      if (assignments.length === 0) throw new ProxyError('FORBIDDEN', 'no readable queue');
      return { status: okStatus(), assignments };
    }),
    Heartbeat: u('Heartbeat', async (ctx, req: { group?: Resource }) => {
      const clientId = requireClientId(ctx);
      const settings = deps.clients.settings(clientId);
      if (!settings) throw new ProxyError('UNRECOGNIZED_CLIENT_TYPE', 'cannot find client settings for this client');
      deps.clients.touch(clientId);
      if (isProducer(settings)) {
        for (const t of settings.publishing?.topics ?? []) if (t.name) await deps.access.registerProducerTopic(t.name);
      } else if (req.group) {
        validGroup(req.group);
      }
      return { status: okStatus() };
    }),
    NotifyClientTermination: u('NotifyClientTermination', async (ctx) => {
      const clientId = requireClientId(ctx);
      if (!deps.clients.settings(clientId)) throw new ProxyError('UNRECOGNIZED_CLIENT_TYPE', 'cannot find client settings for this client');
      deps.clients.remove(clientId);
      return { status: okStatus() };
    }),
    SendMessage: u('SendMessage', async (ctx, req: { messages?: [] }) => deps.sends.send(req.messages, ctx.remoteAddr)),
    EndTransaction: u('EndTransaction', async (_ctx, req: EndTransactionRequest) => {
      await deps.transactions.endTransaction(req);
      return { status: okStatus() };
    }),
    Telemetry: telemetryHandler(deps) as grpc.UntypedHandleCall,
    ...consumerRpcs(deps),
  };

  const impl: grpc.UntypedServiceImplementation = {};
  for (const [key, m] of Object.entries(messagingServiceDefinition())) {
    const name = m.originalName ?? key;
    const handler = table[name] ?? table[key];
    impl[key] = handler ?? unimplemented(name, m.requestStream || m.responseStream ? 'stream' : 'unary');
  }
  return impl;
}
