// The slice of ali-ons 3.12 (CommonJS, untyped) that the interop scenarios use.
declare module 'ali-ons' {
  export interface OnsLogger {
    info(...args: unknown[]): void;
    warn(...args: unknown[]): void;
    error(...args: unknown[]): void;
    debug(...args: unknown[]): void;
  }
  export interface ClientOptions {
    httpclient: unknown;
    nameSrv?: string | string[];
    instanceName?: string;
    clientIP?: string;
    logger?: OnsLogger;
    [key: string]: unknown;
  }
  export interface MessageQueue {
    topic: string;
    brokerName: string;
    /** A string in a send result (ali-ons copies the response header field as is). */
    queueId: number | string;
  }
  export interface SendResult {
    sendStatus: string;
    msgId: string;
    messageQueue: MessageQueue;
    queueOffset: number;
  }
  export class Message {
    constructor(topic: string, tags: string | null, body: string | Buffer);
    constructor(topic: string, body: string | Buffer);
    topic: string;
    tags: string | null;
    keys: any;
    body: Buffer;
    properties: Record<string, string>;
    shardingKey: string;
    msgId: string;
    queueId: number;
    queueOffset: number;
    commitLogOffset: number;
    sysFlag: number;
    reconsumeTimes: number;
    /** Property DELAY (4.x delay level). */
    delayTimeLevel: number;
    /** Property ORIGIN_MESSAGE_ID. */
    originMessageId: string;
    /** Property RETRY_TOPIC. */
    retryTopic: string;
    storeHost: string;
    bornTimestamp: number;
    storeTimestamp: number;
  }
  export class Producer {
    constructor(options: ClientOptions & { producerGroup: string });
    static defaultProducer: Producer | null;
    ready(): Promise<void>;
    send(msg: Message): Promise<SendResult>;
    close(): Promise<void>;
    on(event: 'error', listener: (err: Error) => void): this;
  }
  export class Consumer {
    constructor(options: ClientOptions & { consumerGroup: string; isBroadcast?: boolean; consumeFromWhere?: string });
    static ACTION_RETRY: string;
    ready(): Promise<void>;
    subscribe(topic: string, subExpression: string, handler: (msg: Message) => Promise<unknown>): void;
    close(): Promise<void>;
    on(event: 'error', listener: (err: Error) => void): this;
  }
  const ons: { Message: typeof Message; Producer: typeof Producer; Consumer: typeof Consumer };
  export default ons;
}
