import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { logger } from '../../common/logger';
import type { RemotingChannel } from '../../remoting/remoting-channel';
import { RemotingCommand } from '../../remoting/remoting-command';
import type { MessageFilter } from '../../store/message-store';
import { PullRequestHoldService, type HeldPull } from './pull-request-hold-service';

function fakeChannel(): RemotingChannel {
  const ch = new EventEmitter() as EventEmitter & { closed: boolean };
  ch.closed = false;
  return ch as unknown as RemotingChannel;
}

function held(channel: RemotingChannel, offset: number, filter?: MessageFilter): HeldPull {
  return { request: RemotingCommand.request(11), channel, topic: 'T', queueId: 0, pullFromThisOffset: offset, filter };
}

describe('PullRequestHoldService', () => {
  it('wakes a held pull when a matching message arrives past its offset, and only then', () => {
    const s = new PullRequestHoldService(logger);
    const woken: HeldPull[] = [];
    s.setWakeUp((h) => woken.push(h));
    const ch = fakeChannel();
    const h = held(ch, 3, { byTagsCode: (t) => t === 7 });
    s.suspend(h, 10_000);
    s.notifyMessageArriving('T', 0, 3, 7); // not past the offset
    s.notifyMessageArriving('T', 0, 4, 8); // tag does not match
    s.notifyMessageArriving('T', 1, 9, 7); // other queue
    expect(woken).toHaveLength(0);
    s.notifyMessageArriving('T', 0, 4, 7);
    expect(woken).toEqual([h]);
    expect(s.heldCount()).toBe(0);
  });

  it('an SQL92 pull is woken only by an arrival whose properties its filter matches', () => {
    const s = new PullRequestHoldService(logger);
    const woken: HeldPull[] = [];
    s.setWakeUp((h) => woken.push(h));
    const h = held(fakeChannel(), 0, { byProperties: (p) => p.includes('a\u00011') });
    s.suspend(h, 10_000);
    s.notifyMessageArriving('T', 0, 1, 0, 'a\u00012');
    expect(woken).toHaveLength(0);
    s.notifyMessageArriving('T', 0, 2, 0, 'a\u00011');
    expect(woken).toEqual([h]);
  });

  it('leaves no close listener behind on a long-lived connection', () => {
    const s = new PullRequestHoldService(logger);
    s.setWakeUp(() => {});
    const ch = fakeChannel();
    for (let i = 0; i < 50; i++) {
      s.suspend(held(ch, i), 10_000);
      s.notifyMessageArriving('T', 0, i + 1);
    }
    expect((ch as unknown as EventEmitter).listenerCount('close')).toBe(0);
  });

  it('forgets the pulls of a connection that closes', () => {
    const s = new PullRequestHoldService(logger);
    const woken: HeldPull[] = [];
    s.setWakeUp((h) => woken.push(h));
    const ch = fakeChannel();
    s.suspend(held(ch, 0), 10_000);
    (ch as unknown as EventEmitter).emit('close');
    s.notifyMessageArriving('T', 0, 5);
    expect(woken).toHaveLength(0);
    expect(s.heldCount()).toBe(0);
  });
});
