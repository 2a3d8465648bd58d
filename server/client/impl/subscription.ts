/**
 * Subscriptions: tag expressions (`*` or `A || B`, with Java's hash codes for the broker-side filter and the client
 * re-filter) and SQL92 selectors over message properties (filtered by the broker only).
 */
import { javaStringHashCode } from '../../common/message/tag-hash';
import { compileFilter } from '../../filter';
import type { SubscriptionData } from '../../remoting/body/heartbeat';

export const SUB_ALL = '*';

/**
 * What a consumer receives from a topic: a tag expression (`'*'`, `'TagA || TagB'`, or `{ tag }`), or an SQL92
 * selector over the message properties, `{ sql: "a > 5 AND region IN ('eu','us')" }` (Java's
 * `MessageSelector.bySql`; the broker needs `enablePropertyFilter=true`).
 */
export type MessageSelector = string | { readonly tag: string } | { readonly sql: string };

/**
 * SubscriptionData for a selector. An SQL92 selector is compiled here first, so a mistake fails the
 * `subscribe()` call with the parser's reason (FilterCompileError) instead of surfacing as a broker refusal.
 */
export function subscriptionOf(topic: string, selector: MessageSelector = SUB_ALL): SubscriptionData {
  if (typeof selector === 'string') return buildSubscriptionData(topic, selector);
  if ('sql' in selector) {
    compileFilter(selector.sql);
    return buildSubscriptionData(topic, selector.sql, 'SQL92');
  }
  return buildSubscriptionData(topic, selector.tag);
}

/** Parses a tag expression into SubscriptionData (Java's FilterAPI.buildSubscriptionData). */
export function buildSubscriptionData(topic: string, subString: string | undefined, expressionType = 'TAG'): SubscriptionData {
  const s = (subString ?? '').trim();
  // An SQL92 selector travels as written (Java's FilterAPI.build).
  if (expressionType !== 'TAG') return { topic, subString: subString ?? '', tagsSet: [], codeSet: [], subVersion: Date.now(), expressionType, classFilterMode: false };
  const sub: SubscriptionData = {
    topic,
    subString: s === '' || s === SUB_ALL ? SUB_ALL : s,
    tagsSet: [],
    codeSet: [],
    subVersion: Date.now(),
    expressionType,
    classFilterMode: false,
  };
  if (sub.subString === SUB_ALL) return sub;
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
