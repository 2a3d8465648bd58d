/** Puts a name server together: remoting server, route tables, KV store, expiry scan. */
import { logger as rootLogger, type Logger } from '../common/logger';
import { RemotingServer } from '../remoting/remoting-server';
import { DefaultRequestProcessor, NAMESRV_CODES } from './default-request-processor';
import { FailoverController } from './failover/failover-controller';
import { FAILOVER_CODES, FailoverProcessor } from './failover/failover-processor';
import { KVConfigManager } from './kv-config-manager';
import { RouteInfoManager } from './route-info-manager';
import type { NamesrvConfig } from './namesrv-config';

export class NamesrvController {
  readonly routes: RouteInfoManager;
  readonly kv: KVConfigManager;
  readonly failover: FailoverController;
  private readonly server: RemotingServer;
  private scanTimer: NodeJS.Timeout | undefined;
  private readonly log: Logger;

  constructor(readonly config: NamesrvConfig, log: Logger = rootLogger) {
    this.log = log.child({ module: 'namesrv' });
    this.routes = new RouteInfoManager(this.log);
    this.kv = new KVConfigManager(config.kvConfigPath, this.log);
    this.server = new RemotingServer({ host: config.host, port: config.listenPort }, this.log);
    this.failover = new FailoverController(this.log);
    this.server.processors.register(NAMESRV_CODES, new DefaultRequestProcessor(this.routes, this.kv, config, this.failover));
    this.server.processors.register(FAILOVER_CODES, new FailoverProcessor(this.failover));
    this.server.onChannelClose((ch) => {
      this.routes.onChannelDestroy(ch);
      this.failover.onChannelDestroy(ch);
    });
  }

  get address(): string {
    return `${this.config.host}:${this.server.port}`;
  }

  get port(): number {
    return this.server.port;
  }

  async start(): Promise<void> {
    this.kv.load();
    await this.server.start();
    this.scanTimer = setInterval(
      () => this.routes.scanNotActiveBroker(this.config.brokerChannelExpiredMs),
      this.config.scanNotActiveBrokerIntervalMs,
    );
    this.scanTimer.unref();
    this.log.info({ addr: this.address }, 'name server started');
  }

  async shutdown(): Promise<void> {
    if (this.scanTimer) clearInterval(this.scanTimer);
    await this.server.stop();
  }
}
