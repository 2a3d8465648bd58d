/**
 * RocketMQ 4.9's message-trace format (Java's TraceDataEncoder / TraceContext / TraceBean), both ways.
 *
 * A trace message's body is a run of records, each ended by FIELD_SEPARATOR (char 2); a record's fields are
 * separated by CONTENT_SEPARATOR (char 1). Field order per type, as 4.9.7's encoder writes them:
 *
 * ```
 * Pub            type|timeStamp|regionId|groupName|topic|msgId|tags|keys|storeHost|bodyLength|costTime|msgType|offsetMsgId|success
 * SubBefore      type|timeStamp|regionId|groupName|requestId|msgId|retryTimes|keys
 * SubAfter       type|requestId|msgId|costTime|success|keys|contextCode|timeStamp|groupName
 * EndTransaction type|timeStamp|regionId|groupName|topic|msgId|tags|keys|storeHost|msgType|transactionId|transactionState|fromTransactionCheck
 * ```
 *
 * The decoder also takes the older and newer shapes Java's decoder accepts: Pub with 13 fields (no offsetMsgId)
 * or 15+ (a trailing clientHost), SubAfter with 6 (no contextCode) or 7 (no timeStamp/groupName). A record of a
 * type it does not know is skipped, as Java's is.
 */

export const CONTENT_SEPARATOR = String.fromCharCode(1);
export const FIELD_SEPARATOR = String.fromCharCode(2);
/** Java's TopicValidator.RMQ_SYS_TRACE_TOPIC: where traces go unless `customizedTraceTopic` says otherwise. */
export const DEFAULT_TRACE_TOPIC = 'RMQ_SYS_TRACE_TOPIC';
/** Java's TraceConstants.GROUP_NAME_PREFIX: the trace producer's group is `<prefix>-<group>-<type>-<n>`. */
export const TRACE_GROUP_NAME_PREFIX = '_INNER_TRACE_PRODUCER';

export type TraceType = 'Pub' | 'SubBefore' | 'SubAfter' | 'EndTransaction';

/** Java's MessageType, by ordinal (the wire carries the ordinal). */
export const MESSAGE_TYPES = ['Normal_Msg', 'Trans_Msg_Half', 'Trans_msg_Commit', 'Delay_Msg'] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

/** Java's ConsumeReturnType, by ordinal (SubAfter's contextCode). */
export const CONSUME_RETURN_TYPES = ['SUCCESS', 'TIME_OUT', 'EXCEPTION', 'RETURNNULL', 'FAILED'] as const;
export type ConsumeReturnType = (typeof CONSUME_RETURN_TYPES)[number];

export type TransactionState = 'COMMIT_MESSAGE' | 'ROLLBACK_MESSAGE' | 'UNKNOW';

/** One traced message (Java's TraceBean); unset strings are '' as in Java. */
export interface TraceBean {
  topic: string;
  msgId: string;
  offsetMsgId: string;
  tags: string;
  keys: string;
  storeHost: string;
  /** Only newer Pub records carry it; otherwise the trace message's born host tells it. */
  clientHost: string;
  retryTimes: number;
  bodyLength: number;
  msgType?: MessageType;
  transactionId?: string;
  transactionState?: TransactionState;
  fromTransactionCheck?: boolean;
}

/** One trace record (Java's TraceContext). SubBefore/SubAfter contexts may hold several beans (a consume batch). */
export interface TraceContext {
  traceType: TraceType;
  timeStamp: number;
  regionId: string;
  groupName: string;
  costTime: number;
  success: boolean;
  requestId: string;
  contextCode: number;
  beans: TraceBean[];
}

/** A trace message to send: its body and its keys (each traced msgId and the messages' own keys). */
export interface TraceTransfer {
  data: string;
  keys: string[];
}

export function emptyBean(init: Partial<TraceBean> = {}): TraceBean {
  return { topic: '', msgId: '', offsetMsgId: '', tags: '', keys: '', storeHost: '', clientHost: '', retryTimes: 0, bodyLength: 0, ...init };
}

/** Java writes `null` for an unset String it appends; keep that so readers see what Java's readers see. */
const s = (v: string | undefined | null): string => (v ? v : 'null');

function line(fields: (string | number | boolean)[]): string {
  return fields.map(String).join(CONTENT_SEPARATOR) + FIELD_SEPARATOR;
}

/** One context to its records and keys (Java's encoderFromContextBean). */
export function encodeTraceContext(ctx: TraceContext): TraceTransfer {
  let data = '';
  const b0 = ctx.beans[0];
  switch (ctx.traceType) {
    case 'Pub':
      data = line([
        'Pub', ctx.timeStamp, ctx.regionId, ctx.groupName, b0.topic, b0.msgId, s(b0.tags), s(b0.keys), b0.storeHost, b0.bodyLength,
        ctx.costTime, MESSAGE_TYPES.indexOf(b0.msgType ?? 'Normal_Msg'), s(b0.offsetMsgId), ctx.success,
      ]);
      break;
    case 'SubBefore':
      for (const b of ctx.beans) data += line(['SubBefore', ctx.timeStamp, ctx.regionId, ctx.groupName, ctx.requestId, b.msgId, b.retryTimes, s(b.keys)]);
      break;
    case 'SubAfter':
      for (const b of ctx.beans) {
        data += line(['SubAfter', ctx.requestId, b.msgId, ctx.costTime, ctx.success, s(b.keys), ctx.contextCode, ctx.timeStamp, ctx.groupName]);
      }
      break;
    case 'EndTransaction':
      data = line([
        'EndTransaction', ctx.timeStamp, ctx.regionId, ctx.groupName, b0.topic, b0.msgId, s(b0.tags), s(b0.keys), b0.storeHost,
        MESSAGE_TYPES.indexOf(b0.msgType ?? 'Trans_msg_Commit'), s(b0.transactionId), b0.transactionState ?? 'UNKNOW', b0.fromTransactionCheck ?? false,
      ]);
      break;
  }
  const keys: string[] = [];
  for (const b of ctx.beans) {
    keys.push(b.msgId);
    // Java splits the message's keys on KEY_SEPARATOR (a space), so a trace is found by a business key as well.
    if (b.keys) keys.push(...b.keys.split(' ').filter(Boolean));
  }
  return { data, keys };
}

const int = (v: string | undefined): number => {
  const n = Number.parseInt(v ?? '', 10);
  return Number.isFinite(n) ? n : 0;
};
const bool = (v: string | undefined): boolean => v === 'true';
const str = (v: string | undefined): string => (v === undefined || v === 'null' ? '' : v);

function baseContext(traceType: TraceType): TraceContext {
  return { traceType, timeStamp: 0, regionId: '', groupName: '', costTime: 0, success: true, requestId: '', contextCode: 0, beans: [] };
}

/** A trace message's body to its records, one bean each (Java's decoderFromTraceDataString). */
export function decodeTraceData(data: string): TraceContext[] {
  const out: TraceContext[] = [];
  for (const record of data.split(FIELD_SEPARATOR)) {
    if (!record) continue;
    const f = record.split(CONTENT_SEPARATOR);
    const ctx = baseContext(f[0] as TraceType);
    switch (f[0]) {
      case 'Pub': {
        if (f.length < 13) continue;
        Object.assign(ctx, { timeStamp: int(f[1]), regionId: str(f[2]), groupName: str(f[3]), costTime: int(f[10]) });
        const bean = emptyBean({ topic: str(f[4]), msgId: str(f[5]), tags: str(f[6]), keys: str(f[7]), storeHost: str(f[8]), bodyLength: int(f[9]) });
        bean.msgType = MESSAGE_TYPES[int(f[11])] ?? 'Normal_Msg';
        if (f.length === 13) ctx.success = bool(f[12]);
        else {
          bean.offsetMsgId = str(f[12]);
          ctx.success = bool(f[13]);
          if (f.length >= 15) bean.clientHost = str(f[14]);
        }
        ctx.beans.push(bean);
        break;
      }
      case 'SubBefore':
        if (f.length < 8) continue;
        Object.assign(ctx, { timeStamp: int(f[1]), regionId: str(f[2]), groupName: str(f[3]), requestId: str(f[4]) });
        ctx.beans.push(emptyBean({ msgId: str(f[5]), retryTimes: int(f[6]), keys: str(f[7]) }));
        break;
      case 'SubAfter':
        if (f.length < 6) continue;
        Object.assign(ctx, { requestId: str(f[1]), costTime: int(f[3]), success: bool(f[4]) });
        ctx.beans.push(emptyBean({ msgId: str(f[2]), keys: str(f[5]) }));
        if (f.length >= 7) ctx.contextCode = int(f[6]);
        if (f.length >= 9) Object.assign(ctx, { timeStamp: int(f[7]), groupName: str(f[8]) });
        break;
      case 'EndTransaction': {
        if (f.length < 13) continue;
        Object.assign(ctx, { timeStamp: int(f[1]), regionId: str(f[2]), groupName: str(f[3]) });
        const bean = emptyBean({ topic: str(f[4]), msgId: str(f[5]), tags: str(f[6]), keys: str(f[7]), storeHost: str(f[8]) });
        bean.msgType = MESSAGE_TYPES[int(f[9])] ?? 'Trans_msg_Commit';
        bean.transactionId = str(f[10]);
        bean.transactionState = f[11] as TransactionState;
        bean.fromTransactionCheck = bool(f[12]);
        ctx.beans.push(bean);
        break;
      }
      default:
        continue;
    }
    out.push(ctx);
  }
  return out;
}
