/**
 * Adapters from the proxy's handler style to grpc-js: a unary handler returns its response or throws; a throw
 * becomes the response's Status (gRPC status OK, as the 5.x proxy answers) and never reaches the transport.
 */
import * as grpc from '@grpc/grpc-js';
import type { LogSink } from '../../common/log-sink';
import type { Authenticator } from './authenticator';
import { statusOf } from './codes';
import { requestContext, type RequestContext } from './request-context';

export type UnaryHandler<Req, Res> = (ctx: RequestContext, req: Req) => Promise<Res>;

export function unary<Req, Res extends object>(name: string, auth: Authenticator, log: LogSink, fn: UnaryHandler<Req, Res>): grpc.handleUnaryCall<Req, Res | object> {
  return (call, callback) => {
    const ctx = requestContext(call);
    Promise.resolve()
      .then(() => {
        auth.check(ctx);
        return fn(ctx, call.request);
      })
      .then(
        (res) => callback(null, res),
        (err) => {
          const st = statusOf(err);
          if (st.code === 'INTERNAL_SERVER_ERROR') log.warn({ rpc: name, clientId: ctx.clientId, err: st.message }, 'rpc failed');
          callback(null, { status: st });
        },
      );
  };
}

/** gRPC UNIMPLEMENTED for an RPC Orbit does not serve (grpc-java's default, as the 5.x proxy answers). */
export function unimplemented(name: string, kind: 'unary' | 'stream'): grpc.UntypedHandleCall {
  const err = { code: grpc.status.UNIMPLEMENTED, details: `Method ${name} is unimplemented` } as grpc.ServiceError;
  if (kind === 'unary') return ((_call: unknown, callback: grpc.sendUnaryData<unknown>) => callback(err)) as grpc.UntypedHandleCall;
  return ((call: grpc.ServerWritableStream<unknown, unknown>) => call.emit('error', err)) as grpc.UntypedHandleCall;
}
