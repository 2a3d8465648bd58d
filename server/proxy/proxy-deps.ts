/** What every RPC handler of the proxy may use: one object, built by ProxyServer, handed to each handler table. */
import type { LogSink } from '../common/log-sink';
import type { ClientManager } from './client/client-manager';
import type { BrokerAccess } from './cluster/broker-access';
import type { Authenticator } from './grpc/authenticator';
import type { SendService } from './producer/send-service';
import type { TransactionService } from './producer/transaction-service';
import type { ProxyConfig } from './proxy-config';

export interface ProxyDeps {
  readonly config: ProxyConfig;
  readonly log: LogSink;
  /** Remoting access to name servers and brokers (routes, broker addresses by name, topic and group config). */
  readonly access: BrokerAccess;
  /** Per-client settings and Telemetry streams, by `x-mq-client-id`. */
  readonly clients: ClientManager;
  readonly sends: SendService;
  readonly transactions: TransactionService;
  readonly auth: Authenticator;
  /** The proxy's own address (the fallback for the endpoints QueryRoute advertises). */
  selfHost(): string;
  selfPort(): number;
}
