/** Tag subscriptions: `*` or `A || B`, with Java's hash codes for the broker-side filter and the client re-filter. */
import { javaStringHashCode } from '../../common/message/tag-hash';
import type { SubscriptionData } from '../../remoting/body/heartbeat';

export const SUB_ALL = '*';

/** Parses a tag expression into SubscriptionData (Java's FilterAPI.buildSubscriptionData). */
export function buildSubscriptionData(topic: string, subString: string | undefined, expressionType = 'TAG'): SubscriptionData {
  const s = (subString ?? '').trim();
  const sub: SubscriptionData = {
    topic,
    subString: s === '' || s === SUB_ALL ? SUB_ALL : s,
    tagsSet: [],
    codeSet: [],
    subVersion: Date.now(),
    expressionType,
    classFilterMode: false,
  };
  if (sub.subString === SUB_ALL || expressionType !== 'TAG') return sub;
  for (const t of s.split('||')) {
    const tag = t.trim();
    if (!tag || sub.tagsSet.includes(tag)) continue;
    sub.tagsSet.push(tag);
    sub.codeSet.push(javaStringHashCode(tag));
  }
  return sub;
}

/** Client-side re-filter: hash collisions let the broker pass messages whose tag is not subscribed. */
export function tagMatches(sub: SubscriptionData, tags: string | undefined): boolean {
  if (sub.expressionType !== 'TAG' || sub.tagsSet.length === 0) return true;
  return tags !== undefined && sub.tagsSet.includes(tags);
}
