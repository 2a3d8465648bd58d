/**
 * Handing a failed message back for redelivery (Java's DefaultMQPushConsumerImpl.sendMessageBack):
 * CONSUMER_SEND_MSG_BACK to the broker that stored it, which delays it through `%RETRY%<group>` (or moves it
 * to `%DLQ%<group>` past the maximum); when that request fails, a new message straight to the retry topic.
 */
import { MessageConst } from '../../common/message/message-const';
import type { ClientConfig } from '../impl/client-config';
import type { MQClientInstance } from '../impl/client-instance';
import { retryTopic, type MessageExt } from '../impl/message';
import { Producer } from '../producer/producer';

export class MessageSendBack {
  /** Java's CLIENT_INNER_PRODUCER, started on the first fallback send. */
  private innerProducer: Producer | undefined;

  constructor(
    private readonly instance: MQClientInstance,
    private readonly group: string,
    private readonly options: Pick<ClientConfig, 'namesrvAddr' | 'mqClientApiTimeoutMs'>,
  ) {}

  /** CONSUMER_SEND_MSG_BACK, falling back to a direct send to the retry topic. True when the message is handed over. */
  async sendMessageBack(msg: MessageExt, delayLevel: number, maxReconsumeTimes: number): Promise<boolean> {
    const inst = this.instance;
    try {
      const addr = inst.findBrokerAddressInPublish(msg.brokerName) ?? msg.storeHost;
      await inst.api.consumerSendMessageBack(
        addr,
        {
          offset: msg.commitLogOffset,
          group: this.group,
          delayLevel,
          originMsgId: msg.msgId,
          originTopic: msg.topic,
          maxReconsumeTimes,
        },
        5000,
      );
      return true;
    } catch (err) {
      inst.log.warn({ msgId: msg.msgId, err: (err as Error).message }, 'send message back failed, sending to the retry topic directly');
      return this.sendToRetryTopic(msg, msg.reconsumeTimes + 1, maxReconsumeTimes);
    }
  }

  /** Java's fallback: a new message on %RETRY%group carrying RECONSUME_TIME/MAX_RECONSUME_TIMES; the broker routes it (DLQ when j ≥ l). */
  async sendToRetryTopic(msg: MessageExt, reconsumeTimes: number, maxReconsumeTimes: number): Promise<boolean> {
    try {
      if (!this.innerProducer) {
        this.innerProducer = new Producer({
          namesrvAddr: this.options.namesrvAddr,
          producerGroup: 'CLIENT_INNER_PRODUCER',
          mqClientApiTimeoutMs: this.options.mqClientApiTimeoutMs,
        });
        await this.innerProducer.start();
      }
      const props = { ...msg.properties };
      delete props[MessageConst.TRANSACTION_PREPARED];
      delete props[MessageConst.DELAY_TIME_LEVEL];
      props[MessageConst.ORIGIN_MESSAGE_ID] = props[MessageConst.ORIGIN_MESSAGE_ID] ?? msg.msgId;
      props[MessageConst.RETRY_TOPIC] = props[MessageConst.RETRY_TOPIC] ?? msg.topic;
      props[MessageConst.RECONSUME_TIME] = String(reconsumeTimes);
      props[MessageConst.MAX_RECONSUME_TIMES] = String(maxReconsumeTimes);
      await this.innerProducer.send({
        topic: retryTopic(this.group),
        body: msg.body,
        flag: msg.flag,
        properties: props,
        delayTimeLevel: 3 + msg.reconsumeTimes,
      });
      return true;
    } catch (err) {
      this.instance.log.warn({ msgId: msg.msgId, err: (err as Error).message }, 'send to the retry topic failed');
      return false;
    }
  }

  async shutdown(): Promise<void> {
    await this.innerProducer?.shutdown().catch(() => {});
  }
}
