/** Subscription expressions → SubscriptionData: tag expressions (`*`, `TagA || TagB`) and SQL92 selectors. */
import { javaStringHashCode } from '../../common/message/tag-hash';
import type { SubscriptionData } from '../../remoting/body/heartbeat';

export const SUB_ALL = '*';

export class SubscriptionParseError extends Error {}

export function buildSubscriptionData(topic: string, subString: string | undefined, subVersion: number, expressionType = 'TAG'): SubscriptionData {
  const s = (subString ?? '').trim();
  const data: SubscriptionData = { topic, subString: SUB_ALL, tagsSet: [], codeSet: [], subVersion, expressionType, classFilterMode: false };
  if (expressionType && expressionType !== 'TAG') {
    // Apache's FilterAPI.build: the selector is kept as written (compiled by the pull), only an empty one is refused.
    if (!subString) throw new SubscriptionParseError(`Expression can't be null! ${expressionType}`);
    return { ...data, subString };
  }
  if (!s || s === SUB_ALL) return data;
  data.subString = s;
  for (const raw of s.split('||')) {
    const tag = raw.trim();
    if (!tag) continue;
    data.tagsSet.push(tag);
    data.codeSet.push(javaStringHashCode(tag));
  }
  if (data.tagsSet.length === 0) throw new SubscriptionParseError(`subscription "${s}" names no tag`);
  return data;
}

/** Broker-side filter over the ConsumeQueue tag code; clients filter again by the tag string. */
export function tagCodeFilter(sub: SubscriptionData | undefined): ((tagsCode: number) => boolean) | undefined {
  if (!sub || sub.classFilterMode || sub.subString === SUB_ALL || sub.tagsSet.length === 0) return undefined;
  const codes = new Set(sub.codeSet.map((c) => c | 0));
  return (tagsCode: number) => codes.has(tagsCode | 0);
}
