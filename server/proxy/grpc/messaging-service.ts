/**
 * The vendored `apache.rocketmq.v2` protos (proto/, RocketMQ's gRPC API as rocketmq-client-nodejs 1.0.8 ships it)
 * loaded with @grpc/proto-loader. Messages are plain objects: camelCase field names, enums as their names, int64
 * as numbers (offsets and timestamps stay far below 2^53), bytes as Buffers, and `oneofs` so a oneof's case can be
 * read (`command`, `pubSub`, `content`).
 */
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

const PROTO_ROOT = path.join(import.meta.dirname, '..', 'proto');

export const PROTO_LOADER_OPTIONS: protoLoader.Options = {
  keepCase: false,
  longs: Number,
  enums: String,
  defaults: false,
  oneofs: true,
  includeDirs: [PROTO_ROOT],
};

let cached: grpc.ServiceDefinition | undefined;

/** The MessagingService definition (`/apache.rocketmq.v2.MessagingService/<Method>`). */
export function messagingServiceDefinition(): grpc.ServiceDefinition {
  if (!cached) {
    const pkg = protoLoader.loadSync(['apache/rocketmq/v2/service.proto'], PROTO_LOADER_OPTIONS);
    cached = pkg['apache.rocketmq.v2.MessagingService'] as grpc.ServiceDefinition;
  }
  return cached;
}

/** The RPC names of MessagingService, as the service table keys them. */
export function messagingRpcNames(): string[] {
  return Object.values(messagingServiceDefinition()).map((m) => m.originalName ?? m.path.slice(m.path.lastIndexOf('/') + 1));
}
