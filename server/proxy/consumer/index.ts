/**
 * The consumer RPCs: ReceiveMessage (server stream: status, the messages, then the delivery timestamp, and always
 * the end of the stream — the Node client collects the whole stream before it returns), AckMessage,
 * ChangeInvisibleDuration and ForwardMessageToDeadLetterQueue, over consumer-service.ts.
 */
import type * as grpc from '@grpc/grpc-js';
import { statusOf } from '../grpc/codes';
import { timestampOf } from '../grpc/message-view';
import { requestContext } from '../grpc/request-context';
import { unary } from '../grpc/rpc';
import type { ProxyDeps } from '../proxy-deps';
import type { AckRequest, ChangeInvisibleRequest, ForwardToDlqRequest, ReceiveRequest } from './consumer-service';

export const CONSUMER_RPC_NAMES = ['ReceiveMessage', 'AckMessage', 'ChangeInvisibleDuration', 'ForwardMessageToDeadLetterQueue'] as const;

export type ConsumerRpcName = (typeof CONSUMER_RPC_NAMES)[number];

export type ConsumerRpcTable = Partial<Record<ConsumerRpcName, grpc.UntypedHandleCall>>;

function remainingMs(call: grpc.ServerWritableStream<unknown, unknown>): number {
  const d = call.getDeadline();
  const at = d instanceof Date ? d.getTime() : Number(d);
  return Number.isFinite(at) ? at - Date.now() : Infinity;
}

export function consumerRpcs(deps: ProxyDeps): ConsumerRpcTable {
  const svc = deps.consumers;
  const u = <Req, Res extends object>(name: string, fn: Parameters<typeof unary<Req, Res>>[3]) => unary<Req, Res>(name, deps.auth, deps.log, fn);
  const receive = (call: grpc.ServerWritableStream<ReceiveRequest, object>) => {
    const ctx = requestContext(call);
    const finish = (frames: object[]) => {
      if (call.cancelled || call.destroyed) return;
      for (const f of frames) call.write(f);
      call.end();
    };
    Promise.resolve()
      .then(() => {
        deps.auth.check(ctx);
        return svc.receive(ctx, call.request, remainingMs(call as grpc.ServerWritableStream<unknown, unknown>));
      })
      .then(
        (r) => finish([{ status: r.status }, ...r.messages.map((message) => ({ message })), { deliveryTimestamp: timestampOf(Date.now()) }]),
        (err) => {
          const st = statusOf(err);
          if (st.code === 'INTERNAL_SERVER_ERROR') deps.log.warn({ rpc: 'ReceiveMessage', clientId: ctx.clientId, err: st.message }, 'rpc failed');
          finish([{ status: st }, { deliveryTimestamp: timestampOf(Date.now()) }]);
        },
      );
  };
  return {
    ReceiveMessage: receive as grpc.UntypedHandleCall,
    AckMessage: u('AckMessage', (ctx, req: AckRequest) => svc.ack(ctx, req)) as grpc.UntypedHandleCall,
    ChangeInvisibleDuration: u('ChangeInvisibleDuration', (ctx, req: ChangeInvisibleRequest) => svc.changeInvisibleDuration(ctx, req)) as grpc.UntypedHandleCall,
    ForwardMessageToDeadLetterQueue: u('ForwardMessageToDeadLetterQueue', (ctx, req: ForwardToDlqRequest) => svc.forwardToDeadLetterQueue(ctx, req)) as grpc.UntypedHandleCall,
  };
}
