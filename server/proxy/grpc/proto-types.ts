/**
 * The shapes of the `apache.rocketmq.v2` messages the proxy reads and writes, as @grpc/proto-loader gives them
 * (see messaging-service.ts): only the fields Orbit uses. Absent fields are undefined (no defaults filled in).
 */
export interface Resource {
  resourceNamespace?: string;
  name?: string;
}
export interface Address {
  host?: string;
  port?: number;
}
export type AddressScheme = 'ADDRESS_SCHEME_UNSPECIFIED' | 'IPv4' | 'IPv6' | 'DOMAIN_NAME';
export interface Endpoints {
  scheme?: AddressScheme;
  addresses?: Address[];
}
export type Permission = 'NONE' | 'READ' | 'WRITE' | 'READ_WRITE';
export type MessageType = 'MESSAGE_TYPE_UNSPECIFIED' | 'NORMAL' | 'FIFO' | 'DELAY' | 'TRANSACTION' | 'LITE' | 'PRIORITY';
export interface Broker {
  name: string;
  id: number;
  endpoints: Endpoints;
}
export interface MessageQueue {
  topic?: Resource;
  id?: number;
  permission?: Permission;
  broker?: Broker;
  acceptMessageTypes?: MessageType[];
}
export interface Timestamp {
  seconds?: number;
  nanos?: number;
}
export interface Duration {
  seconds?: number;
  nanos?: number;
}
export interface SystemProperties {
  tag?: string;
  keys?: string[];
  messageId?: string;
  bodyDigest?: { type: 'CRC32' | 'MD5' | 'SHA1'; checksum: string };
  bodyEncoding?: 'ENCODING_UNSPECIFIED' | 'IDENTITY' | 'GZIP';
  messageType?: MessageType;
  bornTimestamp?: Timestamp;
  bornHost?: string;
  storeTimestamp?: Timestamp;
  storeHost?: string;
  deliveryTimestamp?: Timestamp;
  receiptHandle?: string;
  queueId?: number;
  queueOffset?: number;
  invisibleDuration?: Duration;
  deliveryAttempt?: number;
  messageGroup?: string;
  traceContext?: string;
  orphanedTransactionRecoveryDuration?: Duration;
  deadLetterQueue?: { topic: string; messageId: string };
}
export interface Message {
  topic?: Resource;
  userProperties?: Record<string, string>;
  systemProperties?: SystemProperties;
  body?: Buffer;
}
export type ClientType = 'CLIENT_TYPE_UNSPECIFIED' | 'PRODUCER' | 'PUSH_CONSUMER' | 'SIMPLE_CONSUMER' | 'PULL_CONSUMER' | 'LITE_PUSH_CONSUMER' | 'LITE_SIMPLE_CONSUMER';
export interface RetryPolicy {
  maxAttempts?: number;
  exponentialBackoff?: { initial?: Duration; max?: Duration; multiplier?: number };
  customizedBackoff?: { next?: Duration[] };
  strategy?: 'exponentialBackoff' | 'customizedBackoff';
}
export interface FilterExpression {
  type?: 'FILTER_TYPE_UNSPECIFIED' | 'TAG' | 'SQL';
  expression?: string;
}
export interface Publishing {
  topics?: Resource[];
  maxBodySize?: number;
  validateMessageType?: boolean;
}
export interface Subscription {
  group?: Resource;
  subscriptions?: { topic?: Resource; expression?: FilterExpression }[];
  fifo?: boolean;
  receiveBatchSize?: number;
  longPollingTimeout?: Duration;
}
export interface Settings {
  clientType?: ClientType;
  accessPoint?: Endpoints;
  backoffPolicy?: RetryPolicy;
  requestTimeout?: Duration;
  publishing?: Publishing;
  subscription?: Subscription;
  pubSub?: 'publishing' | 'subscription';
  userAgent?: { language?: string; version?: string; platform?: string; hostname?: string };
  metric?: { on?: boolean; endpoints?: Endpoints };
}
export interface TelemetryCommand {
  status?: { code: string; message: string };
  settings?: Settings;
  threadStackTrace?: { nonce?: string; threadStackTrace?: string };
  verifyMessageResult?: { nonce?: string };
  recoverOrphanedTransactionCommand?: { message: Message; transactionId: string };
  command?: string;
}
