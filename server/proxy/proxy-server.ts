/**
 * The RocketMQ 5.x gRPC endpoint ("cluster mode" proxy): stateless in front of Orbit (or Apache) brokers, which it
 * reaches over remoting only. One port takes TLS and plaintext (grpc/listener.ts); handlers are in service-table.ts.
 */
import * as grpc from '@grpc/grpc-js';
import { logger } from '../common/logger';
import type { LogSink } from '../common/log-sink';
import { ClientManager } from './client/client-manager';
import { ConsumerService } from './consumer/consumer-service';
import { installDeadlineFix } from './grpc/deadline-fix';
import { BrokerAccess } from './cluster/broker-access';
import { Authenticator } from './grpc/authenticator';
import { listenSniffing, selfSignedCredentials, type SniffingListener } from './grpc/listener';
import { messagingServiceDefinition } from './grpc/messaging-service';
import { SendService } from './producer/send-service';
import { TransactionService } from './producer/transaction-service';
import type { ProxyConfig } from './proxy-config';
import type { ProxyDeps } from './proxy-deps';
import { serviceImplementation } from './service-table';

/** 5.x proxy limits: 130 MiB inbound messages (a 4 MiB body batch and more), idle connections closed after 120 s. */
const SERVER_OPTIONS: grpc.ServerOptions = {
  'grpc.max_receive_message_length': 130 * 1024 * 1024,
  'grpc.max_send_message_length': 130 * 1024 * 1024,
  'grpc.max_connection_idle_ms': 120_000,
};

export class ProxyServer {
  private listener: SniffingListener | undefined;

  private constructor(
    readonly config: ProxyConfig,
    private readonly grpcServer: grpc.Server,
    private readonly deps: ProxyDeps,
    private readonly access: BrokerAccess,
  ) {}

  static async start(config: ProxyConfig, log: LogSink = logger.child({ module: 'proxy' })): Promise<ProxyServer> {
    if (!installDeadlineFix()) log.warn({}, 'grpc-js internals changed: long client deadlines (the Java client\'s Telemetry) may end calls at once');
    const access = new BrokerAccess(config, log);
    const clients = new ClientManager();
    const transactions = new TransactionService(access, clients, config.transactionDataExpireMs, log);
    const sends = new SendService(access, config, transactions);
    const consumers = new ConsumerService(access, clients, log);
    let port = config.grpcServerPort;
    const deps: ProxyDeps = {
      config,
      log,
      access,
      clients,
      sends,
      consumers,
      transactions,
      auth: new Authenticator(config.accounts),
      selfHost: () => config.host,
      selfPort: () => port,
    };
    const server = new grpc.Server(SERVER_OPTIONS);
    server.addService(messagingServiceDefinition(), serviceImplementation(deps));
    const proxy = new ProxyServer(config, server, deps, access);
    await access.start();
    consumers.start();
    try {
      proxy.listener = await listenSniffing(server, config.host, config.grpcServerPort, await selfSignedCredentials(config.host), log);
      port = proxy.listener.port;
    } catch (err) {
      consumers.stop();
      await access.shutdown();
      server.forceShutdown();
      throw err;
    }
    return proxy;
  }

  get port(): number {
    return this.listener?.port ?? 0;
  }

  get address(): string {
    return `${this.config.host}:${this.port}`;
  }

  async stop(): Promise<void> {
    this.deps.consumers.stop();
    this.deps.clients.clear();
    this.grpcServer.forceShutdown();
    await this.listener?.close();
    await this.access.shutdown();
  }
}
