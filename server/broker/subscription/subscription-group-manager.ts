/** Consumer group settings (`<store>/config/subscriptionGroup.json`), auto-created on first heartbeat by default. */
import path from 'node:path';
import type { Logger } from '../../common/logger';
import { decodeJavaBody, encodeJavaBody } from '../../remoting/fastjson';
import { dataVersionFromJava, type DataVersion } from '../../remoting/body/route-data';
import {
  defaultSubscriptionGroupConfig,
  subscriptionGroupFromJava,
  type SubscriptionGroupConfig,
} from '../../remoting/body/admin-data';
import type { BrokerConfig } from '../broker-config';
import { JsonConfigFile } from '../json-config-file';

const BUILT_IN_GROUPS = [
  'TOOLS_CONSUMER',
  'FILTERSRV_CONSUMER',
  'SELF_TEST_C_GROUP',
  'CID_ONS-HTTP-PROXY',
  'CID_ONSAPI_PULL',
  'CID_ONSAPI_PERMISSION',
  'CID_ONSAPI_OWNER',
];

export class SubscriptionGroupManager {
  private readonly table = new Map<string, SubscriptionGroupConfig>();
  private dataVersion: DataVersion = { timestamp: Date.now(), counter: 0 };
  private readonly file: JsonConfigFile;

  constructor(
    private readonly config: BrokerConfig,
    log: Logger,
  ) {
    this.file = new JsonConfigFile(path.join(config.storePathRootDir, 'config', 'subscriptionGroup.json'), log);
    for (const g of BUILT_IN_GROUPS) this.table.set(g, defaultSubscriptionGroupConfig(g));
  }

  load(): void {
    const text = this.file.read();
    if (!text) return;
    this.putAll(decodeJavaBody(Buffer.from(text)));
  }

  /** A SubscriptionGroupManager body (subscriptionGroup.json, or a master's answer to code 201) into the table. */
  private putAll(o: { dataVersion?: unknown; subscriptionGroupTable?: Record<string, unknown> }): void {
    this.dataVersion = dataVersionFromJava(o.dataVersion);
    for (const [name, c] of Object.entries(o.subscriptionGroupTable ?? {})) {
      this.table.set(name, subscriptionGroupFromJava({ groupName: name, ...(c as object) }));
    }
  }

  persist(): void {
    this.file.write(
      encodeJavaBody({ dataVersion: this.dataVersion, subscriptionGroupTable: Object.fromEntries(this.table) }).toString(),
    );
  }

  /** A slave takes its master's groups whole when the master's data version differs; returns whether it changed. */
  replaceFromMaster(body: Buffer): boolean {
    const o = decodeJavaBody(body);
    const version = dataVersionFromJava(o.dataVersion);
    if (version.timestamp === this.dataVersion.timestamp && version.counter === this.dataVersion.counter) return false;
    this.table.clear();
    this.putAll(o);
    this.persist();
    return true;
  }

  /** The group's config, created with defaults when allowed (or for CID_RMQ_SYS_ groups, always). */
  findSubscriptionGroupConfig(group: string): SubscriptionGroupConfig | undefined {
    let c = this.table.get(group);
    if (!c && (this.config.autoCreateSubscriptionGroup || group.startsWith('CID_RMQ_SYS_'))) {
      c = defaultSubscriptionGroupConfig(group);
      this.table.set(group, c);
      this.bump();
    }
    return c;
  }

  get(group: string): SubscriptionGroupConfig | undefined {
    return this.table.get(group);
  }

  all(): Map<string, SubscriptionGroupConfig> {
    return this.table;
  }

  getDataVersion(): DataVersion {
    return this.dataVersion;
  }

  update(c: SubscriptionGroupConfig): void {
    this.table.set(c.groupName, c);
    this.bump();
  }

  delete(group: string): boolean {
    const had = this.table.delete(group);
    if (had) this.bump();
    return had;
  }

  private bump(): void {
    this.dataVersion = { timestamp: Date.now(), counter: this.dataVersion.counter + 1 };
    this.persist();
  }
}
