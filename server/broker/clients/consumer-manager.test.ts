import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { RemotingChannel } from '../../remoting/remoting-channel';
import type { SubscriptionData } from '../../remoting/body/heartbeat';
import { ConsumerManager, type ClientChannelInfo } from './consumer-manager';

const channel = (name: string) => ({ remoteAddr: name, closed: false }) as unknown as RemotingChannel;
const info = (ch: RemotingChannel, clientId = 'c1'): ClientChannelInfo => ({ channel: ch, clientId, language: 'JAVA', version: 0, lastUpdateTimestamp: Date.now() });
const sub = (topic: string, subVersion = 1): SubscriptionData => ({ topic, subString: '*', tagsSet: [], codeSet: [], subVersion, expressionType: 'TAG', classFilterMode: false });

function manager() {
  const notified: { group: string; channels: RemotingChannel[] }[] = [];
  const m = new ConsumerManager((group, channels) => notified.push({ group, channels }), pino({ level: 'silent' }));
  const register = (ch: RemotingChannel, subs: SubscriptionData[], clientId?: string) =>
    m.registerConsumer('g', info(ch, clientId), 'CONSUME_PASSIVELY', 'CLUSTERING', 'CONSUME_FROM_LAST_OFFSET', subs, true);
  return { m, notified, register };
}

describe('ConsumerManager.registerConsumer', () => {
  it('tells the group to rebalance when a member joins, and not on a repeated heartbeat', () => {
    const { notified, register } = manager();
    const a = channel('a');
    expect(register(a, [sub('t')])).toBe(true);
    expect(register(a, [sub('t')])).toBe(false);
    const b = channel('b');
    expect(register(b, [sub('t')], 'c2')).toBe(true);
    expect(notified.map((n) => n.channels.length)).toEqual([1, 2]);
  });

  it('tells the group when a member subscribes to another topic or drops one, as Apache does', () => {
    const { m, notified, register } = manager();
    const a = channel('a');
    register(a, [sub('t')]);
    expect(register(a, [sub('t'), sub('u')])).toBe(true);
    expect(register(a, [sub('u')])).toBe(true);
    expect(notified).toHaveLength(3);
    expect([...m.getGroup('g')!.subscriptions.keys()]).toEqual(['u']);
  });

  it('takes a newer subscription version without a rebalance of the others', () => {
    const { m, notified, register } = manager();
    const a = channel('a');
    register(a, [sub('t', 1)]);
    expect(register(a, [{ ...sub('t', 2), subString: 'tagA' }])).toBe(false);
    expect(notified).toHaveLength(1);
    expect(m.getGroup('g')!.subscriptions.get('t')!.subString).toBe('tagA');
  });
});
