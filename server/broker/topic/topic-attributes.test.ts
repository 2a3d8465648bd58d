import { describe, expect, it } from 'vitest';
import { applyTopicAttributes, TopicAttributeError } from './topic-attributes';

describe('applyTopicAttributes', () => {
  it('adds, replaces and deletes', () => {
    expect(applyTopicAttributes(undefined, '+message.type=FIFO', true)).toEqual({ 'message.type': 'FIFO' });
    expect(applyTopicAttributes({ 'message.type': 'FIFO' }, '+message.type=DELAY,+queue.type=SimpleCQ', false)).toEqual({
      'message.type': 'DELAY',
      'queue.type': 'SimpleCQ',
    });
    expect(applyTopicAttributes({ 'message.type': 'FIFO' }, '-message.type', false)).toEqual({});
    expect(applyTopicAttributes({ 'message.type': 'FIFO' }, undefined, false)).toEqual({ 'message.type': 'FIFO' });
  });

  it('refuses unknown keys, bad values, deletes on create and malformed items', () => {
    for (const [changes, creating] of [
      ['+colour=red', true],
      ['+message.type=SOMETIMES', true],
      ['-message.type', true],
      ['message.type=FIFO', true],
      ['+message.type', false],
      ['+message.type=FIFO,+message.type=DELAY', true],
    ] as const) {
      expect(() => applyTopicAttributes(undefined, changes, creating)).toThrow(TopicAttributeError);
    }
  });
});
