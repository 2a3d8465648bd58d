/**
 * The MessageFilter a pull reads with (Apache's ExpressionMessageFilter / ExpressionForRetryMessageFilter): the
 * ConsumeQueue tag code for tag subscriptions, the record's properties for SQL92 ones, and for a group's retry
 * topic the group's SQL92 filter of the topic each retried message came from.
 */
import { decodeProperties } from '../../common/message/properties';
import { MessageConst } from '../../common/message/message-const';
import { compileFilter, isTagType, type CompiledFilter } from '../../filter';
import type { SubscriptionData } from '../../remoting/body/heartbeat';
import type { MessageFilter } from '../../store/message-store';
import { tagCodeFilter } from './filter-api';

const RETRY_PREFIX = '%RETRY%';

/** The compiled selector of an SQL92 subscription (FilterCompileError when it does not compile); undefined for tags. */
export function sqlFilterOf(sub: SubscriptionData): CompiledFilter | undefined {
  return isTagType(sub.expressionType) ? undefined : compileFilter(sub.subString, sub.expressionType);
}

export interface RetryFilterSource {
  /** The group's current subscription to a topic (from its heartbeats), if any. */
  subscriptionOf(group: string, topic: string): SubscriptionData | undefined;
}

/**
 * The filter for one pull. `retry` is given when retry topics are filtered (filterSupportRetry with
 * enablePropertyFilter): then a `%RETRY%group` pull keeps the messages the group's SQL92 filter of their original
 * topic matches; a message whose original subscription is by tag, or does not compile, is kept (Apache's rule).
 */
export function messageFilterFor(sub: SubscriptionData | undefined, retry?: RetryFilterSource): MessageFilter | undefined {
  if (!sub || sub.classFilterMode) return undefined;
  if (retry && sub.topic.startsWith(RETRY_PREFIX)) {
    const group = sub.topic.slice(RETRY_PREFIX.length);
    return {
      byProperties: (properties) => {
        const props = decodeProperties(properties);
        const realTopic = props[MessageConst.RETRY_TOPIC];
        const real = realTopic ? retry.subscriptionOf(group, realTopic) : undefined;
        if (!real || isTagType(real.expressionType)) return true;
        let f: CompiledFilter;
        try {
          f = compileFilter(real.subString, real.expressionType);
        } catch {
          return true;
        }
        return f.matchesMap(props);
      },
    };
  }
  const sql = sqlFilterOf(sub);
  if (sql) return { byProperties: (p) => sql.matchesPropertyString(p) };
  const byTag = tagCodeFilter(sub);
  return byTag ? { byTagsCode: byTag } : undefined;
}
