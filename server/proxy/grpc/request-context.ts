/** What the proxy reads from a call's metadata (§2 of the fact sheet): the client id, language, peer, credentials. */
import type * as grpc from '@grpc/grpc-js';
import { ProxyError } from './codes';

export interface RequestContext {
  /** `x-mq-client-id`: the key of the client's settings and Telemetry stream. */
  clientId: string;
  /** `x-mq-language` (JAVA, HTTP for Node, GO…). */
  language: string;
  clientVersion: string;
  /** The peer's `ip:port`, used as born host when a message names none. */
  remoteAddr: string;
  dateTime: string;
  authorization: string;
}

function first(md: grpc.Metadata, key: string): string {
  const v = md.get(key)[0];
  return v === undefined ? '' : String(v);
}

/** The peer as `ip:port` from grpc-js's `getPeer()` (`ipv4:1.2.3.4:5`, `ipv6:[::1]:5`, or `1.2.3.4:5`). */
export function peerAddress(peer: string): string {
  return peer.replace(/^ipv[46]:/, '').replace(/^\[([^\]]+)\]/, '$1');
}

export function requestContext(call: { metadata: grpc.Metadata; getPeer(): string }): RequestContext {
  const md = call.metadata;
  return {
    clientId: first(md, 'x-mq-client-id'),
    language: first(md, 'x-mq-language'),
    clientVersion: first(md, 'x-mq-client-version'),
    remoteAddr: peerAddress(call.getPeer()),
    dateTime: first(md, 'x-mq-date-time'),
    authorization: first(md, 'authorization'),
  };
}

/** The client id, or CLIENT_ID_REQUIRED when the metadata has none. */
export function requireClientId(ctx: RequestContext): string {
  if (ctx.clientId.trim() === '') throw new ProxyError('CLIENT_ID_REQUIRED', 'client id cannot be empty');
  return ctx.clientId;
}
