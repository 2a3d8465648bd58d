/**
 * RocketMQ 5's topic attributes: UPDATE_AND_CREATE_TOPIC carries changes as `+key=value,-key` and the broker keeps
 * the result in TopicConfig.attributes. Only the keys 5.x's TopicAttributes defines are accepted, with their values,
 * so a typo is refused at create time instead of silently typing a topic NORMAL.
 */
export const TOPIC_MESSAGE_TYPE_ATTRIBUTE = 'message.type';

const SUPPORTED: Record<string, readonly string[]> = {
  [TOPIC_MESSAGE_TYPE_ATTRIBUTE]: ['UNSPECIFIED', 'NORMAL', 'FIFO', 'DELAY', 'TRANSACTION', 'MIXED'],
  'queue.type': ['SimpleCQ', 'BatchCQ'],
  'cleanup.policy': ['DELETE', 'COMPACTION'],
};

export class TopicAttributeError extends Error {}

/**
 * Applies an attribute change string to `current` (a topic's attributes, or none for a new topic) and returns the
 * new set. Throws TopicAttributeError with the reason on a malformed or unsupported change.
 */
export function applyTopicAttributes(current: Record<string, string> | undefined, changes: string | undefined, creating: boolean): Record<string, string> {
  const out = { ...current };
  if (!changes || changes.trim() === '') return out;
  const seen = new Set<string>();
  for (const raw of changes.split(',')) {
    const item = raw.trim();
    if (item.length < 2 || (item[0] !== '+' && item[0] !== '-')) throw new TopicAttributeError(`kv string format wrong: ${item}`);
    const eq = item.indexOf('=');
    const key = (eq < 0 ? item.slice(1) : item.slice(1, eq)).trim();
    if (seen.has(key)) throw new TopicAttributeError(`key duplication: ${key}`);
    seen.add(key);
    const allowed = SUPPORTED[key];
    if (!allowed) throw new TopicAttributeError(`unsupported key: ${key}`);
    if (item[0] === '-') {
      if (eq >= 0) throw new TopicAttributeError(`delete attribute must not carry a value: ${item}`);
      if (creating) throw new TopicAttributeError(`only add attribute is supported while creating topic. key: ${key}`);
      delete out[key];
      continue;
    }
    if (eq < 0) throw new TopicAttributeError(`add attribute needs a value: ${item}`);
    const value = item.slice(eq + 1).trim();
    if (!allowed.includes(value)) throw new TopicAttributeError(`value is not in set: [${allowed.join(', ')}]`);
    out[key] = value;
  }
  return out;
}
