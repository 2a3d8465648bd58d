import { describe, expect, it } from 'vitest';
import { NAME_VALUE_SEPARATOR as NV, PROPERTY_SEPARATOR as SEP } from '../common/message/message-const';
import type { MessageExtBrokerInner, MessageStore, PutMessageResult } from '../store/message-store';
import { PutMessageStatus } from '../store/message-store';
import { buildInnerFromString, INDEXED_PROPERTIES } from './message-inner';
import { deliverTimeOf, MessagePipeline } from './message-pipeline';
import { RMQ_SYS_SCHEDULE_TOPIC } from './topic/topic-validator';

function pipeline(): { p: MessagePipeline; stored: MessageExtBrokerInner[] } {
  const stored: MessageExtBrokerInner[] = [];
  const store = {
    putMessage: async (m: MessageExtBrokerInner): Promise<PutMessageResult> => {
      stored.push(m);
      return { status: PutMessageStatus.PUT_OK };
    },
  } as unknown as MessageStore;
  return { p: new MessagePipeline(store, [1000, 5000, 10000]), stored };
}

function inner(props: string): MessageExtBrokerInner {
  const host = { ip: Buffer.from([127, 0, 0, 1]), port: 1 };
  const fields = { topic: 'T', queueId: 2, sysFlag: 0, bornTimestamp: 1, bornHost: host, storeHost: host, reconsumeTimes: 0 };
  return buildInnerFromString(fields, 0, Buffer.from('b'), props, INDEXED_PROPERTIES.map(() => undefined));
}

describe('MessagePipeline delay parking', () => {
  it('stores a message without a delay as it is', async () => {
    const { p, stored } = pipeline();
    const props = `TAGS${NV}a${SEP}KEYS${NV}k`;
    await p.put(inner(props));
    expect(stored[0]).toMatchObject({ topic: 'T', queueId: 2, propertiesString: props });
  });

  it('parks a delayed message in the schedule topic', async () => {
    const { p, stored } = pipeline();
    await p.put(inner(`TAGS${NV}a${SEP}DELAY${NV}2`));
    expect(stored[0]).toMatchObject({ topic: RMQ_SYS_SCHEDULE_TOPIC, queueId: 1 });
    expect(stored[0].propertiesString).toContain(`REAL_TOPIC${NV}T`);
  });

  it('is not fooled by a value that merely contains the delay name', async () => {
    const { p, stored } = pipeline();
    const props = `v${NV}xDELAY${NV}3${SEP}TAGS${NV}a`;
    await p.put(inner(props));
    expect(stored[0]).toMatchObject({ topic: 'T', propertiesString: props });
  });
});

describe('deliverTimeOf', () => {
  it('reads Orbit/Aliyun and 5.x timer properties', () => {
    expect(deliverTimeOf({}, 1000)).toBe(0);
    expect(deliverTimeOf({ __STARTDELIVERTIME: '5000' }, 1000)).toBe(5000);
    expect(deliverTimeOf({ TIMER_DELIVER_MS: '6000' }, 1000)).toBe(6000);
    expect(deliverTimeOf({ TIMER_DELAY_SEC: '3' }, 1000)).toBe(4000);
  });
});
