/**
 * The producer (Java's DefaultMQProducer/DefaultMQProducerImpl): sync, async and oneway sends, retries on
 * another broker, latency fault tolerance, queue selectors, batches, compression and UNIQ_KEY ids.
 */
import zlib from 'node:zlib';
import { raceAbort, throwIfAborted } from '../../common/abort';
import { BrokerError, ClientError, MqError, RemotingError } from '../../common/errors';
import { encodeBatch, type BatchEntry } from '../../common/message/batch-codec';
import { MessageConst, MessageSysFlag } from '../../common/message/message-const';
import type { MessageExt as StoredMessage } from '../../common/message/message-decoder';
import { encodeProperties } from '../../common/message/properties';
import { ResponseCode } from '../../remoting/response-code';
import type { SendMessageRequest } from '../../remoting/header/send-message';
import type { ClientConfig } from '../impl/client-config';
import { MQClientInstance, type CheckTransactionStateHeader, type ProducerInner } from '../impl/client-instance';
import { DEFAULT_TOPIC, RETRY_GROUP_TOPIC_PREFIX, messageBody, type Message, type MessageQueue } from '../impl/message';
import type { RawSendResult } from '../impl/mq-client-api';
import { LatencyFaultTolerance, selectOneMessageQueue, type TopicPublishInfo } from '../impl/topic-publish-info';
import { createUniqId } from '../impl/uniq-id';
import { splitBatch, validateBatch, DEFAULT_MAX_BATCH_BYTES } from './batch';
import type { MessageQueueSelector } from './selectors';
import type { AsyncTraceDispatcher, TraceDispatcherStats } from '../trace/async-trace-dispatcher';
import { createTraceDispatcher, pubContext, type TraceOptions } from '../trace/trace-hooks';

/** Producer options; RocketMQ's names and defaults. */
export interface ProducerOptions extends ClientConfig, TraceOptions {
  /** Producer group (required by the broker; transactions are checked per group). */
  producerGroup: string;
  /** Time budget of one send, retries included (3 s). */
  sendMsgTimeoutMs?: number;
  /** Extra attempts of a sync send, each on another broker when there is one (2). */
  retryTimesWhenSendFailed?: number;
  /** Extra attempts of an async send (2). */
  retryTimesWhenSendAsyncFailed?: number;
  /** Bodies of at least this many bytes are zlib-compressed (4096). */
  compressMsgBodyOverHowmuch?: number;
  /** zlib level (5). */
  compressLevel?: number;
  /** Largest body accepted (4 MiB); batches are split to stay under it. */
  maxMessageSize?: number;
  /** Queues of a topic the broker auto-creates on first send (4). */
  defaultTopicQueueNums?: number;
  /** Template topic for auto-creation (`TBW102`). */
  createTopicKey?: string;
  /** Keep away from brokers that failed or answered slowly, for a while (default true). */
  sendLatencyFaultEnable?: boolean;
  /** Retry on another broker when the broker stored the message but not durably (default false). */
  retryAnotherBrokerWhenNotStoreOK?: boolean;
}

/** How far the broker got with a message. */
export type SendStatus = 'SEND_OK' | 'FLUSH_DISK_TIMEOUT' | 'FLUSH_SLAVE_TIMEOUT' | 'SLAVE_NOT_AVAILABLE';

/** What a send returns. */
export interface SendResult {
  sendStatus: SendStatus;
  /** The client id (UNIQ_KEY); comma-joined for a batch. */
  msgId: string;
  /** The broker's offset message id (store host + commit-log offset); comma-joined for a batch. */
  offsetMsgId: string;
  messageQueue: MessageQueue;
  /** ConsumeQueue offset of the (first) message. */
  queueOffset: number;
  transactionId?: string;
  regionId?: string;
}

/** Per-call options of a send. */
export interface SendOptions {
  /** Overrides `sendMsgTimeoutMs`. */
  timeoutMs?: number;
  /** Send to exactly this queue (no retry on another broker). */
  queue?: MessageQueue;
  /** Choose the queue with a selector (no retry on another broker, as Java). */
  selector?: MessageQueueSelector;
  /** The selector's argument, e.g. an order id. */
  arg?: unknown;
  /**
   * Gives up the send: it rejects with `AbortError` (code `ABORT_ERR`) at once and is not retried. Aborted before
   * the request is written (route lookup, before a retry), nothing is sent. Aborted while waiting for the broker,
   * the message may still be stored, exactly as after a timeout: only the answer is dropped. A batch aborted
   * between its requests keeps the ones already sent.
   */
  signal?: AbortSignal;
}

/** Callback form of an async send. */
export interface SendCallback {
  onSuccess(result: SendResult): void;
  onException(err: Error): void;
}

type Mode = 'SYNC' | 'ASYNC' | 'ONEWAY';

const TOPIC_PATTERN = /^[%|a-zA-Z0-9_-]+$/;

/** A message turned into what goes on the wire. */
interface Prepared {
  topic: string;
  body: Buffer;
  flag: number;
  sysFlag: number;
  properties: Record<string, string>;
  uniqKey: string;
  batch: boolean;
  /** UNIQ_KEYs of a batch's messages. */
  batchIds?: string[];
}

function sendStatusOf(code: number): SendStatus {
  switch (code) {
    case ResponseCode.FLUSH_DISK_TIMEOUT:
      return 'FLUSH_DISK_TIMEOUT';
    case ResponseCode.FLUSH_SLAVE_TIMEOUT:
      return 'FLUSH_SLAVE_TIMEOUT';
    case ResponseCode.SLAVE_NOT_AVAILABLE:
      return 'SLAVE_NOT_AVAILABLE';
    default:
      return 'SEND_OK';
  }
}

function isRetriable(err: unknown): boolean {
  if (err instanceof RemotingError) return true;
  if (err instanceof MqError) return err.retriable;
  return false;
}

/** Properties a message carries on the wire (user properties, then the system ones the SDK sets). */
export function messageProperties(msg: Message): Record<string, string> {
  const props: Record<string, string> = { ...(msg.properties ?? {}) };
  if (msg.tags) props[MessageConst.TAGS] = msg.tags;
  const keys = Array.isArray(msg.keys) ? msg.keys.join(' ') : msg.keys;
  if (keys) props[MessageConst.KEYS] = keys;
  if (msg.delayTimeLevel && msg.delayTimeLevel > 0) props[MessageConst.DELAY_TIME_LEVEL] = String(msg.delayTimeLevel);
  if (msg.deliverTimeMs !== undefined) props[MessageConst.START_DELIVER_TIME] = String(Math.floor(msg.deliverTimeMs));
  props[MessageConst.WAIT_STORE_MSG_OK] = msg.waitStoreMsgOK === false ? 'false' : 'true';
  return props;
}

/**
 * Sends messages to a topic's queues.
 *
 * ```ts
 * const producer = new Producer({ namesrvAddr: '127.0.0.1:9876', producerGroup: 'pg' });
 * await producer.start();
 * const r = await producer.send({ topic: 'T', body: 'hello', tags: 'A', keys: 'order-1' });
 * await producer.close();
 * ```
 */
export class Producer implements ProducerInner {
  readonly group: string;
  protected readonly opts: Required<Omit<ProducerOptions, keyof ClientConfig | keyof TraceOptions | 'producerGroup'>>;
  /** Set with `enableMsgTrace`: where Pub (and EndTransaction) records go. */
  protected readonly trace: AsyncTraceDispatcher | undefined;
  protected instance: MQClientInstance | undefined;
  private readonly publishInfo = new Map<string, TopicPublishInfo>();
  private readonly faults = new LatencyFaultTolerance();
  private started = false;

  constructor(readonly options: ProducerOptions) {
    if (!options.producerGroup) throw new ClientError('BAD_CONFIG', 'producerGroup is required');
    this.group = options.producerGroup;
    this.opts = {
      sendMsgTimeoutMs: options.sendMsgTimeoutMs ?? 3000,
      retryTimesWhenSendFailed: options.retryTimesWhenSendFailed ?? 2,
      retryTimesWhenSendAsyncFailed: options.retryTimesWhenSendAsyncFailed ?? 2,
      compressMsgBodyOverHowmuch: options.compressMsgBodyOverHowmuch ?? 4096,
      compressLevel: options.compressLevel ?? 5,
      maxMessageSize: options.maxMessageSize ?? DEFAULT_MAX_BATCH_BYTES,
      defaultTopicQueueNums: options.defaultTopicQueueNums ?? 4,
      createTopicKey: options.createTopicKey ?? DEFAULT_TOPIC,
      sendLatencyFaultEnable: options.sendLatencyFaultEnable ?? true,
      retryAnotherBrokerWhenNotStoreOK: options.retryAnotherBrokerWhenNotStoreOK ?? false,
    };
    this.trace = createTraceDispatcher('PRODUCE', this.group, options, (o) => new Producer(o));
  }

  /** Connects to the name servers and starts heartbeats. */
  async start(): Promise<void> {
    if (this.started) return;
    const inst = MQClientInstance.getOrCreate(this.options);
    inst.registerProducer(this);
    this.instance = inst;
    this.started = true;
    await inst.start();
    await this.trace?.start();
  }

  /** Unregisters from the brokers and closes connections not used by other clients. */
  async shutdown(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.trace?.shutdown();
    await this.instance?.unregisterProducer(this.group);
  }

  /** With `enableMsgTrace`: what the trace dispatcher did (records queued, dropped, trace messages sent, failed). */
  traceStats(): TraceDispatcherStats | undefined {
    return this.trace?.stats();
  }

  /** The same as {@link shutdown}, by the name Node's streams and sockets use; safe to call twice. */
  close(): Promise<void> {
    return this.shutdown();
  }

  /** `await using producer = new Producer(…)` shuts it down when the scope ends. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.shutdown();
  }

  /** Client id of the underlying instance. */
  get clientId(): string {
    return this.client().clientId;
  }

  protected client(): MQClientInstance {
    if (!this.instance || !this.started) throw new ClientError('NOT_STARTED', 'The producer service state not OK, maybe started once or not started');
    return this.instance;
  }

  // ProducerInner (used by the client instance)
  /** Topics this producer has sent to. */
  publishTopics(): string[] {
    return [...this.publishInfo.keys()];
  }

  /** @internal route refresh from the client instance. */
  updateTopicPublishInfo(topic: string, info: TopicPublishInfo): void {
    if (!this.publishInfo.has(topic)) return;
    const old = this.publishInfo.get(topic);
    if (old) info.sendWhichQueue = old.sendWhichQueue;
    this.publishInfo.set(topic, info);
  }

  checkTransactionState?(brokerAddr: string, msg: StoredMessage, header: CheckTransactionStateHeader): void;

  /** The topic's write queues (fetching the route if needed). */
  async fetchPublishMessageQueues(topic: string): Promise<MessageQueue[]> {
    return [...(await this.tryToFindTopicPublishInfo(topic)).messageQueueList];
  }

  // ---- public sends ------------------------------------------------------------------------------------

  /** Sends and waits for the broker's answer (RocketMQ's sync send); retries on another broker on failure. */
  async send(msg: Message, options: SendOptions = {}): Promise<SendResult> {
    return (await this.sendImpl(msg, 'SYNC', options))!;
  }

  /**
   * Sends without blocking the caller's flow; resolves (and calls `callback`, if given) with the result.
   * Retries `retryTimesWhenSendAsyncFailed` times.
   */
  sendAsync(msg: Message, callback?: SendCallback, options: SendOptions = {}): Promise<SendResult> {
    const p = this.sendImpl(msg, 'ASYNC', options).then((r) => r!);
    if (callback) {
      // A callback that throws is the application's bug, logged rather than left an unhandled rejection; the
      // returned promise is observed here too, so a caller using only the callback may drop it.
      p.then(
        (r) => callback.onSuccess(r),
        (err) => callback.onException(err as Error),
      ).catch((err) => this.instance?.log.error({ err }, 'send callback threw'));
      p.catch(() => {});
    }
    return p;
  }

  /** Fire and forget: writes the request and returns; the broker does not answer. */
  async sendOneway(msg: Message, options: SendOptions = {}): Promise<void> {
    await this.sendImpl(msg, 'ONEWAY', options);
  }

  /**
   * Sends messages of one topic as SEND_BATCH_MESSAGE requests, split so each stays under `maxMessageSize`.
   * Resolves one result per request sent.
   */
  async sendBatch(msgs: Message[], options: SendOptions = {}): Promise<SendResult[]> {
    validateBatch(msgs);
    const topic = msgs[0].topic;
    this.checkTopic(topic);
    type Entry = BatchEntry & { id: string };
    const entries: Entry[] = msgs.map((m) => {
      const body = messageBody(m);
      if (body.length === 0) throw new ClientError('MESSAGE_ILLEGAL', 'the message body length is zero');
      const props = messageProperties(m);
      delete props[MessageConst.WAIT_STORE_MSG_OK];
      const id = props[MessageConst.UNIQ_CLIENT_MESSAGE_ID_KEYIDX] ?? createUniqId();
      props[MessageConst.UNIQ_CLIENT_MESSAGE_ID_KEYIDX] = id;
      return { flag: m.flag ?? 0, body, properties: encodeProperties(props), id };
    });
    const results: SendResult[] = [];
    for (const chunk of splitBatch(topic, entries, this.opts.maxMessageSize)) {
      const prepared: Prepared = {
        topic,
        body: encodeBatch(chunk),
        flag: 0,
        sysFlag: 0,
        properties: { [MessageConst.WAIT_STORE_MSG_OK]: msgs[0].waitStoreMsgOK === false ? 'false' : 'true' },
        uniqKey: chunk.map((e) => e.id).join(','),
        batch: true,
        batchIds: chunk.map((e) => e.id),
      };
      results.push((await this.sendPrepared(prepared, 'SYNC', options))!);
    }
    return results;
  }

  // ---- internals ---------------------------------------------------------------------------------------

  protected checkTopic(topic: string): void {
    if (!topic) throw new ClientError('MESSAGE_ILLEGAL', 'The specified topic is blank');
    if (topic.length > 127) throw new ClientError('MESSAGE_ILLEGAL', 'The specified topic is longer than topic max length 127.');
    if (!TOPIC_PATTERN.test(topic)) throw new ClientError('MESSAGE_ILLEGAL', `The specified topic[${topic}] contains illegal characters`);
  }

  /** Validates and encodes a single message (UNIQ_KEY, compression, transaction flag). */
  protected prepare(msg: Message): Prepared {
    this.checkTopic(msg.topic);
    let body = messageBody(msg);
    if (body.length === 0) throw new ClientError('MESSAGE_ILLEGAL', 'the message body length is zero');
    if (body.length > this.opts.maxMessageSize) {
      throw new ClientError('MESSAGE_ILLEGAL', `the message body size over max value, MAX: ${this.opts.maxMessageSize}`);
    }
    const properties = messageProperties(msg);
    const uniqKey = properties[MessageConst.UNIQ_CLIENT_MESSAGE_ID_KEYIDX] ?? createUniqId();
    properties[MessageConst.UNIQ_CLIENT_MESSAGE_ID_KEYIDX] = uniqKey;
    let sysFlag = 0;
    if (body.length >= this.opts.compressMsgBodyOverHowmuch) {
      body = zlib.deflateSync(body, { level: this.opts.compressLevel });
      sysFlag |= MessageSysFlag.COMPRESSED_FLAG;
    }
    if (properties[MessageConst.TRANSACTION_PREPARED] === 'true') sysFlag |= MessageSysFlag.TRANSACTION_PREPARED_TYPE;
    return { topic: msg.topic, body, flag: msg.flag ?? 0, sysFlag, properties, uniqKey, batch: false };
  }

  protected async sendImpl(msg: Message, mode: Mode, options: SendOptions): Promise<SendResult | undefined> {
    return this.sendPrepared(this.prepare(msg), mode, options, msg);
  }

  /** Route of a topic: cached, else from the name server, else the auto-create template's (Java's tryToFindTopicPublishInfo). */
  protected async tryToFindTopicPublishInfo(topic: string): Promise<TopicPublishInfo> {
    let info = this.publishInfo.get(topic);
    if (info && info.messageQueueList.length) return info;
    const inst = this.client();
    this.publishInfo.set(topic, info ?? { orderTopic: false, messageQueueList: [], route: { queueDatas: [], brokerDatas: [], filterServerTable: {} }, sendWhichQueue: 0 });
    await inst.updateTopicRoute(topic).catch(() => false);
    info = this.publishInfo.get(topic);
    if (info && info.messageQueueList.length) return info;
    const def = await inst.defaultTopicPublishInfo(topic, this.opts.createTopicKey, this.opts.defaultTopicQueueNums);
    if (def && def.messageQueueList.length) {
      // Not cached under the topic: once the broker creates it, the next route refresh brings the real route.
      return def;
    }
    this.publishInfo.delete(topic);
    throw new ClientError('NO_ROUTE_INFO', `No route info of this topic: ${topic}`, { retriable: true });
  }

  private selectQueue(info: TopicPublishInfo, lastBrokerName?: string): MessageQueue {
    if (this.opts.sendLatencyFaultEnable) return this.faults.selectOneMessageQueue(info, lastBrokerName);
    return selectOneMessageQueue(info, lastBrokerName);
  }

  private async sendPrepared(p: Prepared, mode: Mode, options: SendOptions, original?: Message): Promise<SendResult | undefined> {
    const { signal } = options;
    throwIfAborted(signal, 'send');
    const timeoutMs = options.timeoutMs ?? this.opts.sendMsgTimeoutMs;
    const begin = Date.now();
    const info = await raceAbort(this.tryToFindTopicPublishInfo(p.topic), signal, 'send');
    let fixedQueue = options.queue;
    if (!fixedQueue && options.selector) {
      const mqs = info.messageQueueList;
      fixedQueue = options.selector([...mqs], original ?? { topic: p.topic, body: p.body }, options.arg);
      if (!fixedQueue) throw new ClientError('SELECTOR_NO_QUEUE', 'the selector returned no message queue');
    }
    const timesTotal = fixedQueue ? 1 : mode === 'SYNC' ? 1 + this.opts.retryTimesWhenSendFailed : mode === 'ASYNC' ? 1 + this.opts.retryTimesWhenSendAsyncFailed : 1;
    let lastBrokerName: string | undefined;
    let lastErr: unknown;
    for (let attempt = 0; attempt < timesTotal; attempt++) {
      throwIfAborted(signal, 'send');
      const mq = fixedQueue ?? this.selectQueue(info, lastBrokerName);
      lastBrokerName = mq.brokerName;
      const left = timeoutMs - (Date.now() - begin);
      if (left <= 0) {
        lastErr = new ClientError('SEND_TIMEOUT', `sendDefaultImpl call timeout after ${timeoutMs} ms`, { retriable: true, cause: lastErr });
        break;
      }
      const t0 = Date.now();
      try {
        const result = await this.sendKernel(p, mq, mode, left, signal);
        if (this.opts.sendLatencyFaultEnable) this.faults.updateFaultItem(mq.brokerName, Date.now() - t0, false);
        if (result && result.sendStatus !== 'SEND_OK' && this.opts.retryAnotherBrokerWhenNotStoreOK && attempt + 1 < timesTotal) continue;
        return result;
      } catch (err) {
        if (this.opts.sendLatencyFaultEnable) this.faults.updateFaultItem(mq.brokerName, Date.now() - t0, true);
        lastErr = err;
        if (!isRetriable(err)) throw err;
        this.client().log.debug({ topic: p.topic, brokerName: mq.brokerName, attempt, err: (err as Error).message }, 'send failed, retrying');
        if (err instanceof BrokerError && err.responseCode === ResponseCode.TOPIC_NOT_EXIST) await this.client().updateTopicRoute(p.topic).catch(() => false);
      }
    }
    if (lastErr instanceof Error) throw lastErr;
    throw new ClientError('SEND_FAILED', `send to ${p.topic} failed`, { retriable: true });
  }

  private async sendKernel(p: Prepared, mq: MessageQueue, mode: Mode, timeoutMs: number, signal?: AbortSignal): Promise<SendResult | undefined> {
    const inst = this.client();
    const addr = await raceAbort(inst.brokerAddrFor(mq.brokerName, mq.topic), signal, 'send');
    const props = { ...p.properties };
    const header: SendMessageRequest = {
      producerGroup: this.group,
      topic: p.topic,
      defaultTopic: this.opts.createTopicKey,
      defaultTopicQueueNums: this.opts.defaultTopicQueueNums,
      queueId: mq.queueId,
      sysFlag: p.sysFlag,
      bornTimestamp: Date.now(),
      flag: p.flag,
      reconsumeTimes: 0,
      unitMode: false,
      batch: p.batch,
    };
    if (p.topic.startsWith(RETRY_GROUP_TOPIC_PREFIX)) {
      const rt = props[MessageConst.RECONSUME_TIME];
      if (rt !== undefined) {
        header.reconsumeTimes = Number(rt);
        delete props[MessageConst.RECONSUME_TIME];
      }
      const max = props[MessageConst.MAX_RECONSUME_TIMES];
      if (max !== undefined) {
        header.maxReconsumeTimes = Number(max);
        delete props[MessageConst.MAX_RECONSUME_TIMES];
      }
    }
    header.properties = encodeProperties(props);
    if (mode === 'ONEWAY') {
      throwIfAborted(signal, 'send');
      await inst.api.sendMessageOneway(addr, header, p.body, p.batch);
      return undefined;
    }
    const beganAt = Date.now();
    const raw: RawSendResult = await inst.api.sendMessage(addr, header, p.body, p.batch, timeoutMs, signal);
    // Java's SendMessageTraceHookImpl: a Pub for every answered send (sync and async; oneway has no answer), unless
    // it is itself a trace message or the broker's traceOn is false.
    if (this.trace && raw.traceOn !== false && !p.topic.startsWith(this.trace.traceTopic)) {
      const sendOk = sendStatusOf(raw.code) === 'SEND_OK';
      // Java records a batch as one Pub under the comma-joined ids, which no per-message query finds: one each here.
      const ids = p.batchIds ?? [p.uniqKey];
      const offsetIds = raw.offsetMsgId.split(',');
      ids.forEach((msgId, i) => {
        const offsetMsgId = offsetIds[i] ?? '';
        const bodyLength = Math.round(p.body.length / ids.length);
        this.trace!.append(pubContext({ group: this.group, topic: p.topic, properties: p.properties, bodyLength, brokerAddr: addr, beganAt, msgId, offsetMsgId, sendOk, regionId: raw.regionId }));
      });
    }
    return {
      sendStatus: sendStatusOf(raw.code),
      msgId: p.uniqKey,
      offsetMsgId: raw.offsetMsgId,
      messageQueue: { topic: mq.topic, brokerName: mq.brokerName, queueId: raw.queueId },
      queueOffset: raw.queueOffset,
      transactionId: raw.transactionId,
      regionId: raw.regionId,
    };
  }
}
