/**
 * The broker's topic table, persisted in `<store>/config/topics.json` as RocketMQ's TopicConfigSerializeWrapper.
 * System topics are put in place at start as Apache's TopicConfigManager does; every change bumps the
 * DataVersion so the name servers pick it up on the next registration.
 */
import path from 'node:path';
import type { Logger } from '../../common/logger';
import { decodeJavaBody, encodeJavaBody } from '../../remoting/fastjson';
import { dataVersionFromJava, topicConfigTableFromJava, type DataVersion, type TopicConfig } from '../../remoting/body/route-data';
import type { BrokerConfig } from '../broker-config';
import { JsonConfigFile } from '../json-config-file';
import { PERM_INHERIT, PERM_READ, PERM_WRITE, isInherited } from './perm';
import {
  AUTO_CREATE_TOPIC_KEY_TOPIC,
  RMQ_SYS_BENCHMARK_TOPIC,
  RMQ_SYS_OFFSET_MOVED_EVENT,
  RMQ_SYS_SCHEDULE_TOPIC,
  RMQ_SYS_SELF_TEST_TOPIC,
  addSystemTopic,
} from './topic-validator';

export function newTopicConfig(topicName: string, init: Partial<TopicConfig> = {}): TopicConfig {
  return {
    topicName,
    readQueueNums: 16,
    writeQueueNums: 16,
    perm: PERM_READ | PERM_WRITE,
    topicFilterType: 'SINGLE_TAG',
    topicSysFlag: 0,
    order: false,
    ...init,
  };
}

export class TopicConfigManager {
  private readonly table = new Map<string, TopicConfig>();
  private dataVersion: DataVersion = { timestamp: Date.now(), counter: 0 };
  private readonly file: JsonConfigFile;
  /** Called after a topic is created or changed, so the broker re-registers at once. */
  onChanged: () => void = () => {};

  constructor(
    private readonly config: BrokerConfig,
    private readonly delayLevelCount: number,
    private readonly log: Logger,
  ) {
    this.file = new JsonConfigFile(path.join(config.storePathRootDir, 'config', 'topics.json'), log);
    this.putSystemTopics();
  }

  private putSystemTopics(): void {
    const c = this.config;
    const sys = (name: string, init: Partial<TopicConfig>) => {
      addSystemTopic(name);
      this.table.set(name, newTopicConfig(name, init));
    };
    sys(RMQ_SYS_SELF_TEST_TOPIC, { readQueueNums: 1, writeQueueNums: 1 });
    if (c.autoCreateTopicEnable) {
      sys(AUTO_CREATE_TOPIC_KEY_TOPIC, {
        readQueueNums: c.defaultTopicQueueNums,
        writeQueueNums: c.defaultTopicQueueNums,
        perm: PERM_INHERIT | PERM_READ | PERM_WRITE,
      });
    }
    sys(RMQ_SYS_BENCHMARK_TOPIC, { readQueueNums: 1024, writeQueueNums: 1024 });
    const rw = PERM_READ | PERM_WRITE;
    sys(c.brokerClusterName, { readQueueNums: 16, writeQueueNums: 16, perm: PERM_INHERIT | (c.clusterTopicEnable ? rw : 0) });
    sys(c.brokerName, { readQueueNums: 1, writeQueueNums: 1, perm: PERM_INHERIT | (c.brokerTopicEnable ? rw : 0) });
    sys(RMQ_SYS_OFFSET_MOVED_EVENT, { readQueueNums: 1, writeQueueNums: 1 });
    sys(RMQ_SYS_SCHEDULE_TOPIC, { readQueueNums: this.delayLevelCount, writeQueueNums: this.delayLevelCount });
    if (c.traceTopicEnable) sys(c.msgTraceTopicName, { readQueueNums: 1, writeQueueNums: 1 });
    sys(`${c.brokerClusterName}_REPLY_TOPIC`, { readQueueNums: 1, writeQueueNums: 1 });
  }

  load(): void {
    const text = this.file.read();
    if (!text) return;
    this.putAll(decodeJavaBody(Buffer.from(text)));
  }

  /** A TopicConfigManager body (topics.json, or a master's GET_ALL_TOPIC_CONFIG answer) into the table. */
  private putAll(o: { dataVersion?: unknown; topicConfigTable?: unknown }): void {
    this.dataVersion = dataVersionFromJava(o.dataVersion);
    for (const [name, tc] of Object.entries(topicConfigTableFromJava(o.topicConfigTable))) this.table.set(name, tc);
  }

  persist(): void {
    this.file.write(encodeJavaBody({ dataVersion: this.dataVersion, topicConfigTable: Object.fromEntries(this.table) }).toString());
  }

  private changed(): void {
    this.dataVersion = { timestamp: Date.now(), counter: this.dataVersion.counter + 1 };
    this.persist();
    this.onChanged();
  }

  /**
   * A slave takes its master's table whole when the master's data version differs (Apache's SlaveSynchronize):
   * returns whether it changed.
   */
  replaceFromMaster(body: Buffer): boolean {
    const o = decodeJavaBody(body);
    const version = dataVersionFromJava(o.dataVersion);
    if (version.timestamp === this.dataVersion.timestamp && version.counter === this.dataVersion.counter) return false;
    this.table.clear();
    this.putAll(o);
    this.persist();
    return true;
  }

  get(topic: string): TopicConfig | undefined {
    return this.table.get(topic);
  }

  all(): Map<string, TopicConfig> {
    return this.table;
  }

  getDataVersion(): DataVersion {
    return this.dataVersion;
  }

  update(tc: TopicConfig): void {
    this.table.set(tc.topicName, tc);
    this.changed();
  }

  delete(topic: string): boolean {
    const had = this.table.delete(topic);
    if (had) this.changed();
    return had;
  }

  /**
   * Auto-creation on send, through a template topic (TBW102) that carries PERM_INHERIT.
   * Returns undefined when the template does not allow it.
   */
  createTopicInSendMessageMethod(topic: string, defaultTopic: string, clientQueueNums: number, topicSysFlag: number): TopicConfig | undefined {
    const existing = this.table.get(topic);
    if (existing) return existing;
    const template = this.table.get(defaultTopic);
    if (!template) {
      this.log.warn({ topic, defaultTopic }, 'create topic: template topic does not exist');
      return undefined;
    }
    let templatePerm = template.perm;
    if (defaultTopic === AUTO_CREATE_TOPIC_KEY_TOPIC && !this.config.autoCreateTopicEnable) templatePerm = PERM_READ | PERM_WRITE;
    if (!isInherited(templatePerm)) {
      this.log.warn({ topic, defaultTopic, perm: templatePerm }, 'create topic: template topic has no inherit permission');
      return undefined;
    }
    const queueNums = Math.max(1, Math.min(clientQueueNums, template.writeQueueNums));
    const tc = newTopicConfig(topic, {
      readQueueNums: queueNums,
      writeQueueNums: queueNums,
      perm: templatePerm & ~PERM_INHERIT,
      topicSysFlag,
      topicFilterType: template.topicFilterType,
    });
    this.log.info({ topic, queueNums }, 'topic auto-created');
    this.update(tc);
    return tc;
  }

  /** Retry and DLQ topics are created on demand regardless of auto-creation settings. */
  createTopicIfAbsent(topic: string, queueNums: number, perm: number, topicSysFlag = 0): TopicConfig {
    const existing = this.table.get(topic);
    if (existing) return existing;
    const tc = newTopicConfig(topic, { readQueueNums: queueNums, writeQueueNums: queueNums, perm, topicSysFlag });
    this.log.info({ topic, queueNums, perm }, 'topic created');
    this.update(tc);
    return tc;
  }
}
