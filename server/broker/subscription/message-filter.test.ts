import { describe, expect, it } from 'vitest';
import type { SubscriptionData } from '../../remoting/body/heartbeat';
import { buildSubscriptionData } from './filter-api';
import { messageFilterFor } from './message-filter';

const props = (p: Record<string, string>) => Object.entries(p).map(([k, v]) => `${k}\u0001${v}`).join('\u0002');

describe('messageFilterFor', () => {
  it('tag subscriptions filter on the tag code only; * filters nothing', () => {
    expect(messageFilterFor(buildSubscriptionData('T', '*', 0))).toBeUndefined();
    const f = messageFilterFor(buildSubscriptionData('T', 'A || B', 0))!;
    expect(f.byProperties).toBeUndefined();
    expect(typeof f.byTagsCode).toBe('function');
  });

  it('SQL92 subscriptions filter on the record properties', () => {
    const f = messageFilterFor(buildSubscriptionData('T', "a > 5 AND region = 'eu'", 0, 'SQL92'))!;
    expect(f.byTagsCode).toBeUndefined();
    expect(f.byProperties!(props({ a: '6', region: 'eu' }))).toBe(true);
    expect(f.byProperties!(props({ a: '4', region: 'eu' }))).toBe(false);
    expect(f.byProperties!(props({ region: 'eu' }))).toBe(false);
  });

  it("a retry topic is filtered with the group's SQL92 selector of each message's original topic", () => {
    const subs: Record<string, SubscriptionData> = {
      Orders: buildSubscriptionData('Orders', "region = 'eu'", 0, 'SQL92'),
      Tagged: buildSubscriptionData('Tagged', 'A', 0),
      Broken: { ...buildSubscriptionData('Broken', 'x', 0, 'SQL92'), subString: 'a >' },
    };
    const source = { subscriptionOf: (group: string, topic: string) => (group === 'G' ? subs[topic] : undefined) };
    const f = messageFilterFor(buildSubscriptionData('%RETRY%G', '*', 0), source)!;
    expect(f.byProperties!(props({ RETRY_TOPIC: 'Orders', region: 'eu' }))).toBe(true);
    expect(f.byProperties!(props({ RETRY_TOPIC: 'Orders', region: 'us' }))).toBe(false);
    // Tag subscriptions, unknown topics, selectors that do not compile and messages without RETRY_TOPIC are kept.
    expect(f.byProperties!(props({ RETRY_TOPIC: 'Tagged', region: 'us' }))).toBe(true);
    expect(f.byProperties!(props({ RETRY_TOPIC: 'Other' }))).toBe(true);
    expect(f.byProperties!(props({ RETRY_TOPIC: 'Broken' }))).toBe(true);
    expect(f.byProperties!(props({ region: 'us' }))).toBe(true);
    // Without filterSupportRetry the retry topic's own subscription (*) applies.
    expect(messageFilterFor(buildSubscriptionData('%RETRY%G', '*', 0))).toBeUndefined();
  });
});
