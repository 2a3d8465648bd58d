/**
 * The broker's POP parts in one place: the revive topic and its writer, the revive service, orderly state, long
 * polling and the per-queue pop locks. Processors (pop-message-processor.ts, ack-message-processor.ts) share it.
 * Only a master pops: start() with the master role, stop() when it steps down.
 */
import { MessageConst } from '../../common/message/message-const';
import { PutMessageStatus } from '../../store/message-store';
import type { BrokerContext } from '../broker-context';
import { buildInner } from '../message-inner';
import { PERM_READ, PERM_WRITE } from '../topic/perm';
import { addSystemTopic } from '../topic/topic-validator';
import { ConsumerOrderInfoManager } from './consumer-order-info-manager';
import { ACK_TAG, CK_TAG, REVIVE_QUEUE_NUM, reviveTopicOf, type AckMsg, type PopCheckPoint } from './pop-checkpoint';
import { PopLongPollingService } from './pop-long-polling-service';
import { PopReviveService } from './pop-revive-service';

export class PopService {
  readonly reviveTopic: string;
  readonly orderInfo: ConsumerOrderInfoManager;
  readonly polling: PopLongPollingService;
  readonly revive: PopReviveService;
  /** `topic@group@queue` keys being popped right now: a second pop of the same queue skips it. */
  readonly locks = new Set<string>();
  private ckCounter = 0;

  constructor(private readonly ctx: BrokerContext) {
    this.reviveTopic = reviveTopicOf(ctx.config.brokerClusterName);
    addSystemTopic(this.reviveTopic);
    this.polling = new PopLongPollingService(ctx.config.popPollingSize);
    this.orderInfo = new ConsumerOrderInfoManager(ctx.config.storePathRootDir, ctx.log);
    this.revive = new PopReviveService(ctx, this.reviveTopic, ctx.config.reviveInterval);
  }

  load(): void {
    this.orderInfo.load();
  }

  start(): void {
    this.ctx.topics.createTopicIfAbsent(this.reviveTopic, REVIVE_QUEUE_NUM, PERM_READ | PERM_WRITE);
    this.revive.start();
  }

  async stop(): Promise<void> {
    this.polling.releaseAll();
    await this.revive.stop();
  }

  async persist(): Promise<void> {
    await this.orderInfo.persist();
  }

  /**
   * The group's offset as lag and time-lag figures should count it: below the oldest popped message not yet
   * acknowledged (the consumer offset itself is where the next pop reads). Checkpoints count once the revive
   * service read them, at most reviveInterval after the pop.
   */
  ackFrontier(group: string, topic: string, queueId: number, consumerOffset: number): number {
    const open = this.revive.lowestOpen(group, topic, queueId);
    return open === undefined ? consumerOffset : Math.min(open, consumerOffset);
  }

  nextReviveQid(): number {
    this.ckCounter = (this.ckCounter + 1) % REVIVE_QUEUE_NUM;
    return this.ckCounter;
  }

  appendCheckpoint(ck: PopCheckPoint, reviveQid: number): Promise<boolean> {
    return this.append(CK_TAG, JSON.stringify(ck), reviveQid);
  }

  appendAck(ack: AckMsg, reviveQid: number): Promise<boolean> {
    return this.append(ACK_TAG, JSON.stringify(ack), reviveQid);
  }

  /** Arrivals in a topic wake the pops held on it (the broker calls this from the store's arrival listener). */
  notifyMessageArriving(topic: string): void {
    this.polling.notifyMessageArriving(topic);
  }

  private async append(tag: string, json: string, reviveQid: number): Promise<boolean> {
    const c = this.ctx;
    const inner = buildInner({
      topic: this.reviveTopic,
      queueId: reviveQid,
      flag: 0,
      body: Buffer.from(json, 'utf8'),
      properties: { [MessageConst.TAGS]: tag },
      sysFlag: 0,
      bornTimestamp: Date.now(),
      bornHost: c.storeHost,
      storeHost: c.storeHost,
      reconsumeTimes: 0,
    });
    const r = await c.store.putMessage(inner);
    if (r.status !== PutMessageStatus.PUT_OK) {
      c.log.warn({ tag, status: r.status, remark: r.remark }, 'pop revive record not stored');
      return false;
    }
    return true;
  }
}
